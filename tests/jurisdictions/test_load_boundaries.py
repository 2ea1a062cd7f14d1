"""load_boundaries on the boundary file shipped in the repository."""

import datetime
import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.utils import translation

from jurisdictions.fips import county_name
from jurisdictions.models import Jurisdiction

pytestmark = pytest.mark.django_db


def test_loads_every_state_and_county_once():
    out = io.StringIO()
    call_command("load_boundaries", stdout=out)
    assert "3287 created" in out.getvalue()

    states = Jurisdiction.objects.states()
    assert states.count() == 56  # 50 states, DC and 5 territories
    dc = states.get(geoid="11")
    assert (dc.postal_code, dc.name) == ("DC", "District of Columbia")
    assert states.get(postal_code="PR").geoid == "72"
    assert Jurisdiction.objects.counties().count() > 3100

    harris = Jurisdiction.objects.get(geoid="48201")
    assert harris.name == "Harris County"
    assert harris.parent.name == "Texas"
    assert harris.state_code == "TX"
    assert harris.slug == "harris-county-tx"
    assert harris.boundary.geom_type == "MultiPolygon"
    assert harris.boundary.srid == 4326
    assert harris.boundary.valid
    # Houston lies in Harris County.
    assert harris.boundary.contains(Point(-95.37, 29.76, srid=4326))
    assert not Jurisdiction.objects.counties().filter(boundary__isnull=True).exists()
    # Every county has a shape with an area, the smallest too: the file flattens Falls Church,
    # Virginia into a line; it keeps the box of that line, around the city's centre.
    assert all(county.boundary.area > 0 for county in Jurisdiction.objects.counties())
    falls_church = Jurisdiction.objects.get(geoid="51610")
    assert falls_church.boundary.contains(Point(-77.1711, 38.8823, srid=4326))
    assert not Jurisdiction.objects.counties().filter(parent__isnull=True).exists()

    out = io.StringIO()
    call_command("load_boundaries", stdout=out)
    assert "0 created, 0 updated, 3287 unchanged" in out.getvalue()
    assert Jurisdiction.objects.count() == 3287


@pytest.mark.parametrize(
    ("geoid", "bare", "full"),
    [
        ("48201", "Harris", "Harris County"),
        ("22071", "Orleans", "Orleans Parish"),
        ("51760", "Richmond", "Richmond city"),
        ("51159", "Richmond", "Richmond County"),
        ("24510", "Baltimore", "Baltimore city"),
        ("02020", "Anchorage", "Anchorage"),
        ("11001", "District of Columbia", "District of Columbia"),
        ("72127", "San Juan", "San Juan Municipio"),
        ("32510", "Carson City", "Carson City"),
    ],
)
def test_county_names_get_the_census_suffix(geoid, bare, full):
    assert county_name(geoid, bare) == full


def test_demo_maps_on_the_real_boundaries():
    from demo.maps import load_demo_maps
    from maps.models import Policy, PolicyMap

    call_command("load_boundaries", stdout=io.StringIO())
    with translation.override("es"):  # a Spanish request or shell: the texts stay English
        load_demo_maps()
    counts = {m.slug: m.policies.count() for m in PolicyMap.objects.published()}
    load_demo_maps()  # a second run adds nothing
    assert {m.slug: m.policies.count() for m in PolicyMap.objects.all()} == counts

    state_map = PolicyMap.objects.get(slug="state-enforcement-laws")
    assert not state_map.sample_data
    assert list(state_map.categories.values_list("slug", flat=True)) == [
        "limits-cooperation",
        "mandates-cooperation",
        "no-statewide-law",
    ]
    texas_law = Policy.objects.get(policy_map=state_map, jurisdiction__postal_code="TX")
    assert texas_law.category.slug == "mandates-cooperation"
    assert texas_law.source_url.startswith("https://capitol.texas.gov/")
    assert texas_law.summary_en and texas_law.source_title_en and not texas_law.summary_es
    # Only reviewed states are placed: no invented "no statewide law" claims.
    assert not state_map.policies.filter(category__slug="no-statewide-law").exists()

    detainers = PolicyMap.objects.get(slug="detainer-policies")
    assert detainers.sample_data
    assert list(detainers.categories.values_list("slug", flat=True)) == [
        "hold-policy",
        "no-holds-no-access",
        "no-holds-no-notifications-no-access",
        "statewide-limit",
        "possible-fourth-amendment-violation",
    ]
    assert detainers.policies.in_force().count() > 200
    assert detainers.policies.filter(end_date__isnull=False).exists()  # some history
    sample = detainers.policies.first()
    assert sample.summary.startswith("Sample data")
    assert sample.source_url.startswith("https://example.org/sample/")

    agreements = PolicyMap.objects.get(slug="287g-agreements")
    assert agreements.show_agencies and agreements.multiple_categories
    assert not agreements.sample_data
    on = datetime.date(2025, 7, 18)
    signed = agreements.policies.in_force(on).exclude(category__slug="pending")
    assert signed.count() == 832  # every row of ICE's list of that day
    assert agreements.policies.in_force(datetime.date(2025, 5, 16)).count() == 618
    assert agreements.policies.in_force(on).filter(category__slug="pending").count() == 25
    assert not agreements.policies.filter(source_url__startswith="https://example.org").exists()
    colbert = signed.filter(jurisdiction__parent__geoid="01033")
    assert colbert.count() == 3
    assert {p.source_title for p in colbert} == {"ICE, list of 2025-07-18"}

    colours = [c.color for c in detainers.categories.all()]
    assert len(set(colours)) == len(colours)
