"""Links between the two halves of the site, for templates: the publications related to a map.

They live here, above both apps, so that maps never imports the library."""

from django import template
from django.db.models import Q

from maps.models import Policy, PolicyMap
from resources.models import Resource

register = template.Library()

RELATED_LIMIT = 6


@register.simple_tag
def related_publications(policy_map: PolicyMap, limit: int = RELATED_LIMIT) -> list[Resource]:
    """Published publications on the map's topics or about a place with a published policy on
    the map, newest first."""
    places = Policy.objects.published().on_map(policy_map).values("jurisdiction_id")
    return list(
        Resource.objects.published()
        .filter(Q(topics__policy_maps=policy_map) | Q(jurisdictions__in=places))
        .distinct()
        .select_related("resource_type")
        .order_by("-publication_date", "title")[:limit]
    )
