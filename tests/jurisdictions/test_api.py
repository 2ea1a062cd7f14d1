"""The jurisdictions API: list filters, bad values, and each one's current policies."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.publishing import Status

from ..factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

pytestmark = pytest.mark.django_db


def geoids(response):
    return [item["geoid"] for item in response.json()["results"]]


def test_list_filters_by_level_state_and_name(client, texas_with_counties, california):
    everything = client.get("/api/jurisdictions/")
    assert everything.status_code == 200
    assert everything.json()["count"] == 5
    assert "boundary" not in everything.json()["results"][0]
    assert geoids(client.get("/api/jurisdictions/?level=state")) == ["06", "48"]
    assert geoids(client.get("/api/jurisdictions/?state=tx&level=county")) == [
        "48141",
        "48201",
        "48453",
    ]
    assert geoids(client.get("/api/jurisdictions/?q=harris")) == ["48201"]
    first = client.get("/api/jurisdictions/?q=harris").json()["results"][0]
    assert first == {
        "geoid": "48201",
        "name": "Harris County",
        "level": "county",
        "state": "TX",
        "url": "http://testserver/jurisdictions/48201/",
    }


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("level=planet", "level"),
        ("state=Texas", "state"),
        ("q=" + "x" * 101, "q"),
        ("page_size=500", "page_size"),
    ],
)
def test_bad_values_answer_400_naming_the_parameter(client, texas, query, parameter):
    response = client.get(f"/api/jurisdictions/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_detail_lists_current_published_policies_only(client, texas_with_counties):
    _texas, counties = texas_with_counties
    harris = counties["Harris County"]
    detainer_map = PolicyMapFactory(slug="detainers", title="Detainer map")
    no_holds = MapCategoryFactory(policy_map=detainer_map, slug="no-holds", label="No ICE holds")
    holds = MapCategoryFactory(policy_map=detainer_map, slug="holds", label="Honours holds")
    PolicyFactory(
        category=holds,
        jurisdiction=harris,
        effective_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    PolicyFactory(
        category=no_holds,
        jurisdiction=harris,
        effective_date=datetime.date(2020, 1, 1),
        source_title="Sheriff's memo",
        source_url="https://example.org/memo",
    )
    draft_map = PolicyMapFactory(slug="draft-map", is_published=False)
    PolicyFactory(category=MapCategoryFactory(policy_map=draft_map), jurisdiction=harris)
    PolicyFactory(
        category=MapCategoryFactory(policy_map=PolicyMapFactory(slug="other")),
        jurisdiction=harris,
        status=Status.DRAFT,
    )
    response = client.get("/api/jurisdictions/48201/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Harris County" and body["parent"] == "48"
    assert body["policies"] == [
        {
            "map": "detainers",
            "category": {"slug": "no-holds", "label": "No ICE holds"},
            "effective_date": "2020-01-01",
            "end_date": None,
            "summary": "A policy.",
            "summary_untranslated": False,
            "last_verified": None,
            "source": {
                "title": "Sheriff's memo",
                "title_untranslated": False,
                "url": "https://example.org/memo",
            },
        }
    ]


def test_unknown_geoid_is_a_json_404(client, texas):
    response = client.get("/api/jurisdictions/99999/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_list_query_count_does_not_grow_with_the_page(client, texas_with_counties, california):
    counts = []
    for size in (1, 5):
        with CaptureQueriesContext(connection) as queries:
            assert (
                len(client.get(f"/api/jurisdictions/?page_size={size}").json()["results"]) == size
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unknown_state_matches_nothing(client, texas_with_counties):
    response = client.get("/api/jurisdictions/?state=ZZ")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_state_has_no_parent_and_the_schema_says_so(client, texas_with_counties):
    assert client.get("/api/jurisdictions/48/").json()["parent"] is None
    schema = client.get("/api/schema/?format=json").json()
    parent = schema["components"]["schemas"]["JurisdictionDetail"]["properties"]["parent"]
    assert parent.get("nullable") is True
