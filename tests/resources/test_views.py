"""The library pages as a visitor sees them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.publishing import Status

from ..factories import ResourceFactory, ResourceFileFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_home_lists_latest_published_items_only(client):
    ResourceFactory(title="Public advisory")
    ResourceFactory(title="Secret draft", status=Status.DRAFT)
    page = client.get("/").content.decode()
    assert "Public advisory" in page
    assert "Secret draft" not in page


def test_list_shows_count_facets_with_zero_counts_and_chips(client):
    daca = TopicFactory(name="DACA")
    TopicFactory(name="T visas")
    ResourceFactory(title="DACA renewals", topics=[daca])
    ResourceFactory(title="Bond hearings")
    response = client.get("/resources/?topic=daca")
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 publication" in page
    assert "DACA renewals" in page and "Bond hearings" not in page
    assert 'id="topic-t-visas"' in page  # a topic with no results is still offered
    assert 'T visas <span class="count">(0)</span>' in page
    assert 'class="chip"' in page and "DACA" in page


def test_each_card_lists_its_own_topics_and_a_card_without_topics_lists_none(client):
    daca, uvisa = TopicFactory(name="DACA"), TopicFactory(name="U visas")
    ResourceFactory(title="DACA and U visas", topics=[daca, uvisa], publication_date="2024-02-01")
    ResourceFactory(title="Bond hearings", publication_date="2024-01-01")

    page = client.get("/resources/").content.decode()

    first, second = page.split('<article class="resource-card">')[1:3]
    assert "DACA and U visas" in first
    assert "<li>DACA</li><li>U visas</li>" in first
    assert "Bond hearings" in second
    assert "topic-list" not in second


def test_chip_link_removes_only_its_own_filter(client):
    daca, uvisa = TopicFactory(name="DACA"), TopicFactory(name="U visas")
    ResourceFactory(topics=[daca, uvisa])
    response = client.get("/resources/?topic=daca&topic=u-visas&language=en")
    chips = [c["remove_query"] for c in response.context["chips"]]
    assert "topic=u-visas&language=en" in chips
    assert "topic=daca&topic=u-visas" in chips


def test_drafts_are_invisible_in_list_counts_and_detail(client):
    topic = TopicFactory(name="Detainers")
    ResourceFactory(title="Hidden draft", status=Status.DRAFT, topics=[topic])
    page = client.get("/resources/").content.decode()
    assert "Hidden draft" not in page
    assert "0 publications" in page
    assert 'Detainers <span class="count">(0)</span>' in page
    assert client.get("/resources/hidden-draft/").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("published_after=2020-02-31", "Enter a valid date"),
        ("type=nonsense", "nonsense"),
        ("q=" + "word " * 100, "at most 200 characters"),
        ("year=twenty", "Enter a number"),
    ],
)
def test_bad_input_gives_a_400_page_that_says_what_is_wrong(client, query, message):
    response = client.get(f"/resources/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some search settings could not be used" in page
    assert message in page


def test_page_past_the_end_says_so(client):
    ResourceFactory()
    response = client.get("/resources/?page=9")
    assert response.status_code == 404
    assert "There is no page “9”. The results have 1 page(s)." in response.content.decode()
    assert client.get("/resources/?page=abc").status_code == 404


def test_list_query_count_does_not_grow_with_the_page(client):
    topics = [TopicFactory() for _ in range(3)]
    ResourceFactory(topics=topics)
    with CaptureQueriesContext(connection) as one:
        client.get("/resources/")
    for index in range(30):
        ResourceFactory(topics=topics, publication_date=datetime.date(2000 + index % 20, 1, 1))
    with CaptureQueriesContext(connection) as full_page:
        assert len(client.get("/resources/?topic=" + topics[0].slug).context["cards"]) == 20
    assert len(full_page) == len(one) + 1  # + validating the topic parameter


def test_detail_shows_files_dates_topics_coauthors_and_translation(client):
    english = ResourceFactory(
        title="What is an ICE hold?",
        revision_date=datetime.date(2020, 4, 29),
        topics=[TopicFactory(name="Detainers")],
    )
    ResourceFileFactory(resource=english, label="Full advisory")
    spanish = ResourceFactory(title="¿Qué es una orden?", language="es", translation_of=english)
    page = client.get(english.get_absolute_url()).content.decode()
    assert "Full advisory" in page and "download" in page
    assert "Detainers" in page
    assert "Updated" in page
    assert f'href="{spanish.get_absolute_url()}"' in page and "Leer en español" in page
    back = client.get(spanish.get_absolute_url()).content.decode()
    assert f'href="{english.get_absolute_url()}"' in back


def test_detail_hides_a_draft_translation(client):
    english = ResourceFactory(title="Public one")
    ResourceFactory(
        title="Draft translation", language="es", translation_of=english, status=Status.DRAFT
    )
    page = client.get(english.get_absolute_url()).content.decode()
    assert "Leer en español" not in page


def test_related_publications_share_topics(client):
    topic = TopicFactory(name="287(g)")
    item = ResourceFactory(title="Main", topics=[topic])
    ResourceFactory(title="Sibling item", topics=[topic])
    ResourceFactory(title="Unrelated item")
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Sibling item" in page and "Unrelated item" not in page


def test_related_publications_rank_by_shared_topics_then_newest():
    from resources.selectors import related_resources

    asylum, detainers, daca = (TopicFactory(name=name) for name in ("Asylum", "Detainers", "DACA"))
    item = ResourceFactory(title="Main", topics=[asylum, detainers])
    for title, day, topics in [
        ("Shares two", datetime.date(2020, 1, 1), [asylum, detainers]),
        ("Shares one, newer", datetime.date(2024, 1, 1), [asylum]),
        ("Shares one, older", datetime.date(2021, 1, 1), [detainers, daca]),
        ("Other topic", datetime.date(2025, 1, 1), [daca]),
    ]:
        ResourceFactory(title=title, publication_date=day, topics=topics)
    ResourceFactory(title="Draft sharing two", status=Status.DRAFT, topics=[asylum, detainers])

    assert [related.title for related in related_resources(item)] == [
        "Shares two",
        "Shares one, newer",
        "Shares one, older",
    ]
    assert list(related_resources(ResourceFactory(title="No topics"))) == []
