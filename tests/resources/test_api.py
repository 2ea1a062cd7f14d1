"""The library API: same search as /resources/, pages, errors, throttling, conditional requests."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.throttling import AnonRateThrottle

from core.publishing import Status
from resources.models import Language, Resource, ResourceType

from ..factories import ResourceFactory, ResourceFileFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(texas_with_counties):
    texas, counties = texas_with_counties
    daca, detainers = TopicFactory(name="DACA"), TopicFactory(name="Detainers")
    faq = ResourceType.objects.get(slug="faqs-explainers")
    items = [
        ResourceFactory(
            title="DACA renewal advisory",
            publication_date=datetime.date(2021, 3, 1),
            topics=[daca],
            jurisdictions=[counties["Harris County"]],
        ),
        ResourceFactory(
            title="Detainers explained",
            resource_type=faq,
            publication_date=datetime.date(2019, 6, 1),
            topics=[detainers],
            language=Language.SPANISH,
        ),
        ResourceFactory(
            title="Harris County jail and ICE holds",
            publication_date=datetime.date(2022, 1, 10),
            topics=[detainers, daca],
            jurisdictions=[counties["Harris County"]],
        ),
        ResourceFactory(title="Bond hearings guide", publication_date=datetime.date(2018, 2, 2)),
    ]
    ResourceFactory(title="Secret draft", status=Status.DRAFT, topics=[daca])
    ResourceFactory(title="Withdrawn item", status=Status.UNPUBLISHED)
    ResourceFactory(title="Scheduled item", publish_at=timezone.now() + datetime.timedelta(days=2))
    return items


def titles(response):
    return [item["title"] for item in response.json()["results"]]


def test_result_has_every_documented_field(client, catalog):
    ResourceFileFactory(resource=catalog[0], label="Advisory (PDF)")
    response = client.get("/api/resources/?q=renewal")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    item = body["results"][0]
    assert item["title"] == "DACA renewal advisory"
    assert item["slug"] == "daca-renewal-advisory"
    assert item["type"] == {"slug": "practice-advisory", "name": "Practice Advisory"}
    assert item["publication_date"] == "2021-03-01"
    assert item["revision_date"] is None
    assert item["topics"] == [{"slug": "daca", "name": "DACA"}]
    assert item["language"] == "en"
    assert item["jurisdictions"] == ["48201"]
    assert item["url"] == "http://testserver/resources/daca-renewal-advisory/"
    (file,) = item["files"]
    assert file["url"].startswith("http://testserver/files/")
    assert file["name"].endswith(".pdf")
    assert file["size"] == 15 and file["content_type"] == "application/pdf"


def test_drafts_unpublished_and_scheduled_never_appear(client, catalog):
    listed = titles(client.get("/api/resources/?page_size=100"))
    assert len(listed) == 4
    assert not {"Secret draft", "Withdrawn item", "Scheduled item"} & set(listed)
    assert client.get("/api/resources/secret-draft/").status_code == 404
    assert client.get("/api/resources/scheduled-item/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "",
        "topic=daca",
        "topic=daca&topic=detainers",
        "type=faqs-explainers&type=practice-advisory&sort=oldest",
        "jurisdiction=TX",
        "jurisdiction=48201&sort=title",
        "language=es",
        "published_after=2019-01-01&published_before=2021-12-31",
        "year=2022",
        "q=detainers",
        "q=holds&sort=newest",
    ],
)
def test_api_returns_the_same_items_in_the_same_order_as_the_html_list(client, catalog, query):
    page = client.get(f"/resources/?{query}")
    assert page.status_code == 200
    html_titles = re.findall(
        r'class="resource-title">\s*<a [^>]*>([^<]+)</a>', page.content.decode()
    )
    api = client.get(f"/api/resources/?{query}")
    assert api.status_code == 200
    assert titles(api) == html_titles
    assert api.json()["count"] == page.context["result_count"]


def test_filters_narrow_the_results(client, catalog):
    assert titles(client.get("/api/resources/?topic=daca&topic=detainers&sort=oldest")) == [
        "Detainers explained",
        "DACA renewal advisory",
        "Harris County jail and ICE holds",
    ]
    assert titles(client.get("/api/resources/?language=es")) == ["Detainers explained"]
    assert titles(client.get("/api/resources/?year=2018")) == ["Bond hearings guide"]
    assert titles(client.get("/api/resources/?sort=title&jurisdiction=TX")) == [
        "DACA renewal advisory",
        "Harris County jail and ICE holds",
    ]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("published_after=yesterday", "published_after"),
        ("published_before=2020-13-01", "published_before"),
        ("language=fr", "language"),
        ("year=abc", "year"),
        ("year=1066", "year"),
        ("sort=random", "sort"),
        ("q=" + "x" * 201, "q"),
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=ten", "page_size"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, catalog, query, parameter):
    response = client.get(f"/api/resources/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert parameter in body
    assert body[parameter] and all(isinstance(reason, str) for reason in body[parameter])


def test_two_bad_parameters_are_both_named(client, catalog):
    body = client.get("/api/resources/?published_after=x&language=fr").json()
    assert body["published_after"] == ["Enter a valid date."]
    assert "language" in body


def test_pages_and_page_size(client, catalog):
    first = client.get("/api/resources/?page_size=3").json()
    assert first["count"] == 4 and len(first["results"]) == 3
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=3" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    past = client.get("/api/resources/?page=9")
    assert past.status_code == 404
    assert "page" in past.json()["detail"]


def test_a_word_search_pages_like_the_list_and_dates_its_newest_result(client, catalog):
    everything = client.get("/api/resources/?q=detainers")
    count = everything.json()["count"]
    assert count == len(titles(everything)) >= 2
    pages = [
        client.get(f"/api/resources/?q=detainers&page_size=1&page={n}")
        for n in range(1, count + 1)
    ]
    assert {p.json()["count"] for p in pages} == {count}
    assert [title for p in pages for title in titles(p)] == titles(everything)
    assert pages[0].json()["next"] and pages[-1].json()["next"] is None
    last = client.get("/api/resources/?q=detainers&page_size=1&page=last")
    assert titles(last) == titles(pages[-1])
    assert client.get(f"/api/resources/?q=detainers&page={count + 1}").status_code == 404
    assert client.get("/api/resources/?q=detainers&page=0").status_code == 404
    assert client.get("/api/resources/?q=zzzz").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    # A change to a result moves Last-Modified; a change to an item outside the results does not.
    before = everything["Last-Modified"]
    later = timezone.now() + datetime.timedelta(days=1)
    Resource.objects.filter(title="Bond hearings guide").update(updated=later)
    assert client.get("/api/resources/?q=detainers")["Last-Modified"] == before
    Resource.objects.filter(title="Detainers explained").update(updated=later)
    assert client.get("/api/resources/?q=detainers")["Last-Modified"] == http_date(
        later.timestamp()
    )


def test_query_count_is_the_same_whatever_the_page_size(client, texas_with_counties):
    _texas, counties = texas_with_counties
    topic = TopicFactory(name="DACA")
    for n in range(30):
        resource = ResourceFactory(
            title=f"Advisory {n}", topics=[topic], jurisdictions=[counties["Travis County"]]
        )
        ResourceFileFactory(resource=resource)
    counts = []
    for size in (1, 30):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/resources/?page_size={size}&topic=daca")
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_detail_by_slug(client, catalog):
    response = client.get("/api/resources/detainers-explained/")
    assert response.status_code == 200
    assert response.json()["language"] == "es"
    missing = client.get("/api/resources/no-such-thing/")
    assert missing.status_code == 404 and "detail" in missing.json()


def test_types_and_topics_count_published_items_only(client, catalog):
    types = {t["slug"]: t["count"] for t in client.get("/api/types/").json()}
    assert types["practice-advisory"] == 3
    assert types["faqs-explainers"] == 1
    topics = {t["slug"]: t["count"] for t in client.get("/api/topics/").json()}
    assert topics == {"daca": 2, "detainers": 2}


def test_conditional_requests_answer_304(client, catalog):
    response = client.get("/api/resources/?topic=daca")
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    again = client.get("/api/resources/?topic=daca", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(
        "/api/resources/?topic=daca", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert since.status_code == 304
    detail = client.get("/api/resources/detainers-explained/")
    assert detail["Last-Modified"]
    assert (
        client.get(
            "/api/resources/detainers-explained/",
            HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"],
        ).status_code
        == 304
    )


def test_an_edit_changes_last_modified_so_clients_refetch(client, catalog):
    first = client.get("/api/resources/")
    catalog[1].summary = "Corrected."
    catalog[1].save()
    again = client.get("/api/resources/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


def test_anonymous_requests_beyond_the_rate_get_429_with_retry_after(client, catalog, monkeypatch):
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [client.get("/api/types/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/topics/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    cache.clear()


def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_schema_documents_every_endpoint_and_filter(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/resources/",
        "/api/resources/{slug}/",
        "/api/types/",
        "/api/topics/",
        "/api/jurisdictions/",
        "/api/jurisdictions/{geoid}/",
    ):
        assert "429" in paths[path]["get"]["responses"]
    names = {p["name"] for p in paths["/api/resources/"]["get"]["parameters"]}
    assert names == {
        "q",
        "type",
        "topic",
        "language",
        "jurisdiction",
        "published_after",
        "published_before",
        "year",
        "sort",
        "page",
        "page_size",
    }
    names = {p["name"] for p in paths["/api/jurisdictions/"]["get"]["parameters"]}
    assert names == {"level", "state", "q", "page", "page_size"}
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize(
    "query", ["type=no-such-type", "topic=nothing", "jurisdiction=ZZ", "type=daca&type=nope"]
)
def test_a_filter_naming_something_that_does_not_exist_matches_nothing(client, catalog, query):
    response = client.get(f"/api/resources/?{query}")
    assert response.status_code == 200
    assert response.json()["count"] == 0 or "type=daca" in query


@pytest.mark.parametrize("query", ["type=", "topic=", "jurisdiction=", "page_size=", "year="])
def test_an_empty_parameter_is_the_same_as_none(client, catalog, query):
    response = client.get(f"/api/resources/?{query}")
    assert response.status_code == 200
    assert response.json()["count"] == client.get("/api/resources/").json()["count"]


def test_a_null_character_is_refused_in_json_under_the_api(client):
    response = client.get("/api/resources/?q=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def serialized(resources, request):
    from resources.api.serializers import ResourceSerializer

    return [
        dict(item)
        for item in ResourceSerializer(resources, many=True, context={"request": request}).data
    ]


@pytest.fixture
def richer_catalog(catalog):
    renewal, _detainers, holds, _bond = catalog
    holds.topics.add(TopicFactory(name="Zeta topic", name_es="Asilo primero"))
    Resource.objects.filter(pk=holds.pk).update(revision_date=datetime.date(2023, 5, 6))
    ResourceFileFactory(resource=renewal, label="Advisory (PDF)", position=2)
    ResourceFileFactory(resource=renewal, label="", position=1)
    ResourceFileFactory(resource=holds, label="Notes")
    return catalog


@pytest.mark.parametrize(
    "query", ["", "q=detainers", "topic=daca&sort=title", "page=last&q=holds", "page_size=2"]
)
def test_list_rows_are_what_the_serializer_writes(client, richer_catalog, query):
    """The list is written from plain rows (resources/api/listing.py); each result is the
    object the serializer of the detail writes, files, places and topics in the same order."""
    from django.test import RequestFactory

    from resources.api.views import resource_queryset

    response = client.get(f"/api/resources/?{query}")
    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    by_slug = {
        resource.slug: resource
        for resource in resource_queryset().filter(slug__in=[r["slug"] for r in results])
    }
    request = RequestFactory().get("/api/resources/")
    assert results == serialized([by_slug[r["slug"]] for r in results], request)


def test_list_rows_name_topics_in_the_active_language_as_the_serializer_does(richer_catalog):
    from django.test import RequestFactory
    from django.utils import translation

    from resources.api import listing
    from resources.api.views import resource_queryset

    request = RequestFactory().get("/api/resources/")
    for language in ("en", "es"):
        with translation.override(language):
            resources = list(resource_queryset())
            rows = Resource.objects.filter(pk__in=[r.pk for r in resources]).values(
                *listing.FIELDS
            )
            by_id = {row["id"]: row for row in rows}
            written = listing.page_json([by_id[r.pk] for r in resources], request)
            assert written == serialized(resources, request)
            names = [topic["name"] for item in written for topic in item["topics"]]
            assert ("Asilo primero" in names) == (language == "es"), names
