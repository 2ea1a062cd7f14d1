"""The map page's data in two parts: shapes (TopoJSON at a content-hashed address, kept a
year) and the shading of one date (small, through the page cache); popups ask for a place."""

import datetime
import gzip
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jurisdictions.topojson import Topology
from tests.factories import JurisdictionFactory, MapCategoryFactory, PolicyFactory, square

pytestmark = pytest.mark.django_db

PLACES = "/api/maps/detainer-policies/places/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def geometry_src(client) -> str:
    return client.get("/maps/detainer-policies/").context["map_config"]["geometrySrc"]


def test_geometry_is_topojson_with_shared_borders_kept_for_a_year(client, detainer_map):
    url = geometry_src(client)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Encoding"] == "gzip"
    topology = json.loads(gzip.decompress(response.content))
    assert topology["type"] == "Topology"
    assert "transform" in topology
    places = {feature.id: feature for feature in Topology(topology).features("places")}
    assert set(places) == {"48201", "48453", "48141"}
    # The names come apart (see the names document): the search needs them, the drawing not.
    assert places["48201"].properties == {"state": "TX"}
    # No policy in the shapes: they serve every date.
    assert b"hold-policy" not in gzip.decompress(response.content)
    # The decoded square is Harris County's square, to the grid's precision.
    ring = places["48201"].polygons[0][0]
    assert min(x for x, _ in ring) == pytest.approx(-96, abs=0.01)


def test_the_names_come_in_their_own_document_kept_for_a_year(client, detainer_map):
    names_src = client.get("/maps/detainer-policies/").context["map_config"]["namesSrc"]
    response = client.get(names_src)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.json() == {
        "places": {"48201": "Harris County", "48453": "Travis County", "48141": "El Paso County"}
    }
    outdated = client.get("/api/maps/detainer-policies/names/0123456789/")
    assert outdated.status_code == 302
    assert outdated["Location"] == names_src


def test_a_place_smaller_than_a_cell_of_the_grid_is_still_drawn(client, texas):
    from maps.models import PolicyMap

    PolicyMap.objects.create(
        slug="detainer-policies", title="D", level="county", is_published=True
    )
    # The grid spans the country: a town of 200 m across falls inside one of its cells.
    JurisdictionFactory(level="county", geoid="48001", boundary=square(-170, 20), parent=texas)
    JurisdictionFactory(level="county", geoid="48002", boundary=square(-70, 60), parent=texas)
    JurisdictionFactory(
        level="county", geoid="48003", boundary=square(-97.3, 31.2, 0.002), parent=texas
    )
    topology = client.get(geometry_src(client)).json()
    places = {feature.id: feature for feature in Topology(topology).features("places")}

    tiny = places["48003"].polygons
    assert len(tiny) == 1
    ring = tiny[0][0]
    assert len(set(ring)) >= 3
    # Drawn where the town is, a cell or so around it.
    assert min(x for x, _ in ring) <= -97.3 <= max(x for x, _ in ring)
    assert min(y for _, y in ring) <= 31.2 <= max(y for _, y in ring)
    assert max(x for x, _ in ring) - min(x for x, _ in ring) < 0.2


def test_neighbours_share_their_border_as_one_arc(client, texas):
    from maps.models import PolicyMap

    PolicyMap.objects.create(
        slug="detainer-policies", title="D", level="county", is_published=True
    )
    # Two squares side by side: their common edge is stored once.
    JurisdictionFactory(level="county", geoid="48001", boundary=square(-97, 31), parent=texas)
    JurisdictionFactory(level="county", geoid="48002", boundary=square(-96, 31), parent=texas)
    topology = client.get(geometry_src(client)).json()
    refs = [
        abs(index if index >= 0 else ~index)
        for geometry in topology["objects"]["places"]["geometries"]
        for ring in geometry["arcs"]
        for index in ring
    ]
    assert len(refs) > len(set(refs)), topology["arcs"]


def test_the_geometry_address_changes_when_a_boundary_changes(
    client, django_capture_on_commit_callbacks, detainer_map
):
    from jurisdictions.models import Jurisdiction

    before = geometry_src(client)
    harris = Jurisdiction.objects.get(geoid="48201")
    harris.boundary = square(-95.5, 30.5)
    with django_capture_on_commit_callbacks(execute=True):
        harris.save()
    after = geometry_src(client)

    assert after != before
    # An outdated address points to the current one, and is not kept.
    old = client.get(before)
    assert old.status_code == 302
    assert old["Location"] == after
    assert "immutable" not in old.get("Cache-Control", "")


def test_the_shading_of_a_date_is_small_and_names_only_shaded_places(client, detainer_map):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    today = client.get(PLACES).json()
    earlier = client.get(PLACES, {"as_of": yesterday.isoformat()}).json()

    assert today["categories"] == ["hold-policy", "no-holds-no-access"]
    assert today["places"] == {"48201": 0}
    assert today["counts"] == {"hold-policy": 1, "no-holds-no-access": 0, "": 2}
    assert today["is_today"] is True
    assert today["showing"] == "Showing the policies in force today."
    assert earlier["places"] == {"48201": 0, "48453": 1}
    assert earlier["counts"] == {"hold-policy": 1, "no-holds-no-access": 1, "": 1}
    assert earlier["showing"].startswith("Showing the policies in force on ")


