"""Reads of the catalog that several views share."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import FacetTotal, Resource, ResourceType, Topic

# The totals the triggers keep (see FacetTotal), less published items still waiting for their
# publish_at time: exactly what Resource.objects.published() would count, without a scan.
CATALOG_TOTALS_SQL = """
    SELECT kind, object_id, SUM(n) FROM (
        SELECT kind, object_id, published AS n FROM resources_facettotal
        UNION ALL
        SELECT 'type', resource_type_id, -COUNT(*) FROM resources_resource
        WHERE status = 'published' AND publish_at > %(now)s GROUP BY resource_type_id
        UNION ALL
        SELECT 'topic', rt.topic_id, -COUNT(*) FROM resources_resource_topics rt
        JOIN resources_resource r ON r.id = rt.resource_id
        WHERE r.status = 'published' AND r.publish_at > %(now)s GROUP BY rt.topic_id
    ) totals GROUP BY kind, object_id
"""


def catalog_totals(*, now=None) -> tuple[dict, dict]:
    """Published publications per type and per topic in the whole catalog, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(CATALOG_TOTALS_SQL, {"now": now or timezone.now()})
        rows = cursor.fetchall()
    by_type = {pk: int(n) for kind, pk, n in rows if kind == FacetTotal.Kind.TYPE}
    by_topic = {pk: int(n) for kind, pk, n in rows if kind == FacetTotal.Kind.TOPIC}
    return by_type, by_topic


# The results are found once (a search reads the GIN index and the rows' heap pages) and
# counted twice from the materialised CTE, instead of running the search once per facet.
# Topics are counted from each row's own topic_ids, with no probe of the link table per hit.
RESULT_FACETS_SQL = """
    WITH hits AS MATERIALIZED ({results})
    SELECT 'type', resource_type_id, COUNT(*) FROM hits GROUP BY resource_type_id
    UNION ALL
    SELECT 'topic', topic_id, COUNT(*) FROM hits, unnest(hits.topic_ids) AS topic_id
    GROUP BY topic_id
"""


def result_facets(results: QuerySet) -> tuple[dict, dict]:
    """Results per type and per topic within a filtered result set, in one query."""
    hits = results.order_by().values("id", "resource_type_id", "topic_ids")
    try:
        sql, params = hits.query.sql_with_params()
    except EmptyResultSet:
        return {}, {}
    with connection.cursor() as cursor:
        cursor.execute(RESULT_FACETS_SQL.format(results=sql), params)
        rows = cursor.fetchall()
    by_type = {pk: n for kind, pk, n in rows if kind == FacetTotal.Kind.TYPE}
    by_topic = {pk: n for kind, pk, n in rows if kind == FacetTotal.Kind.TOPIC}
    return by_type, by_topic


def facet_counts(results: QuerySet, *, whole_catalog: bool = False) -> dict:
    """Counts per type and per topic within a result set; every type and topic, zero included.

    With whole_catalog (no filter applied), the counts come from the trigger-kept totals
    instead of counting the catalog. `total` is the size of the result set: every publication
    has exactly one type, so it is the sum of the type counts, and the list's paginator need
    not count again.
    """
    if whole_catalog:
        by_type, by_topic = catalog_totals()
    else:
        by_type, by_topic = result_facets(results)
    types = list(ResourceType.objects.all())
    topics = list(Topic.objects.all())
    for resource_type in types:
        resource_type.count = by_type.get(resource_type.pk, 0)
    for topic in topics:
        topic.count = by_topic.get(topic.pk, 0)
    return {"types": types, "topics": topics, "total": sum(by_type.values())}


RELATED_POOL = 100


def related_resources(resource: Resource, *, limit: int = 5) -> QuerySet:
    """Among the newest published items sharing a topic with this one, those sharing the most
    topics, newest first among equals.

    The pool is bounded (RELATED_POOL newest, found by walking the date index), so the page
    costs the same at 1,000 or 100,000 publications; ranking every item of a popular topic
    took ~50 ms at 100,000.
    """
    topic_ids = [topic.pk for topic in resource.topics.all()]
    pool = (
        Resource.objects.published()
        .filter(
            id__in=Resource.topics.through.objects.filter(topic_id__in=topic_ids).values(
                "resource_id"
            )
        )
        .exclude(pk=resource.pk)
        .order_by("-publication_date", "-id")
        .values("id")[:RELATED_POOL]
    )
    return (
        Resource.objects.filter(id__in=pool)
        .annotate(shared=Count("topics", filter=Q(topics__in=topic_ids)))
        .select_related("resource_type")
        .order_by("-shared", "-publication_date", "-id")[:limit]
    )
