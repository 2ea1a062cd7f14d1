"""Each publication's own copy of its topic ids, kept exact by the database whatever writes."""

import pytest

from resources.models import Resource
from tests.factories import ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def stored_topic_ids(resource) -> list[int]:
    return Resource.objects.values_list("topic_ids", flat=True).get(pk=resource.pk)


@pytest.fixture
def detainers():
    return TopicFactory(name="Detainers")


@pytest.fixture
def daca():
    return TopicFactory(name="DACA")


def test_adding_removing_and_replacing_topics_keeps_the_copy_exact(detainers, daca):
    advisory = ResourceFactory()
    assert stored_topic_ids(advisory) == []

    advisory.topics.add(detainers, daca)
    assert stored_topic_ids(advisory) == sorted([detainers.pk, daca.pk])

    advisory.topics.remove(detainers)
    assert stored_topic_ids(advisory) == [daca.pk]

    advisory.topics.set([detainers])
    assert stored_topic_ids(advisory) == [detainers.pk]

    advisory.topics.clear()
    assert stored_topic_ids(advisory) == []


def test_saving_an_instance_read_before_a_topic_change_does_not_undo_it(detainers):
    advisory = ResourceFactory()
    stale = Resource.objects.get(pk=advisory.pk)
    advisory.topics.add(detainers)

    stale.title = "Retitled in another browser tab"
    stale.save()

    assert stored_topic_ids(advisory) == [detainers.pk]


def test_links_written_in_bulk_are_copied_once_per_statement(detainers, daca):
    first, second = ResourceFactory(), ResourceFactory()
    Resource.topics.through.objects.bulk_create(
        [
            Resource.topics.through(resource_id=first.pk, topic_id=detainers.pk),
            Resource.topics.through(resource_id=first.pk, topic_id=daca.pk),
            Resource.topics.through(resource_id=second.pk, topic_id=daca.pk),
        ]
    )

    assert stored_topic_ids(first) == sorted([detainers.pk, daca.pk])
    assert stored_topic_ids(second) == [daca.pk]


def test_deleting_a_topic_removes_it_from_every_publication(detainers, daca):
    advisory = ResourceFactory(topics=[detainers, daca])

    detainers.delete()

    assert stored_topic_ids(advisory) == [daca.pk]


def test_the_topic_filter_reads_the_copy(client, detainers, daca):
    ResourceFactory(title="About detainers", topics=[detainers])
    ResourceFactory(title="About DACA", topics=[daca])
    ResourceFactory(title="About both", topics=[detainers, daca])

    titles = {
        item["title"]
        for item in client.get("/api/resources/", {"topic": detainers.slug}).json()["results"]
    }

    assert titles == {"About detainers", "About both"}
