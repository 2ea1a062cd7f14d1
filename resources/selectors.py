"""Reads of the catalog that several views share."""

from django.db.models import Count, QuerySet

from .models import Resource, ResourceType, Topic


def facet_counts(results: QuerySet) -> dict:
    """Counts per type and per topic within a result set; every type and topic, zero included.

    `total` is the size of the result set: every publication has exactly one type, so it is
    the sum of the type counts, and the list's paginator need not count again.
    """
    ids = results.order_by().values("id")
    by_type = dict(
        Resource.objects.filter(id__in=ids)
        .order_by()
        .values_list("resource_type")
        .annotate(n=Count("id"))
    )
    by_topic = dict(
        Resource.topics.through.objects.filter(resource_id__in=ids)
        .order_by()
        .values_list("topic")
        .annotate(n=Count("resource_id"))
    )
    types = list(ResourceType.objects.all())
    topics = list(Topic.objects.all())
    for resource_type in types:
        resource_type.count = by_type.get(resource_type.pk, 0)
    for topic in topics:
        topic.count = by_topic.get(topic.pk, 0)
    return {"types": types, "topics": topics, "total": sum(by_type.values())}


def related_resources(resource: Resource, *, limit: int = 5) -> QuerySet:
    """Published items sharing the most topics with this one, newest first among equals."""
    topic_ids = [topic.pk for topic in resource.topics.all()]
    return (
        Resource.objects.published()
        .filter(topics__in=topic_ids)
        .exclude(pk=resource.pk)
        .annotate(shared=Count("topics"))
        .select_related("resource_type")
        .order_by("-shared", "-publication_date", "-id")[:limit]
    )
