"""The map data API: GeoJSON features, legend, policies, caching and conditional GET."""

import datetime
import gzip

import pytest
from django.utils import timezone

from core.publishing import Status
from jurisdictions.models import Jurisdiction, Level
from maps.models import Policy
from tests.factories import JurisdictionFactory, PolicyFactory, PolicyMapFactory, square

pytestmark = pytest.mark.django_db

FEATURES = "/api/maps/detainer-policies/features/"


def features_by_geoid(response):
    return {feature["id"]: feature for feature in response.json()["features"]}


def test_features_are_one_per_county_with_the_policy_in_force(client, detainer_map):
    response = client.get(FEATURES)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    features = features_by_geoid(response)
    # Counties only: the state of Texas is not a shape of a county map.
    assert set(features) == {"48201", "48453", "48141"}
    harris = features["48201"]
    assert harris["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert harris["properties"] == {
        "geoid": "48201",
        "name": "Harris County",
        "kind": "county",
        "state": "TX",
        "category": "hold-policy",
        "category_label": "ICE hold policy",
        "color": "#1f78b4",
        "effective_date": "2019-03-01",
        "last_verified": "2024-05-01",
        "summary": "Harris County jail honours some detainers.",
        "summary_untranslated": False,
        "source_title": "Sheriff's memo",
        "source_title_untranslated": False,
        "source_url": "https://example.org/harris-memo",
        "agreements": None,  # only on maps whose places hold several categories at once
        "url": "/jurisdictions/48201/",
    }
    el_paso = features["48141"]["properties"]
    assert el_paso["category"] is None
    assert el_paso["color"] is None


def test_coordinates_are_rounded_for_a_small_response(client, detainer_map):
    geometry = features_by_geoid(client.get(FEATURES))["48141"]["geometry"]
    rings = geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        rings = [ring for polygon in rings for ring in polygon]
    flat = [value for ring in rings for point in ring for value in point]
    # El Paso's test square starts at -99.9: three decimals at most.
    assert -99.9 in flat
    assert all(round(value, 3) == value for value in flat)


def test_as_of_shows_a_policy_that_ended_yesterday_only_on_earlier_dates(client, detainer_map):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    today_travis = features_by_geoid(client.get(FEATURES))["48453"]["properties"]
    earlier_travis = features_by_geoid(client.get(FEATURES, {"as_of": yesterday.isoformat()}))[
        "48453"
    ]["properties"]
    before_harris = features_by_geoid(client.get(FEATURES, {"as_of": "2019-02-28"}))["48201"]

    assert today_travis["category"] is None
    assert earlier_travis["category"] == "no-holds-no-access"
    assert earlier_travis["summary"] == "Travis County refused holds."
    assert before_harris["properties"]["category"] is None


@pytest.mark.parametrize(
    "value", ["yesterday", "2024-13-45", "2024-02-30", "12/31/2024", "0001-01-01"]
)
def test_a_bad_as_of_is_a_400_naming_the_parameter(client, detainer_map, value):
    response = client.get(FEATURES, {"as_of": value})

    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]
    assert response.json()["as_of"][0]


def test_draft_policies_and_unpublished_maps_stay_hidden(client, detainer_map):
    PolicyFactory(
        category=detainer_map["no_holds"],
        jurisdiction=detainer_map["counties"]["El Paso County"],
        status=Status.DRAFT,
        summary="Not reviewed yet.",
    )
    scheduled = timezone.now() + datetime.timedelta(days=3)
    PolicyFactory(
        category=detainer_map["no_holds"],
        jurisdiction=detainer_map["counties"]["Travis County"],
        effective_date=timezone.localdate(),
        publish_at=scheduled,
    )
    features = features_by_geoid(client.get(FEATURES))
    assert features["48141"]["properties"]["category"] is None
    assert features["48453"]["properties"]["category"] is None

    draft_map = PolicyMapFactory(slug="draft-map", is_published=False)
    assert client.get(f"/api/maps/{draft_map.slug}/features/").status_code == 404
    assert client.get(f"/api/maps/{draft_map.slug}/").status_code == 404
    assert client.get("/api/maps/no-such-map/features/").status_code == 404
    assert [m["slug"] for m in client.get("/api/maps/").json()] == ["detainer-policies"]


def test_markup_in_a_summary_comes_back_as_plain_data(client, detainer_map):
    harris = detainer_map["harris"]
    harris.summary = '<script>alert("x")</script> & "quotes"'
    harris.save()
    features = features_by_geoid(client.get(FEATURES))
    assert features["48201"]["properties"]["summary"] == harris.summary


def test_agency_points_on_maps_that_show_agencies(client, detainer_map):
    policy_map = detainer_map["map"]
    policy_map.show_agencies = True
    policy_map.save()
    from django.contrib.gis.geos import Point

    sheriff = JurisdictionFactory(
        level=Level.AGENCY,
        name="Harris County Sheriff's Office",
        geoid="48201-so",
        state_code="TX",
        parent=detainer_map["counties"]["Harris County"],
        point=Point(-95.36, 29.76, srid=4326),
    )
    PolicyFactory(category=detainer_map["hold"], jurisdiction=sheriff)

    features = features_by_geoid(client.get(FEATURES))

    assert features["48201-so"]["geometry"] == {"type": "Point", "coordinates": [-95.36, 29.76]}
    assert features["48201-so"]["properties"]["kind"] == "agency"
    assert features["48201-so"]["properties"]["category"] == "hold-policy"
    assert features["48201"]["properties"]["kind"] == "county"


