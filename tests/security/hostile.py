"""Sample data and database fingerprints shared by the hostile-input and draft-leak tests."""

import hashlib

from django.apps import apps
from django.db import connection

from jurisdictions.models import Jurisdiction
from maps.models import PolicyMap
from resources.models import Resource, ResourceType, Topic


def sample_keys() -> dict[str, list[str]]:
    """Values to fill URL converters with, from the objects in the database."""
    slugs = [
        *Resource.objects.values_list("slug", flat=True)[:3],
        *PolicyMap.objects.values_list("slug", flat=True)[:3],
        *Jurisdiction.objects.values_list("slug", flat=True)[:3],
        *Topic.objects.values_list("slug", flat=True)[:2],
        *ResourceType.objects.values_list("slug", flat=True)[:2],
    ]
    geoids = list(Jurisdiction.objects.values_list("geoid", flat=True)[:3])
    ids = [str(pk) for pk in Resource.objects.values_list("pk", flat=True)[:2]]
    ids += [str(pk) for pk in PolicyMap.objects.values_list("pk", flat=True)[:2]]
    return {
        "slug": slugs,
        "pk": ids,
        "id": ids,
        "geoid": geoids,
        "state": ["TX", "tx"],
        "code": ["TX", *geoids],
        "year": ["2020"],
        "lang": ["en", "es"],
        "language": ["en", "es"],
        "format": ["json", "csv"],
    }


def database_fingerprint() -> dict[str, str]:
    """A checksum of every row of every table the project's models use."""
    fingerprint = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model._meta.managed or model._meta.proxy:
                continue
            table = model._meta.db_table
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            )
            count, digest = cursor.fetchone()
            fingerprint[table] = f"{count}:{digest}"
    return fingerprint


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
