"""The unfiltered library page's facet counts, kept by triggers, match a real count."""

import datetime

import pytest
from django.utils import timezone

from core.publishing import Status
from resources.models import Resource
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
