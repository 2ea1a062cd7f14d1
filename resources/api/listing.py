"""A page of the API list as JSON, read as plain rows.

The same objects as ResourceSerializer makes (tests/resources/test_api.py compares the two on
every page it fetches), without a model instance, a related manager and a serializer field
call for each publication, topic, place and file: at 20 a page those took more than half of
the request's time in Python. Names are read in the visitor's language, in the order the
serializer lists them (the models' default ordering).
"""

from collections import defaultdict

from core.display import url_for_each
from jurisdictions.models import Jurisdiction

from ..models import Resource, ResourceFile, download_name, file_url
from ..selectors import in_list_order, library_lists

# What a list row needs from the publication itself.
FIELDS = (
    "id",
    "title",
    "slug",
    "resource_type_id",
    "publication_date",
    "revision_date",
    "summary",
    "topic_ids",
    "language",
)


def page_json(rows, request) -> list[dict]:
    rows = list(rows)
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    type_list, topic_list = library_lists()
    types = {item.pk: {"slug": item.slug, "name": item.name} for item in type_list}
    topics_of = in_list_order(topic_list)
    places = defaultdict(list)
    links = (
        Resource.jurisdictions.through.objects.filter(resource_id__in=ids)
        .order_by(*(f"jurisdiction__{name}" for name in Jurisdiction._meta.ordering))
        .values_list("resource_id", "jurisdiction__geoid")
    )
    for resource_id, geoid in links:
        places[resource_id].append(geoid)
    slugs = {row["id"]: row["slug"] for row in rows}
    files = defaultdict(list)
    for item in (
        ResourceFile.objects.filter(resource_id__in=ids)
        .order_by("position", "id")
        .values("id", "resource_id", "file", "label", "language", "size", "content_type")
    ):
        files[item["resource_id"]].append(
            {
                "url": request.build_absolute_uri(file_url(item["id"], item["file"])),
                "name": download_name(
                    item["label"], slugs[item["resource_id"]], item["content_type"]
                ),
                "label": item["label"],
                "language": item["language"],
                "size": item["size"],
                "content_type": item["content_type"],
            }
        )
    page_url = url_for_each("resources:detail", "slug", request=request)
    return [
        {
            "title": row["title"],
            "slug": row["slug"],
            "type": types.get(row["resource_type_id"]),
            "publication_date": _date(row["publication_date"]),
            "revision_date": _date(row["revision_date"]),
            "summary": row["summary"],
            "topics": [
                {"slug": topic.slug, "name": topic.name} for topic in topics_of(row["topic_ids"])
            ],
            "language": row["language"],
            "jurisdictions": places.get(row["id"], []),
            "files": files.get(row["id"], []),
            "url": page_url(row["slug"]),
        }
        for row in rows
    ]


def _date(value):
    return value.isoformat() if value is not None else None
