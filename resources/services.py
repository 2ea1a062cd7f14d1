"""Writes to the catalog that touch several rows."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Resource, Status


@transaction.atomic
def resources_set_status(*, resources: QuerySet, status: str) -> int:
    """Publish or unpublish many publications at once; returns how many changed."""
    changed = 0
    for resource in resources.select_for_update().exclude(status=status):
        resource.status = status
        resource.save(update_fields=["status", "updated"])
        changed += 1
    return changed


def resource_publish(*, resource: Resource) -> None:
    resources_set_status(
        resources=Resource.objects.filter(pk=resource.pk), status=Status.PUBLISHED
    )


@transaction.atomic
def resources_trash(*, resources: QuerySet) -> int:
    """Move publications to the trash: hidden from the public and the admin list, recoverable."""
    changed = 0
    now = timezone.now()
    for resource in resources.select_for_update().filter(deleted_at__isnull=True):
        resource.deleted_at = now
        resource.status = Status.UNPUBLISHED
        resource.save(update_fields=["deleted_at", "status", "updated"])
        changed += 1
    return changed


@transaction.atomic
def resources_restore(*, resources: QuerySet) -> int:
    """Take publications out of the trash, unpublished, for a publisher to review."""
    changed = 0
    for resource in resources.select_for_update().filter(deleted_at__isnull=False):
        resource.deleted_at = None
        resource.save(update_fields=["deleted_at", "updated"])
        changed += 1
    return changed
