"""Reads of the catalog that several views share."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language

from core.caching.pages import GENERATION_KEY
from core.caching.versioned import read_current, write_current
from core.display import digit_grouper, short_date_writer, url_for_each
from core.publishing import compiled

from .models import FacetTotal, Language, Resource, ResourceType, Topic
from .search import SearchSnippet, snippet_from_row

SUMMARY_WORDS = 60


@dataclass(frozen=True, slots=True)
class Facet:
    """One type or topic in the library's filters, with its count in the results."""

    pk: int
    slug: str
    name: str
    count: int
    # The count as the filters print it, grouped as the visitor's language groups digits.
    count_text: str = ""
    # Whether the visitor's search has this box checked (set by the list page).
    checked: bool = False


@dataclass(frozen=True, slots=True)
class Named:
    """A publication type or a topic as lists show it: its name in the visitor's language."""

    pk: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ResourceCard:
    """What a list of publications shows of one: plain values, ready for the template."""

    url: str
    title: str
    language: str
    language_name: str
    type_name: str
    publication_date: datetime.date
    # The date as the card prints it: ISO for the machine, the short format of the visitor's
    # language for people (formatted here once per card: the template's date filter cost more
    # than the rest of the card).
    date_iso: str
    date_text: str
    summary: str
    is_sample: bool
    topics: list[str]
    # Where the search words matched (summary or a file's page), highlighted; None otherwise.
    snippet: SearchSnippet | None = None


def resource_cards(
    results: QuerySet,
    *,
    types: Iterable[ResourceType | Facet | Named] | None = None,
    topics: Iterable[Topic | Facet | Named] | None = None,
) -> list[ResourceCard]:
    """The cards of a slice of publications, read as plain rows.

    Topics come from each row's own topic_ids and names from the type and topic lists (the
    library's facets already hold them, in the visitor's language), so a page of twenty costs
    one query and no model instances; lists without facets at hand pass nothing and read the
    two small tables.
    """
    fields = [
        "slug",
        "title",
        "summary",
        "language",
        "publication_date",
        "is_sample",
        "resource_type_id",
        "topic_ids",
    ]
    if "snippet" in results.query.annotations:
        fields.append("snippet")
    rows = list(results.values(*fields))
    if not rows:
        return []
    if types is None or topics is None:
        types, topics = library_lists()
    type_names = {item.pk: item.name for item in types}
    topics_of = in_list_order(topics)
    page_url = url_for_each("resources:detail", "slug")
    language_names = {code: str(label) for code, label in Language.choices}
    short_date = short_date_writer()
    return [
        ResourceCard(
            url=page_url(row["slug"]),
            title=row["title"],
            language=row["language"],
            language_name=language_names.get(row["language"], row["language"]),
            type_name=type_names.get(row["resource_type_id"], ""),
            publication_date=row["publication_date"],
            date_iso=row["publication_date"].isoformat(),
            date_text=short_date(row["publication_date"]),
            summary=Truncator(row["summary"]).words(SUMMARY_WORDS, truncate=" …"),
            is_sample=row["is_sample"],
            topics=[topic.name for topic in topics_of(row["topic_ids"])],
            snippet=snippet_from_row(row.get("snippet")),
        )
        for row in rows
    ]


# The totals the triggers keep (see FacetTotal), less published items still waiting for their
# publish_at time: exactly what Resource.objects.published() would count, without a scan.
CATALOG_TOTALS_SQL = """
    SELECT kind, object_id, SUM(n) FROM (
        SELECT kind, object_id, published AS n FROM resources_facettotal
        UNION ALL
        SELECT 'type', resource_type_id, -COUNT(*) FROM ({waiting}) waiting
        GROUP BY resource_type_id
        UNION ALL
        SELECT 'topic', topic_id, -COUNT(*)
        FROM (SELECT unnest(topic_ids) AS topic_id FROM ({waiting}) waiting) topics
        GROUP BY topic_id
    ) totals GROUP BY kind, object_id
"""


def _waiting(now) -> QuerySet:
    """Published items still waiting for their publish_at time: what the kept totals count and
    the public may not see yet. Raw SQL below takes them from this queryset, compiled."""
    return Resource.objects.scheduled(now=now).order_by().values("resource_type_id", "topic_ids")


