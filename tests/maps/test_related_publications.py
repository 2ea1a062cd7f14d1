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


def _reference(policy_map, limit):
    """The related publications as one plain query states them (every row tested)."""
    from django.db.models import Exists, OuterRef, Q

    from maps.models import Policy
    from resources.models import Resource

    places = Policy.objects.published().on_map(policy_map).values("jurisdiction_id")
    about = Resource.jurisdictions.through.objects.filter(
        resource_id=OuterRef("pk"), jurisdiction_id__in=places
    )
    return list(
        Resource.objects.published()
        .filter(Q(topics__in=policy_map.topics.all()) | Exists(about))
        .distinct()
        .order_by("-publication_date", "title")
        .values_list("title", flat=True)[:limit]
    )


@pytest.mark.parametrize("window", [2, 5, 40])
def test_the_newest_window_and_the_lookups_by_topic_and_place_give_one_list(
    monkeypatch, detainer_map, harris, texas_with_counties, window
):
    """Read among the newest publications or, when too few of those are related, looked up by
    topic and by place: the same publications in the same order either way."""
    from pages.templatetags import related
    from tests.factories import JurisdictionFactory, PolicyFactory

    monkeypatch.setattr(related, "NEWEST_WINDOW", window)
    policy_map = PolicyMap.objects.get(slug="detainer-policies")
    topic = Topic.objects.create(name="Detainers", slug="detainers")
    policy_map.topics.add(topic)
    _texas, counties = texas_with_counties
    elsewhere = JurisdictionFactory(level="county", name="Elsewhere County")  # not on the map
    PolicyFactory(
        policy_map=policy_map,
        category=policy_map.categories.first(),
        jurisdiction=counties["El Paso County"],
        effective_date=datetime.date(2020, 1, 1),
    )
    day = datetime.date(2025, 6, 1)
    for number in range(30):  # the newest: unrelated, so the window finds too few
        ResourceFactory(title=f"Unrelated {number:02}", publication_date=day)
        day -= datetime.timedelta(days=1)
    for number, (on_topic, place) in enumerate(
        [(True, None), (False, harris), (True, harris), (False, elsewhere), (False, None)] * 3
    ):
        item = ResourceFactory(title=f"Older {number:02}", publication_date=day)
        if on_topic:
            item.topics.add(topic)
        if place is not None:
            item.jurisdictions.add(place)
        if number % 4 == 0:  # a second one on the same day, ordered by title
            twin = ResourceFactory(title=f"Older {number:02} twin", publication_date=day)
            twin.jurisdictions.add(counties["El Paso County"])
        day -= datetime.timedelta(days=3)
    ResourceFactory(title="Draft", status=Status.DRAFT).topics.add(topic)

    for limit in (1, 6, 12, 40):
        titles = [item.title for item in related.related_publications(policy_map, limit=limit)]
        assert titles == _reference(policy_map, limit), (window, limit)
    listed = {item.title for item in related.related_publications(policy_map, limit=40)}
    assert len(listed) > 12 and not {title for title in listed if "Unrelated" in title}
    assert "Older 03" not in listed and "Draft" not in listed  # Travis only; a draft