def test_the_shading_is_served_from_the_page_cache_until_a_policy_changes(
    client, settings, django_capture_on_commit_callbacks, detainer_map
):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get(PLACES, {"as_of": "2024-06-01"})
    second = client.get(PLACES, {"as_of": "2024-06-01"})
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second["Cache-Control"] == "public, no-cache"

    category = detainer_map["map"].categories.get(slug="no-holds-no-access")
    with django_capture_on_commit_callbacks(execute=True):
        PolicyFactory(
            category=category,
            jurisdiction=JurisdictionFactory(level="county", geoid="48999", name="New County"),
            effective_date=datetime.date(2020, 1, 1),
        )
    third = client.get(PLACES, {"as_of": "2024-06-01"})
    assert third["X-Page-Cache"] == "miss"
    assert third.json()["places"]["48999"] == 1


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "3024-01-01", "1800-01-01"])
def test_a_bad_date_is_a_clear_400(client, detainer_map, value):
    for url in (PLACES, "/api/maps/detainer-policies/places/48201/"):
        response = client.get(url, {"as_of": value})
        assert response.status_code == 400
        assert response.json()["as_of"][0]


def test_a_bad_language_is_a_clear_400(client, detainer_map):
    response = client.get(PLACES, {"lang": "fr"})
    assert response.status_code == 400
    assert "lang" in response.json()


def test_a_place_popup_has_its_policy_on_the_date(client, detainer_map):
    harris = client.get("/api/maps/detainer-policies/places/48201/").json()
    earlier = client.get(
        "/api/maps/detainer-policies/places/48201/", {"as_of": "2019-02-28"}
    ).json()

    assert harris["name"] == "Harris County"
    assert harris["category_label"] == "ICE hold policy"
    assert harris["summary"] == "Harris County jail honours some detainers."
    assert harris["source_url"] == "https://example.org/harris-memo"
    assert harris["effective_date"] == "2019-03-01"
    assert harris["url"] == "/jurisdictions/48201/"
    assert earlier["category"] is None
    assert client.get("/api/maps/detainer-policies/places/99999/").status_code == 404
    # The state is not a place of a county map.
    assert client.get("/api/maps/detainer-policies/places/48/").status_code == 404


def test_a_map_of_agreements_shades_a_county_through_its_agency(client, texas_with_counties):
    from maps.models import PolicyMap

    _texas, counties = texas_with_counties
    agreements = PolicyMap.objects.create(
        slug="287g",
        title="287(g)",
        level="county",
        show_agencies=True,
        multiple_categories=True,
        is_published=True,
    )
    task_force = MapCategoryFactory(policy_map=agreements, slug="task-force", position=1)
    sheriff = JurisdictionFactory(
        level="agency",
        geoid="48201-SO",
        name="Harris County Sheriff's Office",
        parent=counties["Harris County"],
        boundary=None,
        point="POINT(-95.4 29.8)",
    )
    PolicyFactory(
        category=task_force, jurisdiction=sheriff, effective_date=datetime.date(2025, 1, 1)
    )

    shading = client.get("/api/maps/287g/places/").json()
    topology = client.get(client.get("/maps/287g/").context["map_config"]["geometrySrc"]).json()
    popup = client.get("/api/maps/287g/places/48201/").json()

    assert shading["places"] == {"48201": 0, "48201-SO": 0}
    assert [g["id"] for g in topology["objects"]["agencies"]["geometries"]] == ["48201-SO"]
    assert topology["objects"]["agencies"]["geometries"][0]["type"] == "Point"
    assert popup["agreements"][0]["agency"] == "Harris County Sheriff's Office"
    assert popup["agreements"][0]["category"] == task_force.label


def test_map_page_names_both_documents_in_preload_links(client, detainer_map):
    page = client.get("/maps/detainer-policies/").content.decode()
    config = client.get("/maps/detainer-policies/").context["map_config"]

    assert f'<link rel="preload" href="{config["geometrySrc"]}"' in page
    assert f'<link rel="preload" href="{config["shadingSrc"].replace("&", "&amp;")}"' in page
    assert "featuresSrc" not in config


def test_split_data_queries_do_not_grow_with_places(client, django_assert_num_queries, texas):
    from maps.models import PolicyMap

    county_map = PolicyMap.objects.create(
        slug="detainer-policies", title="D", level="county", is_published=True
    )
    category = MapCategoryFactory(policy_map=county_map)
    PolicyFactory(category=category, jurisdiction=JurisdictionFactory(level="county"))
    urls = [
        PLACES,
        "/api/maps/detainer-policies/places/" + county_map.policies.get().jurisdiction.geoid + "/",
    ]
    counts = []
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few))
    for _ in range(30):
        PolicyFactory(category=category, jurisdiction=JurisdictionFactory(level="county"))
    for url, count in zip(urls, counts, strict=True):
        cache.clear()
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    # The shapes, built when not cached: the map, then every place in one query.
    for _ in range(30):
        JurisdictionFactory(level="county")
    cache.clear()
    geometry = geometry_src(client)
    cache.clear()
    with django_assert_num_queries(2):
        response = client.get(geometry)
    assert len(response.json()["objects"]["places"]["geometries"]) == 61