def catalog_totals(*, now=None) -> tuple[dict, dict]:
    """Published publications per type and per topic in the whole catalog, in one query."""
    with connection.cursor() as cursor:
        waiting, params = compiled(_waiting(now or timezone.now()), name="waiting")
        cursor.execute(CATALOG_TOTALS_SQL.format(waiting=waiting), params)
        rows = cursor.fetchall()
    by_type = {pk: int(n) for kind, pk, n in rows if kind == FacetTotal.Kind.TYPE}
    by_topic = {pk: int(n) for kind, pk, n in rows if kind == FacetTotal.Kind.TOPIC}
    return by_type, by_topic


# The search runs once: its results ("base", every filter but the type and topic choices) are
# counted per type and per topic and, for a word search, ranked for the page, in one query.
# Counts are disjunctive: a type's count respects every filter but the types (the chosen topics
# included), a topic's count every filter but the topics (the chosen types included), so a
# count says what checking that box would add. The total is the sum of the chosen types'
# counts among the chosen topics (no third count). Topics are counted from each row's own
# topic_ids, with no probe of the link table. A selective base (words, or no type or topic
# chosen) is found once and kept; otherwise each count reads its own indexes.
FACETS_SQL = """
    WITH base AS {materialized} ({base})
    {branches}
"""
TYPE_COUNTS_SQL = (
    "SELECT 'type', resource_type_id, COUNT(*) FROM base WHERE {topic_condition} "
    "GROUP BY resource_type_id"
)
# unnest() in the select list (one ProjectSet) costs half a lateral join to a function scan.
TOPIC_COUNTS_SQL = """
    SELECT 'topic', topic_id, COUNT(*)
    FROM (SELECT unnest(topic_ids) AS topic_id FROM base WHERE {type_condition}) topics
    GROUP BY topic_id
"""
# Filtered by type and topic alone, no count needs the results: the whole catalog's totals and
# the per type and topic totals (TypeTopicTotal) say what each box would add, less the items
# still waiting for their publish_at time (a few, from their partial index). Counting the
# topics of every practice advisory (40 % of the catalog) took ~60 ms at 100,000 publications.
TYPE_TOTALS_SQL = """
    SELECT 'type', object_id, SUM(n) FROM (
        SELECT object_id, published AS n FROM resources_facettotal WHERE kind = 'type'
        UNION ALL
        SELECT resource_type_id, -1 FROM ({waiting}) waiting
    ) totals GROUP BY object_id
"""
TOPIC_TOTALS_SQL = """
    SELECT 'topic', object_id, SUM(n) FROM (
        SELECT object_id, published AS n FROM resources_facettotal WHERE kind = 'topic'
        UNION ALL
        SELECT unnest(topic_ids), -1 FROM ({waiting}) waiting
    ) totals GROUP BY object_id
"""
TYPE_TOTALS_OF_TOPIC_SQL = """
    SELECT 'type', resource_type_id, SUM(n) FROM (
        SELECT resource_type_id, published AS n FROM resources_typetopictotal
        WHERE topic_id = %s
        UNION ALL
        SELECT resource_type_id, -1 FROM ({waiting}) waiting
        WHERE topic_ids @> ARRAY[%s]::bigint[]
    ) totals GROUP BY resource_type_id
"""
TOPIC_TOTALS_OF_TYPES_SQL = """
    SELECT 'topic', topic_id, SUM(n) FROM (
        SELECT topic_id, published AS n FROM resources_typetopictotal
        WHERE resource_type_id = ANY(%s::bigint[])
        UNION ALL
        SELECT unnest(topic_ids), -1 FROM ({waiting}) waiting
        WHERE resource_type_id = ANY(%s::bigint[])
    ) totals GROUP BY topic_id
"""
# The ids of one page of a word search, in rank order (each base row carries its position).
PAGE_SQL = """(
    SELECT 'page', id, position FROM base WHERE {type_condition} AND {topic_condition}
    ORDER BY position LIMIT %s OFFSET %s
)"""
# Ranked by relevance, the page is the top of the ranked rows: each base row carries its rank
# and tie-breakers, and a top-N sort keeps the page's rows only, instead of numbering every match
# in order (a full sort of 11,000 rows for "asylum" at 100,000 publications).
RANKED_PAGE_SQL = """(
    SELECT 'page', id, NULL FROM base WHERE {type_condition} AND {topic_condition}
    ORDER BY rank DESC, other_language, publication_date DESC, id DESC LIMIT %s OFFSET %s
)"""
# The newest change among the results, in whole seconds (what Last-Modified says).
NEWEST_SQL = """
    SELECT 'updated', floor(extract(epoch FROM MAX(updated)))::bigint, NULL
    FROM base WHERE {type_condition} AND {topic_condition}
"""


