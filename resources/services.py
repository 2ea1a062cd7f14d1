"""Writes to the catalog that touch several rows."""

from django.db import transaction
from django.db.models import QuerySet

from core.publishing import Status

from .models import Resource


@transaction.atomic
def resources_set_status(*, resources: QuerySet, status: str) -> int:
    """Publish or unpublish many publications at once; returns how many changed. Publications
    in the trash are left there, unpublished: they are restored first."""
    changed = 0
    live = resources.filter(deleted_at__isnull=True).exclude(status=status)
    for resource in live.select_for_update(of=("self",)):
        resource.status = status
        resource.save(update_fields=["status", "updated"])
        changed += 1
    return changed


def resource_publish(*, resource: Resource) -> None:
    resources_set_status(
        resources=Resource.objects.filter(pk=resource.pk), status=Status.PUBLISHED
    )
