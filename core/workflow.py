"""Who may move a record between workflow states, and optimistic locking for admin forms."""

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .publishing import Status

# Statuses anyone who may edit can choose; the others are publishing decisions.
EDITOR_STATUSES = {Status.DRAFT, Status.REVIEW}


def allowed_statuses(*, can_publish: bool, current: str | None) -> list[tuple[str, str]]:
    """Status choices for a form: all for publishers; draft and review for others, who keep
    a published or unpublished item's status as it is."""
    if can_publish:
        allowed = set(Status.values)
    elif current in EDITOR_STATUSES or current is None:
        allowed = EDITOR_STATUSES
    else:
        # Moving a published or unpublished item back to draft would unpublish it.
        allowed = {current}
    return [(value, label) for value, label in Status.choices if value in allowed]


class WorkflowFormMixin:
    """Limits status choices to what the user may set; a non-publisher keeps a set status."""

    can_publish = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None:
            # The stored status, not the instance's: a revert form's instance is an old version.
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("status", flat=True)
                .first()
                if self.instance.pk
                else None
            )
            status.choices = allowed_statuses(can_publish=self.can_publish, current=current)

    def _post_clean(self):
        # A refused status leaves constraints conditioned on status unevaluable (Django raises
        # FieldError); the form is already invalid, so skip model validation.
        if "status" in self._errors:
            return
        super()._post_clean()


class OptimisticLockFormMixin(forms.Form):
    """Refuses a save when the record changed after this form was loaded.

    The form carries the record's `updated` time as loaded; on save the row is locked
    (the admin's change view runs in a transaction) and compared. A refused form shows each
    field that differs between what was submitted and what is stored now, and carries the
    new time, so saving again deliberately overwrites.
    """

    loaded_updated = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # Read from the table, not the instance: a revert form's instance is an old version.
            stored = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("updated", flat=True)
                .first()
            )
            if stored is not None:
                self.fields["loaded_updated"].initial = stored.isoformat()

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_updated")
        if not (self.instance.pk and loaded):
            return cleaned
        model = type(self.instance)
        current = model._default_manager.select_for_update().get(pk=self.instance.pk)
        if current.updated.isoformat() == loaded:
            return cleaned
        differences = []
        for name, value in cleaned.items():
            if name == "loaded_updated" or name not in self.fields:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many:
                stored = set(getattr(current, name).all())
                submitted = set(value or [])
                if stored != submitted:
                    differences.append((field.verbose_name, _join(submitted), _join(stored)))
                continue
            stored = getattr(current, field.attname if field.is_relation else name)
            mine = value.pk if field.is_relation and value is not None else value
            if (stored or None) != (mine or None):
                if field.is_relation:
                    stored, mine = getattr(current, name), value
                differences.append((field.verbose_name, _show(mine), _show(stored)))
        # Let a second, deliberate save go through.
        data = self.data.copy()
        data[self.add_prefix("loaded_updated")] = current.updated.isoformat()
        self.data = data
        detail = "; ".join(
            _("%(field)s: yours “%(mine)s”, now “%(current)s”")
            % {"field": field, "mine": mine, "current": stored}
            for field, mine, stored in differences
        )
        raise ValidationError(
            _(
                "Someone else saved this record at %(time)s, after you opened it. "
                "Nothing was saved. What differs: %(detail)s. "
                "Check the values, then save again to keep yours."
            )
            % {
                "time": current.updated.strftime("%Y-%m-%d %H:%M:%S"),
                "detail": detail or _("only fields outside this form"),
            },
            code="stale",
        )


class PublishingAdminMixin:
    """Status choices and scheduling follow the user's publish permission; the admin using
    this defines has_publish_permission."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Django runs its change view in a transaction; simple-history's revert view does not.
        # The lock form's select_for_update, and the cache bumps left for on_commit, need one:
        # without it a revert answered 500 on the server (autocommit) while tests passed.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Scheduling and publishing are a publisher's decisions.
        form.can_publish = self.has_publish_permission(request)
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("publish_at")
        return fields


def workflow_state(record) -> str:
    """The state a staff member needs to see: a scheduled item is not yet public."""
    if (
        record.status == Status.PUBLISHED
        and record.publish_at
        and record.publish_at > timezone.now()
    ):
        when = date_format(timezone.localtime(record.publish_at), "SHORT_DATETIME_FORMAT")
        return _("Scheduled for %(when)s") % {"when": when}
    return str(Status(record.status).label)


class WorkflowStateFilter(admin.SimpleListFilter):
    """What waits for someone: drafts, items in review, scheduled items, and what is live."""

    title = gettext_lazy("workflow")
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return [
            ("draft", gettext_lazy("Draft")),
            ("review", gettext_lazy("In review")),
            ("scheduled", gettext_lazy("Scheduled")),
            ("live", gettext_lazy("Published and public")),
            ("unpublished", gettext_lazy("Unpublished")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=Status.PUBLISHED)
        later = Q(publish_at__gt=now)
        return {
            "draft": lambda: queryset.filter(status=Status.DRAFT),
            "review": lambda: queryset.filter(status=Status.REVIEW),
            "scheduled": lambda: queryset.filter(published & later),
            "live": lambda: queryset.filter(published & ~later),
            "unpublished": lambda: queryset.filter(status=Status.UNPUBLISHED),
        }.get(self.value(), lambda: queryset)()


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _join(values) -> str:
    return ", ".join(sorted(str(v) for v in values)) or "—"
