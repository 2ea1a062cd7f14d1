"""SQL queries per request stay constant whatever the size of the catalog and the page.

A page whose query count grows with its rows gets slower every week the library grows; these
tests fail the moment a template loop or a serializer starts querying per row.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from demo.management.commands.generate_catalog import generate_catalog
from maps.models import Policy
from resources.models import Resource, ResourceFile

from .factories import JurisdictionFactory, MapCategoryFactory, PolicyFactory, PolicyMapFactory

pytestmark = pytest.mark.django_db

# Facet counts (the catalog's kept totals, or one count within the results of a filter or
# search), the types, the topics, one page of rows (each row carries its own topic ids).
UNFILTERED_LIST_QUERIES = LIST_QUERIES = 4
# The list, plus validating the type and the topic parameters.
LIST_FILTERED_QUERIES = LIST_QUERIES + 2
# The publication, its topics, co-authors, projects, jurisdictions, files, related items.
DETAIL_QUERIES = 7


def published_slug_with_files() -> str:
    return (
        Resource.objects.published()
        .filter(files__isnull=False, topics__isnull=False)
        .values_list("slug", flat=True)
        .first()
    )


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        ("", UNFILTERED_LIST_QUERIES),
        ("?page=2", UNFILTERED_LIST_QUERIES),
        ("?sort=title&q=+", UNFILTERED_LIST_QUERIES),
        ("?q=asylum", LIST_QUERIES),
        ("?language=es&sort=title", LIST_QUERIES),
        ("?published_after=2020-01-01", LIST_QUERIES),
    ],
)
def test_library_list_queries_do_not_grow_with_the_catalog(
    client, django_assert_num_queries, query, queries
):
    generate_catalog(size=30)
    with django_assert_num_queries(queries):
        small = client.get(f"/resources/{query}")
    generate_catalog(size=300)
    with django_assert_num_queries(queries):
        large = client.get(f"/resources/{query}")
    assert small.status_code == large.status_code == 200
    assert large.context["paginator"].count > small.context["paginator"].count


def test_library_list_shows_a_full_page_in_the_same_queries_as_one_row(
    client, django_assert_num_queries
):
    generate_catalog(size=1)
    with django_assert_num_queries(UNFILTERED_LIST_QUERIES):
        one = client.get("/resources/")
    generate_catalog(size=200)
    with django_assert_num_queries(UNFILTERED_LIST_QUERIES):
        full = client.get("/resources/")
    assert len(one.context["cards"]) == 1
    assert len(full.context["cards"]) == 20


def test_filtered_list_queries_are_constant_and_the_count_matches_the_rows(
    client, django_assert_num_queries
):
    generate_catalog(size=300)
    first = Resource.objects.published().filter(topics__isnull=False).first()
    topic = first.topics.first()
    query = f"/resources/?type={first.resource_type.slug}&topic={topic.slug}"
    with django_assert_num_queries(LIST_FILTERED_QUERIES):
        response = client.get(query)
    expected = (
        Resource.objects.published()
        .filter(resource_type=first.resource_type, topics=topic)
        .distinct()
        .count()
    )
    assert response.context["paginator"].count == expected
    assert f"{expected} publication" in response.content.decode()


def test_publication_page_queries_do_not_grow_with_files_topics_or_catalog(
    client, django_assert_num_queries
):
    generate_catalog(size=20)
    slug = published_slug_with_files()
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(f"/resources/{slug}/").status_code == 200
    generate_catalog(size=300)
    resource = Resource.objects.get(slug=slug)
    for position in range(5):
        ResourceFile.objects.create(
            resource=resource, file="bench/sample-publication.pdf", label=f"Annex {position}"
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        page = client.get(f"/resources/{slug}/")
    assert "Annex 4" in page.content.decode()


def test_county_features_queries_do_not_grow_with_the_counties(client, django_assert_num_queries):
    url = "/api/maps/detainer-policies/features/"
    try:
        resolve(url)
    except Resolver404:
        pytest.skip("the map features endpoint is not built yet")
    county_map = PolicyMapFactory(slug="detainer-policies")
    category = MapCategoryFactory(policy_map=county_map)
    PolicyFactory(category=category, jurisdiction=JurisdictionFactory(name="Harris County"))
    # Both requests miss the cache: this counts what building the features costs.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(40):
        PolicyFactory(category=category)
    cache.clear()
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    assert Policy.objects.filter(policy_map=county_map).count() == 41
    assert response.content.count(b'"Feature"') == 41
