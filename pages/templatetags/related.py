"""Links between the two halves of the site, for templates: the publications related to a map.

They live here, above both apps, so that maps never imports the library."""

from django import template
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Q

from maps.models import Policy, PolicyMap
from resources.models import Resource

register = template.Library()

RELATED_LIMIT = 6


@register.simple_tag
def related_publications(policy_map: PolicyMap, limit: int = RELATED_LIMIT) -> list[Resource]:
    """Published publications on the map's topics or about a place with a published policy on
    the map, newest first.

    Each condition is a test of the publication's own row (its topic_ids, an EXISTS on its
    places), not a join: the newest publications are read in date order until `limit` pass.
    Joined, a map's thousands of places and its topics' tens of thousands of publications were
    multiplied, made distinct and sorted (a second at 100,000 publications)."""
    places = Policy.objects.published().on_map(policy_map).values("jurisdiction_id")
    about_a_place = Resource.jurisdictions.through.objects.filter(
        resource_id=OuterRef("pk"), jurisdiction_id__in=places
    )
    return list(
        Resource.objects.published()
        .filter(
            Q(topic_ids__overlap=ArraySubquery(policy_map.topics.order_by().values("pk")))
            | Exists(about_a_place)
        )
        .select_related("resource_type")
        .order_by("-publication_date", "title")[:limit]
    )
