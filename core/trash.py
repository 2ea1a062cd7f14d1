"""The admin's trash, shared by publications and policies: deleting moves a record to the trash,
from which it can be restored; only a delete from the trash, after Django's confirmation page,
removes it for good."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .publishing import Status


def trash_rows(*, rows: QuerySet) -> int:
    """Move records to the trash, unpublished: hidden from the public and the admin list,
    recoverable."""
    return _move(rows, to_trash=True)


def restore_rows(*, rows: QuerySet) -> int:
    """Take records out of the trash, unpublished, for a publisher to review and publish."""
    return _move(rows, to_trash=False)


@transaction.atomic
def _move(rows: QuerySet, *, to_trash: bool) -> int:
    """Saved one by one, so history and cache invalidation see each change."""
    changed = 0
    deleted_at = timezone.now() if to_trash else None
    for row in rows.select_for_update(of=("self",)).filter(deleted_at__isnull=to_trash):
        row.deleted_at = deleted_at
        row.status = Status.UNPUBLISHED
        row.save(update_fields=["deleted_at", "status", "updated"])
        changed += 1
    return changed


class TrashFilter(admin.SimpleListFilter):
    """The admin list hides the trash unless asked; the trash is where hard deletes happen."""

    title = _("trash")
    parameter_name = "trash"

    def lookups(self, request, model_admin):
        return [("yes", _("In the trash"))]

    def queryset(self, request, queryset):
        return queryset.filter(deleted_at__isnull=self.value() != "yes")


class TrashAdminMixin:
    """Admin behaviour of a model with a `deleted_at` time and a workflow `status`.

    Trashing and restoring need the delete permission. A record in the trash is read-only
    until restored. The admin lists TrashFilter and the actions "move_to_trash", "restore"
    and "delete_selected", and words its messages in message_trashed, message_restored and
    message_sent_to_trash (each given a count).
    """

    def message_trashed(self, count: int) -> str:
        raise NotImplementedError

    def message_restored(self, count: int) -> str:
        raise NotImplementedError

    def message_sent_to_trash(self, count: int) -> str:
        """Said when a delete of live records moved them to the trash instead."""
        raise NotImplementedError

    def has_trash_permission(self, request) -> bool:
        return super().has_delete_permission(request)

    def has_delete_permission(self, request, obj=None):
        # A live record is moved to the trash first; only the trash deletes for good.
        if obj is not None and obj.deleted_at is None:
            return False
        return super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.deleted_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def delete_queryset(self, request, queryset):
        trashed = trash_rows(rows=queryset.filter(deleted_at__isnull=True))
        if trashed:
            self.message_user(request, self.message_sent_to_trash(trashed), messages.WARNING)
        super().delete_queryset(request, queryset.filter(deleted_at__isnull=False))

    @admin.action(
        description=_("Delete selected %(verbose_name_plural)s (live ones go to the trash)"),
        permissions=["delete"],
    )
    def delete_selected(self, request, queryset):
        if queryset.filter(deleted_at__isnull=True).exists():
            return self.move_to_trash(request, queryset)
        # Everything selected is already in the trash: Django's confirmation page, then delete.
        return django_delete_selected(self, request, queryset)

    @admin.action(
        description=_("Move selected %(verbose_name_plural)s to the trash"), permissions=["trash"]
    )
    def move_to_trash(self, request, queryset):
        changed = trash_rows(rows=queryset)
        self.message_user(request, self.message_trashed(changed), messages.SUCCESS)

    @admin.action(
        description=_("Restore selected %(verbose_name_plural)s from the trash"),
        permissions=["trash"],
    )
    def restore(self, request, queryset):
        changed = restore_rows(rows=queryset)
        self.message_user(request, self.message_restored(changed), messages.SUCCESS)
