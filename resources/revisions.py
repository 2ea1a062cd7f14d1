"""Pending revisions: how an edit of a published publication by someone who may not publish
waits for a publisher, in the manner of Wagtail's draft revisions.

An Editor's save of a publication the public sees (published, or scheduled to be) is stored as
a PendingRevision instead of on the publication. The public keeps the published version; the
admin flags the publication; a publisher reviews the differences and approves (the edit is
applied as a save by that publisher, with the editor named in the history) or rejects it.
Drafts, items in review and unpublished items are edited in place: the public does not see them.
"""

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import record_links
from core.publishing import Status

from .models import PendingRevision, Resource

# Stored statuses whose content the public sees, now or at publish_at.
REVIEWED_STATUSES = {Status.PUBLISHED}
# What a pending revision may change; status and schedule are publishing decisions.
NOT_REVISABLE = {"status", "publish_at", "loaded_updated"}


def needs_review(*, stored_status: str | None, can_publish: bool) -> bool:
    """Whether an edit by this user must wait for a publisher."""
    return not can_publish and stored_status in REVIEWED_STATUSES


def _serialise(field, value):
    if field.many_to_many:
        return sorted(item.pk for item in value or [])
    if field.is_relation:
        return value.pk if value is not None else None
    if hasattr(value, "isoformat"):
        return DjangoJSONEncoder().default(value)
    return "" if value is None and field.empty_strings_allowed and not field.null else value


def revision_submit(*, resource: Resource, form, by) -> PendingRevision | None:
    """Make the publication's pending revision what the form holds where it differs from the
    stored publication. The editor's form starts from their pending revision, so a field set
    back to the published value leaves the revision; None when nothing differs."""
    stored = Resource.objects.get(pk=resource.pk)
    changes = {}
    for name, value in form.cleaned_data.items():
        if name in NOT_REVISABLE:
            continue
        try:
            field = Resource._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        mine = _serialise(field, value)
        current = getattr(stored, name).all() if field.many_to_many else getattr(stored, name)
        if mine != _serialise(field, current):
            changes[name] = mine
    with transaction.atomic():
        revision = PendingRevision.objects.select_for_update().filter(resource=resource).first()
        if not changes:
            if revision is not None:
                revision.delete()
            return None
        revision = revision or PendingRevision(resource=resource)
        revision.changes = changes
        revision.submitted_by = by
        revision.save()
    return revision


def apply_to(resource: Resource, changes: dict) -> dict:
    """Set the revision's field values on the instance (unsaved); return its link values."""
    links = {}
    for name, value in changes.items():
        field = Resource._meta.get_field(name)
        if field.many_to_many:
            links[name] = value
        elif field.is_relation:
            setattr(resource, field.attname, value)
        else:
            setattr(resource, name, field.to_python(value))
    return links


@transaction.atomic
def revision_approve(*, revision: PendingRevision, by) -> Resource:
    """Apply the revision to the publication, as a save by the approving publisher."""
    resource = Resource.objects.select_for_update().get(pk=revision.resource_id)
    links = apply_to(resource, revision.changes)
    resource.full_clean(validate_unique=True)
    editor = revision.submitted_by
    resource._history_user = by
    resource._change_reason = _("Approved edit by %(editor)s") % {
        "editor": editor.get_username() if editor else _("a deleted user")
    }
    resource.save()
    if links:
        resource.skip_history_when_saving = True
        try:
            for name, ids in links.items():
                getattr(resource, name).set(ids)
        finally:
            del resource.skip_history_when_saving
        record_links([resource.history.first()])
    revision.delete()
    return resource


def revision_reject(*, revision: PendingRevision) -> None:
    revision.delete()


def revision_differences(revision: PendingRevision) -> list[tuple[str, str, str]]:
    """(field label, published value, revised value) for each field the revision changes."""
    resource = revision.resource
    revised = Resource.objects.get(pk=resource.pk)
    links = apply_to(revised, revision.changes)
    rows = []
    for name in revision.changes:
        field = Resource._meta.get_field(name)
        if field.many_to_many:
            model = field.related_model
            before = ", ".join(str(item) for item in getattr(resource, name).all())
            after = ", ".join(str(item) for item in model.objects.filter(pk__in=links[name]))
        elif field.is_relation:
            before, after = getattr(resource, name), getattr(revised, name)
        else:
            before = (
                resource._get_FIELD_display(field) if field.choices else getattr(resource, name)
            )
            after = revised._get_FIELD_display(field) if field.choices else getattr(revised, name)
        rows.append((field.verbose_name, _show(before), _show(after)))
    return rows


def _show(value) -> str:
    return "—" if value in (None, "") else str(value)