@dataclass(frozen=True, slots=True)
class ResultCounts:
    """What result_facets found: counts per type and per topic (pk -> count), the number of
    results, the ids of the page asked for, and the newest change in seconds since the epoch."""

    by_type: dict
    by_topic: dict
    total: int
    page_ids: list[int] | None
    newest: int | None = None


@dataclass(frozen=True, slots=True)
class PageRows:
    """Which rows of the ranked results to return with the counts: `limit` from `offset`."""

    offset: int
    limit: int


def result_facets(
    base: QuerySet,
    *,
    type_ids: list[int] = (),
    topic_ids: list[int] = (),
    page: PageRows | None = None,
    only_type_and_topic: bool = False,
    count_topics: bool = True,
    newest: bool = False,
) -> "ResultCounts":
    """Counts per type and per topic, the total, and the ids of a page when asked, in one
    query. `base` is the search without its type and topic filters, in its order;
    `only_type_and_topic` says it has no other filter, so the kept totals can count. The API
    needs no topic counts (`count_topics`) but the newest change (`newest`)."""
    order_by = list(base.query.order_by)
    by_relevance = (
        page is not None
        and len(order_by) == 4
        and order_by[0] == "-rank"
        and order_by[2:] == ["-publication_date", "-id"]
    )
    fields = ["id", "resource_type_id", "topic_ids"]
    if newest:
        fields.append("updated")
    hits = base
    if by_relevance:
        # The order of RANKED_PAGE_SQL: order_by[1] puts the visitor's language first.
        hits = base.annotate(other_language=order_by[1])
        fields += ["rank", "other_language", "publication_date"]
    elif page is not None:
        hits = base.annotate(position=Window(RowNumber(), order_by=order_by))
        fields.append("position")
    hits = hits.values(*fields)
    if page is None or by_relevance:
        hits = hits.order_by()
    try:
        sql, params = hits.query.sql_with_params()
    except EmptyResultSet:
        return ResultCounts({}, {}, 0, [] if page else None)
    type_ids, topic_ids = list(type_ids), list(topic_ids)
    conditions = {
        "type_condition": "resource_type_id = ANY(%s::bigint[])" if type_ids else "TRUE",
        "topic_condition": "topic_ids && %s::bigint[]" if topic_ids else "TRUE",
    }
    type_params = [type_ids] if type_ids else []
    topic_params = [topic_ids] if topic_ids else []
    totals = only_type_and_topic and page is None
    waiting, waiting_params = _waiting(timezone.now()).query.sql_with_params()
    if totals and not topic_ids:
        type_counts = TYPE_TOTALS_SQL.format(waiting=waiting)
        type_count_params = [*waiting_params]
    elif totals and len(topic_ids) == 1:
        type_counts = TYPE_TOTALS_OF_TOPIC_SQL.format(waiting=waiting)
        type_count_params = [*topic_ids, *waiting_params, *topic_ids]
    else:
        type_counts, type_count_params = TYPE_COUNTS_SQL.format(**conditions), topic_params
    if totals and not type_ids:
        topic_counts = TOPIC_TOTALS_SQL.format(waiting=waiting)
        topic_count_params = [*waiting_params]
    elif totals:
        topic_counts = TOPIC_TOTALS_OF_TYPES_SQL.format(waiting=waiting)
        topic_count_params = [type_ids, *waiting_params, type_ids]
    else:
        topic_counts, topic_count_params = TOPIC_COUNTS_SQL.format(**conditions), type_params
    branches = [(type_counts, type_count_params)]
    if count_topics:
        branches.append((topic_counts, topic_count_params))
    if page is not None:
        page_sql = (RANKED_PAGE_SQL if by_relevance else PAGE_SQL).format(**conditions)
        branches.append((page_sql, [*type_params, *topic_params, page.limit, page.offset]))
    if newest:
        branches.append((NEWEST_SQL.format(**conditions), [*type_params, *topic_params]))
    # Kept (MATERIALIZED) when it is found once for several reads: a word search, or a base
    # that no type or topic narrows; otherwise each count reads its own indexes.
    selective = page is not None or not (type_ids or topic_ids)
    query = FACETS_SQL.format(
        materialized="MATERIALIZED" if selective else "NOT MATERIALIZED",
        base=sql,
        branches="\nUNION ALL\n".join(branch for branch, _params in branches),
    )
    params = [*params, *(value for _branch, values in branches for value in values)]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    by_type = {pk: int(n) for kind, pk, n in rows if kind == FacetTotal.Kind.TYPE}
    by_topic = {pk: int(n) for kind, pk, n in rows if kind == FacetTotal.Kind.TOPIC}
    # Type counts respect every filter but the types: the total is theirs, over the chosen types.
    total = sum(n for pk, n in by_type.items() if not type_ids or pk in type_ids)
    page_ids = [pk for kind, pk, _n in rows if kind == "page"] if page is not None else None
    seconds = next((pk for kind, pk, _n in rows if kind == "updated"), None)
    return ResultCounts(by_type, by_topic, total, page_ids, seconds)


