"""factory_boy factories for every model the tests create."""

import datetime

import factory
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils.text import slugify

from core.publishing import Status
from jurisdictions.models import Jurisdiction, Level
from maps.models import MapCategory, Policy, PolicyMap
from resources.models import Organization, Resource, ResourceFile, ResourceType, Topic


def square(x: float, y: float, size: float = 1.0) -> MultiPolygon:
    return MultiPolygon(
        Polygon(((x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y))), srid=4326
    )


class ResourceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceType
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Type {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    resource_type = factory.LazyFunction(
        lambda: ResourceType.objects.get(slug="practice-advisory")
    )
    publication_date = datetime.date(2020, 1, 15)
    summary = "A summary."
    # Trashing unpublishes: a database rule.
    status = factory.LazyAttribute(
        lambda o: Status.UNPUBLISHED if getattr(o, "deleted_at", None) else Status.PUBLISHED
    )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def jurisdictions(self, create, extracted, **kwargs):
        if create and extracted:
            self.jurisdictions.set(extracted)


class ResourceFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceFile

    resource = factory.SubFactory(ResourceFactory)
    file = factory.django.FileField(filename="advisory.pdf", data=b"%PDF-1.4\n%test\n")
    content_type = "application/pdf"
    size = 15


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ["geoid"]

    level = Level.COUNTY
    name = factory.Sequence(lambda n: f"County {n}")
    geoid = factory.Sequence(lambda n: f"{90000 + n:05d}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PolicyMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyMap
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"map-{n}")
    title = factory.Sequence(lambda n: f"Map {n}")
    level = Level.COUNTY
    is_published = True


class MapCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MapCategory

    policy_map = factory.SubFactory(PolicyMapFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    label = factory.Sequence(lambda n: f"Category {n}")
    color = "#1f78b4"


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    policy_map = factory.LazyAttribute(lambda o: o.category.policy_map)
    category = factory.SubFactory(MapCategoryFactory)
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    effective_date = datetime.date(2019, 1, 1)
    summary = "A policy."
    source_title = "Ordinance"
    source_url = "https://example.org/ordinance"
    status = Status.PUBLISHED
