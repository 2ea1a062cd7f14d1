"""The library search: every parameter alone and combined, ranking, and bad input."""

import datetime

import pytest
from django.http import QueryDict

from core.publishing import Status
from resources.filters import search_resources
from resources.models import ResourceType

from ..factories import JurisdictionFactory, ResourceFactory, ResourceTypeFactory, TopicFactory

pytestmark = pytest.mark.django_db


def search(query: str):
    found = search_resources(params=QueryDict(query))
    assert found.is_valid(), found.errors
    return list(found.qs)


def errors(query: str) -> dict:
    found = search_resources(params=QueryDict(query))
    assert not found.is_valid()
    return found.errors


@pytest.fixture
def catalog(texas_with_counties):
    texas, counties = texas_with_counties
    alert = ResourceTypeFactory(name="Community Alert", slug="community-alert")
    advisory = ResourceType.objects.get(slug="practice-advisory")
    detainers, daca = TopicFactory(name="Detainers"), TopicFactory(name="DACA")
    return {
        "hold": ResourceFactory(
            title="Responding to immigration detainers",
            resource_type=advisory,
            topics=[detainers],
            publication_date=datetime.date(2016, 3, 14),
            jurisdictions=[counties["Harris County"]],
        ),
        "daca": ResourceFactory(
            title="DACA renewals now",
            resource_type=alert,
            topics=[daca],
            publication_date=datetime.date(2023, 9, 18),
        ),
        "daca_es": ResourceFactory(
            title="Renovación de DACA",
            resource_type=alert,
            topics=[daca, detainers],
            language="es",
            publication_date=datetime.date(2023, 9, 19),
            jurisdictions=[texas],
        ),
        "draft": ResourceFactory(
            title="Draft about detainers", status=Status.DRAFT, topics=[detainers]
        ),
    }


def test_no_parameters_lists_published_newest_first(catalog):
    assert search("") == [catalog["daca_es"], catalog["daca"], catalog["hold"]]


def test_type_is_repeatable_and_ors(catalog):
    assert set(search("type=community-alert")) == {catalog["daca"], catalog["daca_es"]}
    assert len(search("type=community-alert&type=practice-advisory")) == 3


def test_topic_is_repeatable_and_ors_without_duplicates(catalog):
    assert search("topic=detainers") == [catalog["daca_es"], catalog["hold"]]
    assert search("topic=detainers&topic=daca") == [
        catalog["daca_es"],
        catalog["daca"],
        catalog["hold"],
    ]


def test_different_parameters_combine_with_and(catalog):
    assert search("topic=detainers&type=community-alert") == [catalog["daca_es"]]
    assert search("topic=daca&language=en") == [catalog["daca"]]


def test_language(catalog):
    assert search("language=es") == [catalog["daca_es"]]


def test_jurisdiction_by_geoid_and_by_state_code_including_counties(catalog):
    assert search("jurisdiction=48201") == [catalog["hold"]]
    assert search("jurisdiction=TX") == [catalog["daca_es"], catalog["hold"]]
    assert search("jurisdiction=tx") == [catalog["daca_es"], catalog["hold"]]


def test_date_bounds_are_inclusive(catalog):
    assert search("published_after=2023-09-19") == [catalog["daca_es"]]
    assert search("published_before=2016-03-14") == [catalog["hold"]]
    assert search("published_after=2016-03-14&published_before=2023-09-18") == [
        catalog["daca"],
        catalog["hold"],
    ]


def test_year(catalog):
    assert search("year=2023") == [catalog["daca_es"], catalog["daca"]]
    assert search("year=2001") == []


def test_sort_orders(catalog):
    assert search("sort=oldest")[0] == catalog["hold"]
    assert [r.title for r in search("sort=title")] == sorted(r.title for r in search(""))


def test_q_uses_english_and_spanish_stemming(catalog):
    # Stemmed: "detainers" in the first one's title; the second is on the Detainers topic.
    assert search("q=detainer") == [catalog["hold"], catalog["daca_es"]]
    assert catalog["daca_es"] in search("q=renovaciones")  # Spanish stem of renovación


def test_title_match_ranks_above_body_match():
    in_body = ResourceFactory(
        title="Annual report",
        body="This report also mentions asylum once.",
        publication_date=datetime.date(2024, 1, 1),
    )
    in_title = ResourceFactory(
        title="Asylum basics", body="Nothing else.", publication_date=datetime.date(2010, 1, 1)
    )
    assert search("q=asylum") == [in_title, in_body]
    assert search("q=asylum&sort=newest") == [in_body, in_title]


def test_drafts_never_match(catalog):
    assert catalog["draft"] not in search("q=detainers")
    assert catalog["draft"] not in search("topic=detainers")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("published_after=2020-13-45", "published_after"),
        ("published_before=yesterday", "published_before"),
        ("type=no-such-type", "type"),
        ("topic=no-such-topic", "topic"),
        ("language=fr", "language"),
        ("jurisdiction=99999", "jurisdiction"),
        ("year=abc", "year"),
        ("year=1066", "year"),
        ("sort=random", "sort"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_values_name_the_parameter(query, field):
    JurisdictionFactory(geoid="48201")
    assert field in errors(query)


def test_unknown_jurisdiction_message_says_what_to_use():
    message = " ".join(errors("jurisdiction=ZZ")["jurisdiction"])
    assert "ZZ" in message and "postal code" in message


@pytest.mark.parametrize("name", ["type", "topic", "q", "jurisdiction", "language", "sort"])
def test_a_null_character_is_a_validation_error_not_a_database_error(name):
    assert name in errors(f"{name}=a%00b")


@pytest.mark.parametrize(
    "query", ["type=", "topic=", "type=&topic=", "language=", "jurisdiction=", "year=", "q="]
)
def test_an_empty_value_means_no_filter(catalog, query):
    assert search(query) == search("")


def test_an_empty_value_beside_a_real_one_is_ignored(catalog):
    assert set(search("type=&type=community-alert")) == {catalog["daca"], catalog["daca_es"]}


def test_the_list_page_answers_200_to_an_empty_filter(client, catalog):
    assert client.get("/resources/?type=&topic=").status_code == 200
    assert client.get("/api/resources/?type=").status_code == 200
