import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from core.publishing import Status
from resources.models import Resource

from ..factories import ResourceFactory, ResourceTypeFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_review_unpublished_and_scheduled():
    public = ResourceFactory(status=Status.PUBLISHED)
    ResourceFactory(status=Status.DRAFT)
    ResourceFactory(status=Status.REVIEW)
    ResourceFactory(status=Status.UNPUBLISHED)
    ResourceFactory(
        status=Status.PUBLISHED, publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    past = ResourceFactory(
        status=Status.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert set(Resource.objects.published()) == {public, past}


def test_of_type_selects_only_the_given_types():
    alert = ResourceTypeFactory(name="Community Alert", slug="community-alert")
    wanted = ResourceFactory(resource_type=alert)
    ResourceFactory()  # a practice advisory
    assert list(Resource.objects.of_type("community-alert")) == [wanted]


def test_about_topic_selects_each_item_once():
    daca, uvisa = TopicFactory(name="DACA"), TopicFactory(name="U visas")
    both = ResourceFactory(topics=[daca, uvisa])
    ResourceFactory(topics=[TopicFactory(name="T visas")])
    assert list(Resource.objects.about_topic("daca", "u-visas")) == [both]


def test_in_language_and_newest_first():
    old = ResourceFactory(language="es", publication_date=datetime.date(2015, 1, 1))
    new = ResourceFactory(language="es", publication_date=datetime.date(2024, 1, 1))
    ResourceFactory(language="en")
    assert list(Resource.objects.in_language("es").newest_first()) == [new, old]


def test_revision_date_before_publication_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ResourceFactory(
            publication_date=datetime.date(2020, 5, 1), revision_date=datetime.date(2020, 4, 1)
        )


def test_slug_is_unique():
    ResourceFactory(slug="same")
    with pytest.raises(IntegrityError):
        ResourceFactory(slug="same")
