"""Links between the two halves of the site, for templates: the publications related to a map.

They live here, above both apps, so that maps never imports the library."""

from django import template
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Q

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
    tested on its own row (its topic_ids, its links to places), until `limit` pass. A map
    with few related publications would read the whole catalogue that way, so only the
    newest NEWEST_WINDOW are read; if fewer than `limit` of them pass, the newest on the
    map's topics (from the topics' index) and the newest about its places (from the links)
    are merged instead. Either way the result is the same list."""
    published = Resource.objects.published()
    newest = published.select_related("resource_type").order_by("-publication_date", "title")
    places = Policy.objects.published().on_map(policy_map).values("jurisdiction_id")
    links = Resource.jurisdictions.through.objects.filter(jurisdiction_id__in=places)
    related = Q(
        topic_ids__overlap=ArraySubquery(policy_map.topics.order_by().values("pk"))
    ) | ExistsForEachRow(links.filter(resource_id=OuterRef("pk")))
    dates = published.order_by("-publication_date").values_list("publication_date", flat=True)
    edge = list(dates[NEWEST_WINDOW - 1 : NEWEST_WINDOW])
    if not edge:
        # A catalogue this small is read whole.
        return list(newest.filter(related)[:limit])
    # Everything newer than the window's last day is read: `limit` found there are the newest.
    found = list(newest.filter(related, publication_date__gt=edge[0])[:limit])
    if len(found) == limit:
        return found
    topic_ids = list(policy_map.topics.values_list("pk", flat=True))
    candidates = set(
        newest.filter(pk__in=links.values("resource_id")).values_list("pk", flat=True)[:limit]
    )
    if topic_ids:
        candidates.update(
            newest.filter(topic_ids__overlap=topic_ids).values_list("pk", flat=True)[:limit]
        )
    return list(newest.filter(pk__in=candidates)[:limit])
