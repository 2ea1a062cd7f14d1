"""The unfiltered library page's facet counts, kept by triggers, match a real count."""

import datetime

import pytest
from django.utils import timezone

from core.publishing import Status
from resources.models import Resource, TypeTopicTotal
from resources.selectors import catalog_totals

from ..factories import ResourceFactory, ResourceTypeFactory, TopicFactory

pytestmark = pytest.mark.django_db


def counted():
    """What Resource.objects.published() counts per type and per topic: the truth."""
    published = Resource.objects.published()
    by_type, by_topic = {}, {}
    for resource in published.prefetch_related("topics"):
        by_type[resource.resource_type_id] = by_type.get(resource.resource_type_id, 0) + 1
        for topic in resource.topics.all():
            by_topic[topic.pk] = by_topic.get(topic.pk, 0) + 1
    return by_type, by_topic


def nonzero(totals):
    return tuple({k: v for k, v in d.items() if v} for d in totals)


def test_totals_follow_publishing_retyping_tagging_and_deleting(client):
    daca, detainers = TopicFactory(name="DACA"), TopicFactory(name="Detainers")
    advisory = ResourceTypeFactory(name="Practice Advisory", slug="practice-advisory")
    explainer = ResourceTypeFactory(name="FAQs", slug="faqs-explainers")
    renewals = ResourceFactory(title="DACA renewals", topics=[daca])
    holds = ResourceFactory(title="ICE holds", topics=[daca, detainers], status=Status.DRAFT)
    assert nonzero(catalog_totals()) == nonzero(counted())

    holds.status = Status.PUBLISHED
    holds.save()
    renewals.resource_type = explainer
    renewals.save()
    renewals.topics.add(detainers)
    assert nonzero(catalog_totals()) == nonzero(counted())
    assert catalog_totals()[1][detainers.pk] == 2

    renewals.topics.remove(daca)
    Resource.objects.filter(pk=holds.pk).update(status=Status.UNPUBLISHED)
    assert nonzero(catalog_totals()) == nonzero(counted())

    renewals.delete()
    daca.delete()
    assert nonzero(catalog_totals()) == nonzero(counted()) == ({}, {})
    assert advisory.pk not in nonzero(catalog_totals())[0]


def test_an_item_scheduled_for_later_is_not_counted_until_its_time(client):
    topic = TopicFactory(name="U visas")
    later = timezone.now() + datetime.timedelta(days=2)
    ResourceFactory(title="Coming soon", topics=[topic], publish_at=later)
    ResourceFactory(title="Out now", topics=[topic])
    assert catalog_totals()[1][topic.pk] == 1
    assert catalog_totals(now=later + datetime.timedelta(minutes=1))[1][topic.pk] == 2
    page = client.get("/resources/").content.decode()
    assert 'U visas <span class="count">(1)</span>' in page
    assert "1 publication" in page


def pairs_counted():
    """Published publications per (type, topic), counted: the truth."""
    pairs = {}
    for resource in Resource.objects.published().prefetch_related("topics"):
        for topic in resource.topics.all():
            key = (resource.resource_type_id, topic.pk)
            pairs[key] = pairs.get(key, 0) + 1
    return pairs


def pairs_kept():
    return {
        (row.resource_type_id, row.topic_id): row.published
        for row in TypeTopicTotal.objects.exclude(published=0)
    }


def test_type_and_topic_totals_follow_publishing_retyping_tagging_and_deleting():
    daca, detainers = TopicFactory(name="DACA"), TopicFactory(name="Detainers")
    explainer = ResourceTypeFactory(name="FAQs", slug="faqs-explainers")
    renewals = ResourceFactory(title="DACA renewals", topics=[daca])
    holds = ResourceFactory(title="ICE holds", topics=[daca, detainers], status=Status.DRAFT)
    assert pairs_kept() == pairs_counted() and len(pairs_kept()) == 1

    holds.status = Status.PUBLISHED
    holds.save()
    renewals.resource_type = explainer
    renewals.save()
    renewals.topics.add(detainers)
    assert pairs_kept() == pairs_counted()
    assert pairs_kept()[(explainer.pk, detainers.pk)] == 1

    renewals.topics.remove(daca)
    Resource.objects.filter(pk=holds.pk).update(status=Status.UNPUBLISHED)
    assert pairs_kept() == pairs_counted()

    renewals.delete()
    daca.delete()
    assert pairs_kept() == pairs_counted() == {}


def test_type_and_topic_filters_count_from_totals_as_a_scan_would(client):
    daca, detainers = TopicFactory(name="DACA"), TopicFactory(name="Detainers")
    alert = ResourceTypeFactory(name="Community Alert", slug="community-alert")
    later = timezone.now() + datetime.timedelta(days=2)
    for number, (topics, kind, fields) in enumerate(
        [
            ([daca], alert, {}),
            ([daca, detainers], alert, {}),
            ([detainers], None, {}),
            ([daca, detainers], None, {"publish_at": later}),
            ([daca], alert, {"status": Status.DRAFT}),
        ]
    ):
        ResourceFactory(
            title=f"Item {number}",
            topics=topics,
            **({"resource_type": kind} if kind else {}),
            **fields,
        )
    for query in (
        "type=community-alert",
        "topic=daca",
        "type=community-alert&topic=daca",
        "type=community-alert&type=practice-advisory&topic=detainers",
        "topic=daca&topic=detainers",
    ):
        kept = client.get(f"/resources/?{query}").context["facets"]
        # Every item is in English: the language filter changes no count, but is a filter the
        # totals do not know, so the counts are made by reading the results.
        scanned = client.get(f"/resources/?{query}&language=en").context["facets"]
        for kind in ("types", "topics", "total"):
            assert kept[kind] == scanned[kind], (query, kind)
    facets = client.get("/resources/?type=community-alert&topic=detainers").context["facets"]
    assert {facet.slug: facet.count for facet in facets["topics"]} == {"daca": 2, "detainers": 1}