def test_the_number_of_queries_does_not_grow_with_the_map(
    client, detainer_map, django_assert_num_queries
):
    # The map, its legend, the features, the last change, and the next scheduled change.
    with django_assert_num_queries(5):
        assert client.get(FEATURES).status_code == 200

    texas = detainer_map["texas"]
    for n in range(40):
        county = Jurisdiction.objects.create(
            level=Level.COUNTY,
            name=f"Test County {n}",
            geoid=f"48{n + 500:03d}",
            state_code="TX",
            parent=texas,
            slug=f"test-county-{n}",
            boundary=square(-104 + n * 0.1, 33, 0.1),
        )
        PolicyFactory(category=detainer_map["hold"], jurisdiction=county)
    with django_assert_num_queries(5):
        response = client.get(FEATURES, {"as_of": "2024-06-01"})
    assert len(response.json()["features"]) == 43
    # A cached answer needs only the map.
    with django_assert_num_queries(1):
        client.get(FEATURES, {"as_of": "2024-06-01"})


def test_cached_features_change_when_a_policy_changes(
    client, detainer_map, django_capture_on_commit_callbacks
):
    first = client.get(FEATURES)
    assert features_by_geoid(first)["48201"]["properties"]["category"] == "hold-policy"

    with django_capture_on_commit_callbacks(execute=True):
        Policy.objects.filter(pk=detainer_map["harris"].pk).update()  # no signal: stays cached
        harris = detainer_map["harris"]
        harris.category = detainer_map["no_holds"]
        harris.save()

    second = client.get(FEATURES)
    assert features_by_geoid(second)["48201"]["properties"]["category"] == "no-holds-no-access"
    assert second["ETag"] != first["ETag"]


def test_a_revisit_with_the_etag_is_304(client, detainer_map):
    first = client.get(FEATURES)
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]

    again = client.get(FEATURES, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    other_day = client.get(
        FEATURES, {"as_of": "2019-01-01"}, headers={"If-None-Match": first["ETag"]}
    )
    assert other_day.status_code == 200


def test_map_metadata_has_the_ordered_legend_with_todays_counts(client, detainer_map):
    response = client.get("/api/maps/detainer-policies/")

    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Detainer policies"
    assert data["level"] == "county"
    assert data["sample_data"] is True
    assert data["last_updated"] == timezone.localdate().isoformat()
    assert data["features_url"] == FEATURES
    assert [(e["slug"], e["count"]) for e in data["legend"]] == [
        ("hold-policy", 1),
        ("no-holds-no-access", 0),
    ]


def test_policies_list_every_published_policy_with_its_history(client, detainer_map):
    response = client.get("/api/maps/detainer-policies/policies/")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    travis = next(p for p in data["results"] if p["jurisdiction"]["geoid"] == "48453")
    assert travis["end_date"] == (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert travis["category"] == "no-holds-no-access"
    assert travis["jurisdiction"]["name"] == "Travis County"

    today = client.get("/api/maps/detainer-policies/policies/", {"as_of": timezone.localdate()})
    assert [p["jurisdiction"]["geoid"] for p in today.json()["results"]] == ["48201"]
    assert (
        client.get("/api/maps/detainer-policies/policies/", {"as_of": "nope"}).status_code == 400
    )


def test_the_map_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    for path in (
        "/api/maps/",
        "/api/maps/{slug}/",
        "/api/maps/{slug}/features/",
        "/api/maps/{slug}/policies/",
    ):
        assert path in schema["paths"]


def test_features_are_sent_compressed_to_clients_that_accept_gzip(client, detainer_map):
    plain = client.get(FEATURES)
    compressed = client.get(FEATURES, headers={"Accept-Encoding": "gzip, deflate, br"})

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] == plain["ETag"]


def test_features_for_a_spanish_page_link_to_spanish_pages(client, detainer_map):
    spanish = features_by_geoid(client.get(FEATURES, {"lang": "es"}))
    english = features_by_geoid(client.get(FEATURES, {"lang": ""}))
    assert client.get(FEATURES, {"lang": "xx"}).status_code == 400

    assert spanish["48201"]["properties"]["url"] == "/es/jurisdictions/48201/"
    assert english["48201"]["properties"]["url"] == "/jurisdictions/48201/"


@pytest.mark.parametrize(
    ("size", "status"), [("1000", 200), ("1001", 400), ("100000", 400), ("0", 400)]
)
def test_policies_page_size_is_refused_past_its_limit_like_the_rest_of_the_api(
    client, detainer_map, size, status
):
    response = client.get("/api/maps/detainer-policies/policies/", {"page_size": size})
    assert response.status_code == status
    if status == 400:
        assert response.json()["page_size"] == ["Enter a whole number from 1 to 1000."]