def facet_counts(
    results: QuerySet | None,
    *,
    whole_catalog: bool = False,
    filterset=None,
    page: PageRows | None = None,
) -> dict:
    """Counts per type and per topic within a result set; every type and topic, zero included.

    `results` is counted only without a filterset (with one, its facet_base is).
    With whole_catalog (no filter applied), the counts come from the trigger-kept totals
    instead of counting the catalog. `total` is the size of the result set, so the list's
    paginator need not count again. Given the search's filterset, the counts are disjunctive
    (see FACETS_SQL); given a page, `page_ids` are the ids of its rows, in order.
    """
    page_ids = None
    if whole_catalog:
        by_type, by_topic = catalog_totals()
        total = sum(by_type.values())
    else:
        chosen = filterset.form.cleaned_data if filterset is not None else {}
        found = result_facets(
            filterset.facet_base() if filterset is not None else results,
            type_ids=[item.pk for item in chosen.get("type") or ()],
            topic_ids=[item.pk for item in chosen.get("topic") or ()],
            page=page,
            only_type_and_topic=filterset is not None and only_type_and_topic(chosen),
        )
        by_type, by_topic, total, page_ids = (
            found.by_type,
            found.by_topic,
            found.total,
            found.page_ids,
        )
    types, topics = library_lists()
    return {
        "types": facet_entries(types, by_type),
        "topics": facet_entries(topics, by_topic),
        "total": total,
        "page_ids": page_ids,
    }


def only_type_and_topic(chosen: dict) -> bool:
    """Whether a search's validated values filter by nothing but types and topics (blank words
    filter nothing, as filter_q says)."""
    for name, value in chosen.items():
        if name in ("type", "topic", "sort"):
            continue
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, ""):
            return False
    return True


def library_lists() -> tuple[list[Named], list[Named]]:
    """Every publication type and every topic, in list order, named in the active language.

    Where the page cache is on, they are kept with the cached pages, under the same
    generation (core/caching/pages.py): any edit to the library makes both stale at once, on
    every server. An uncached list page then reads them with the page's other Redis reads
    instead of two queries and sixty model instances. Without the page cache (tests, whose
    transactions never commit to bump the generation) they are read every time.
    """

    def read(model) -> list[tuple]:
        return list(model.objects.values_list("pk", "slug", "name"))

    if settings.PAGE_CACHE_SECONDS <= 0:
        types, topics = read(ResourceType), read(Topic)
    else:
        key = f"library:types-and-topics:{get_language()}"
        generation, found = read_current(GENERATION_KEY, [key])
        if key in found:
            types, topics = found[key]
        else:
            types, topics = read(ResourceType), read(Topic)
            write_current(generation, {key: (types, topics)}, timeout=settings.PAGE_CACHE_SECONDS)
    return [Named(*row) for row in types], [Named(*row) for row in topics]


def in_list_order(topics: Iterable[Topic | Facet | Named]):
    """A function giving the topics of a row's topic_ids in the order of the list (by name, as
    the facets show them); ids not in the list are left out."""
    topics = list(topics)
    position = {item.pk: index for index, item in enumerate(topics)}
    return lambda topic_ids: [
        topics[index] for index in sorted(position[pk] for pk in topic_ids or () if pk in position)
    ]


def facet_entries(items: Iterable[ResourceType | Topic | Named], counts: dict) -> list[Facet]:
    # Names are read once, in the visitor's language; the template then reads plain values.
    grouped = digit_grouper()
    entries = []
    for item in items:
        count = counts.get(item.pk, 0)
        entries.append(Facet(item.pk, item.slug, item.name, count, grouped(count)))
    return entries


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
        # Each row's own topic_ids (kept from the links by triggers), read as the date index is
        # walked: probing the link table for every row walked took 30–130 ms at a million.
        .filter(topic_ids__overlap=topic_ids)
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
