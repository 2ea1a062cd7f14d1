"""load_boundaries on the boundary file shipped in the repository."""

import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

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
