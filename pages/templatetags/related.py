"""Links between the two halves of the site, for templates: the publications related to a map.

They live here, above both apps, so that maps never imports the library."""

import datetime

from django import template
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from maps.models import Policy, PolicyMap
from resources.models import Resource

register = template.Library()

RELATED_LIMIT = 6
# How many of the newest publications are tested one by one before each kind of relation is
# looked up through its own index instead.
NEWEST_WINDOW = 500


class ExistsForEachRow(Exists):
    """EXISTS tested on each row read. PostgreSQL turns an EXISTS under OR into a hashed `IN`
    of every row the subquery can match (47,000 links of publications to places at 100,000
    publications, read whole for six results); an OFFSET in the subquery keeps it a probe of
    the row's own links."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


@register.simple_tag
def related_publications(policy_map: PolicyMap, limit: int = RELATED_LIMIT) -> list[Resource]:
    """Published publications on the map's topics or about a place with a published policy on
    the map, newest first (then by title).

    Most maps find theirs among the newest publications: those are read in date order, each
    tested on its own row (its topic_ids, its links to places), until `limit` pass; one
    query. Only the newest NEWEST_WINDOW are read that way, or a map with few related
    publications would read the whole catalogue: if fewer than `limit` of them pass, the
    newest on the map's topics (through the topics' index) and the newest about its places
    (through the links) are merged instead, in two more queries. Either way, the same list."""
    published = Resource.objects.published()
    newest = published.select_related("resource_type").order_by("-publication_date", "title")
    places = Policy.objects.published().on_map(policy_map).values("jurisdiction_id")
    links = Resource.jurisdictions.through.objects.filter(jurisdiction_id__in=places)
    topics = ArraySubquery(policy_map.topics.order_by().values("pk"))
    related = Q(topic_ids__overlap=topics) | ExistsForEachRow(
        links.filter(resource_id=OuterRef("pk"))
    )
    # The day of the window's last publication (the first day of the calendar in a smaller
    # catalogue): every publication newer than that day is read, in the date index's order.
    dates = published.order_by("-publication_date").values("publication_date")
    window_edge = Coalesce(
        Subquery(dates[NEWEST_WINDOW - 1 : NEWEST_WINDOW]), Value(datetime.date.min)
    )
    found = list(
        newest.annotate(window_edge=window_edge).filter(
            related, publication_date__gt=F("window_edge")
        )[:limit]
    )
    if len(found) == limit or (found and found[0].window_edge == datetime.date.min):
        return found
    # The topics are read first: the planner picks the topics' index for the few publications
    # on a narrow topic only when it sees which topics they are.
    sources = [published.filter(pk__in=links.values("resource_id"))]
    topic_ids = list(policy_map.topics.values_list("pk", flat=True))
    if topic_ids:
        sources.append(published.filter(topic_ids__overlap=topic_ids))
    newest_of_each = [
        source.order_by("-publication_date", "title").values("pk")[:limit] for source in sources
    ]
    candidates = newest_of_each[0].union(*newest_of_each[1:])
    return list(newest.filter(pk__in=candidates)[:limit])
