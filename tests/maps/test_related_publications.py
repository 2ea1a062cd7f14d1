"""Publications under a map: those on the map's topics and those about its places, newest
first; drafts and unrelated publications are not listed."""

import datetime

import pytest

from core.publishing import Status
from maps.models import PolicyMap
from resources.models import Topic
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_publications_on_the_topic_or_about_a_place_are_listed_under_the_map(
    client, detainer_map, harris
):
    topic = Topic.objects.create(name="Detainers", slug="detainers")
    PolicyMap.objects.get(slug="detainer-policies").topics.add(topic)
    on_topic = ResourceFactory(
        title="Detainers fact sheet", publication_date=datetime.date(2024, 1, 1)
    )
    on_topic.topics.add(topic)
    about_harris = ResourceFactory(
        title="Harris County analysis", publication_date=datetime.date(2025, 1, 1)
    )
    about_harris.jurisdictions.add(harris)
    draft = ResourceFactory(title="Draft on detainers", status=Status.DRAFT)
    draft.topics.add(topic)
    ResourceFactory(title="Unrelated advisory")

    html = client.get("/maps/detainer-policies/").content.decode()

    section = html[html.index('class="map-related"') :]
    assert "Related publications" in section
    assert section.index("Harris County analysis") < section.index("Detainers fact sheet")
    assert "Draft on detainers" not in html
    assert "Unrelated advisory" not in html
    assert (
        "Related publications"
        not in client.get("/maps/detainer-policies/?embed=1").content.decode()
    )


def test_no_section_without_related_publications(client, detainer_map):
    html = client.get("/maps/detainer-policies/").content.decode()
    assert 'class="map-related"' not in html


def test_a_publication_on_the_topic_and_about_a_place_is_listed_once(detainer_map, harris):
    from pages.templatetags.related import related_publications

    topic = Topic.objects.create(name="Detainers", slug="detainers")
    policy_map = PolicyMap.objects.get(slug="detainer-policies")
    policy_map.topics.add(topic)
    both = ResourceFactory(title="Harris detainers", publication_date=datetime.date(2025, 2, 1))
    both.topics.add(topic)
    both.jurisdictions.add(harris)
    older = ResourceFactory(title="Older note", publication_date=datetime.date(2020, 2, 1))
    older.topics.add(topic)

    assert [item.title for item in related_publications(policy_map)] == [
        "Harris detainers",
        "Older note",
    ]
    assert [item.title for item in related_publications(policy_map, limit=1)] == [
        "Harris detainers"
    ]
