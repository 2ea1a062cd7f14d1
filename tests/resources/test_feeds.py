"""RSS and Atom feeds: library searches, topics, and policy changes per map and jurisdiction."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from core.publishing import Status
from core.publishing import Status as PolicyStatus
from resources.models import ResourceType

from ..factories import (
    MapCategoryFactory,
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def catalog(db):
    daca, uvisa = TopicFactory(name="DACA"), TopicFactory(name="U visas")
    faq = ResourceType.objects.get(slug="faqs-explainers")
    alert = ResourceType.objects.get(slug="community-alert")
    ResourceFactory(
        title="DACA advisory", topics=[daca], publication_date=datetime.date(2022, 1, 1)
    )
    ResourceFactory(
        title="U visa FAQ",
        resource_type=faq,
        topics=[uvisa],
        publication_date=datetime.date(2021, 1, 1),
    )
    ResourceFactory(
        title="Raid alert",
        resource_type=alert,
        topics=[daca],
        publication_date=datetime.date(2023, 1, 1),
    )
    ResourceFactory(title="DACA draft", status=Status.DRAFT, topics=[daca])
    ResourceFactory(
        title="DACA scheduled",
        topics=[daca],
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )


def test_library_feed_lists_newest_published_first(client, catalog):
    titles = rss_titles(client.get("/resources/feed/"))
    assert titles == ["Raid alert", "DACA advisory", "U visa FAQ"]


def test_repeated_parameters_are_all_honoured(client, catalog):
    titles = rss_titles(client.get("/resources/feed/?type=faqs-explainers&type=community-alert"))
    assert titles == ["Raid alert", "U visa FAQ"]
    titles = rss_titles(client.get("/resources/feed/?topic=daca&type=practice-advisory"))
    assert titles == ["DACA advisory"]


def test_atom_feed_takes_the_same_parameters(client, catalog):
    titles = atom_titles(client.get("/resources/feed/atom/?topic=daca&topic=u-visas&sort=oldest"))
    assert titles == ["U visa FAQ", "DACA advisory", "Raid alert"]


def test_feed_links_point_to_public_pages(client, catalog):
    root = ET.fromstring(client.get("/resources/feed/?topic=u-visas").content)
    assert root.find("channel/item/link").text == "http://testserver/resources/u-visa-faq/"
    assert "topic=u-visas" in root.findtext("channel/link")


def test_topic_feed_and_its_atom_version(client, catalog):
    assert rss_titles(client.get("/resources/topics/daca/feed/")) == [
        "Raid alert",
        "DACA advisory",
    ]
    assert atom_titles(client.get("/resources/topics/u-visas/feed/atom/")) == ["U visa FAQ"]
    assert client.get("/resources/topics/no-such-topic/feed/").status_code == 404


@pytest.mark.parametrize("query", ["type=nope", "published_after=tomorrow", "language=xx"])
def test_bad_parameters_answer_400(client, catalog, query):
    for path in ("/resources/feed/", "/resources/feed/atom/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert query.split("=")[0] in response.content.decode()


def test_list_page_advertises_its_feeds(client, catalog):
    page = client.get("/resources/?topic=daca").content.decode()
    assert 'type="application/rss+xml"' in page
    assert 'type="application/atom+xml"' in page
    assert "/resources/feed/?topic=daca" in page


@pytest.fixture
def detainer_changes(texas_with_counties):
    _texas, counties = texas_with_counties
    detainer_map = PolicyMapFactory(slug="detainers", title="Detainer map")
    holds = MapCategoryFactory(policy_map=detainer_map, label="Honours ICE holds")
    no_holds = MapCategoryFactory(policy_map=detainer_map, label="No ICE holds")
    PolicyFactory(
        category=holds,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    PolicyFactory(
        category=no_holds,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2020, 1, 1),
    )
    PolicyFactory(category=no_holds, jurisdiction=counties["Travis County"])
    PolicyFactory(
        category=holds, jurisdiction=counties["El Paso County"], status=PolicyStatus.DRAFT
    )
    hidden_map = PolicyMapFactory(slug="hidden", is_published=False)
    PolicyFactory(
        category=MapCategoryFactory(policy_map=hidden_map, label="Secret"),
        jurisdiction=counties["Harris County"],
    )
    return detainer_map


def test_map_feed_lists_adopted_and_ended_policies(client, detainer_changes):
    titles = rss_titles(client.get("/maps/detainers/feed/"))
    assert len(titles) == 3
    assert "Harris County, TX: “Honours ICE holds” ended on 2019-12-31" in titles
    assert "Harris County, TX: “No ICE holds” since 2020-01-01" in titles
    assert not any("El Paso" in title for title in titles)
    assert len(atom_titles(client.get("/maps/detainers/feed/atom/"))) == 3
    assert client.get("/maps/hidden/feed/").status_code == 404


def test_jurisdiction_feed_lists_its_changes_on_published_maps(client, detainer_changes):
    titles = rss_titles(client.get("/jurisdictions/48201/feed/"))
    assert len(titles) == 2 and all(title.startswith("Harris County") for title in titles)
    assert atom_titles(client.get("/jurisdictions/48201/feed/atom/?since=2000-01-01")) != []
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    assert rss_titles(client.get(f"/jurisdictions/48201/feed/?since={tomorrow}")) == []
    bad = client.get("/jurisdictions/48201/feed/?since=last-week")
    assert bad.status_code == 400 and "since" in bad.content.decode()
    assert client.get("/jurisdictions/99999/feed/").status_code == 404
