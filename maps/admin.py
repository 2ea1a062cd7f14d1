"""Admin screens for maps, their legends and the policies that place jurisdictions on them."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from resources.admin_views import policy_import_view
from resources.models import Status
from resources.trash import TrashAdminMixin, TrashFilter
from resources.workflow import OptimisticLockFormMixin, PublishingAdminMixin, WorkflowFormMixin

from . import admin_corrections  # noqa: F401  (registers the corrections admin)
from .admin_287g import agreement_import_view
from .models import MapCategory, Policy, PolicyMap, SourceList


class PolicyForm(WorkflowFormMixin, OptimisticLockFormMixin, forms.ModelForm):
    end_previous = forms.BooleanField(
        label=_("End the policy in force before"),
        required=False,
        initial=True,
        help_text=_(
            "A new policy for a jurisdiction ends its current policy on this map the day before "
            "the new effective date; the old policy is kept as history."
        ),
    )

    class Meta:
        model = Policy
        fields = [
            "policy_map",
            "jurisdiction",
            "category",
            "status",
            "publish_at",
            "effective_date",
            "end_date",
            "last_verified",
            "first_listed",
            "last_listed",
            "summary",
            "source_title",
            "source_url",
        ]

    def _post_clean(self):
        # The admin saves inside a transaction: end the previous policy in a savepoint, so
        # the one-policy-in-force check sees it ended, and undo that if the form is refused.
        previous = self._policy_to_end()
        if previous is None:
            return super()._post_clean()
        savepoint = transaction.savepoint()
        previous.end_date = self.cleaned_data["effective_date"] - datetime.timedelta(days=1)
        previous.save(update_fields=["end_date", "updated"])
        super()._post_clean()
        if self.errors:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)

    def _policy_to_end(self) -> Policy | None:
        data = self.cleaned_data
        if (
            self.instance.pk
            or not data.get("end_previous")
            or data.get("status") != Status.PUBLISHED
            or not all(data.get(name) for name in ("policy_map", "jurisdiction", "effective_date"))
            or not transaction.get_connection().in_atomic_block
        ):
            return None
        previous = Policy.objects.select_for_update().filter(
            policy_map=data["policy_map"],
            jurisdiction=data["jurisdiction"],
            status=Status.PUBLISHED,
            effective_date__lt=data["effective_date"],
        )
        if data["policy_map"].multiple_categories and data.get("category"):
            # A place may hold several categories at once: only the same one is replaced.
            previous = previous.filter(category=data["category"])
        return (
            previous.exclude(end_date__lt=data["effective_date"])
            .order_by("-effective_date")
            .first()
        )


class MapCategoryInline(TranslationTabularInline):
    """The legend, in the order given by position; labels and descriptions in each language."""

    model = MapCategory
    extra = 0
    fields = ["position", "slug", "label", "description", "color"]
    ordering = ["position", "id"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(PolicyMap)
class PolicyMapAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = [
        "title",
        "slug",
        "level",
        "show_agencies",
        "multiple_categories",
        "sample_data",
        "is_published",
    ]
    list_filter = ["is_published", "level", "sample_data"]
    list_editable = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MapCategoryInline]


@admin.register(Policy)
class PolicyAdmin(TrashAdminMixin, PublishingAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    change_list_template = "admin/maps/policy/change_list.html"
    formats = [CSV, XLSX]
    list_display = [
        "jurisdiction",
        "policy_map",
        "category",
        "effective_date",
        "end_date",
        "status",
        "last_verified",
    ]
    list_filter = [
        TrashFilter,
        "policy_map",
        "category",
        "status",
        ("jurisdiction__state_code", admin.AllValuesFieldListFilter),
    ]
    list_select_related = ["jurisdiction", "policy_map", "category"]
    search_fields = ["jurisdiction__name", "jurisdiction__geoid"]
    autocomplete_fields = ["jurisdiction"]
    date_hierarchy = "effective_date"
    form = PolicyForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "policy_map",
                    "jurisdiction",
                    "category",
                    "status",
                    "publish_at",
                    "loaded_updated",
                ]
            },
        ),
        (
            _("Period"),
            {
                "fields": [
                    "effective_date",
                    "end_date",
                    "last_verified",
                    "first_listed",
                    "last_listed",
                ]
            },
        ),
        (_("Content and source"), {"fields": ["summary", "source_title", "source_url"]}),
    ]

    actions = ["publish", "unpublish", "move_to_trash", "restore", "delete_selected"]

    def message_trashed(self, count: int) -> str:
        return (
            ngettext(
                "%d policy moved to the trash; it can be restored from the Trash filter.",
                "%d policies moved to the trash; they can be restored from the Trash filter.",
                count,
            )
            % count
        )

    def message_restored(self, count: int) -> str:
        return (
            ngettext(
                "%d policy restored, unpublished.", "%d policies restored, unpublished.", count
            )
            % count
        )

    def message_sent_to_trash(self, count: int) -> str:
        return (
            ngettext(
                "%d policy was not in the trash and was moved there instead.",
                "%d policies were not in the trash and were moved there instead.",
                count,
            )
            % count
        )

    def has_publish_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("maps.publish_policy")

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: policy_import_view(self, request))
        ice = self.admin_site.admin_view(lambda request: agreement_import_view(self, request))
        return [
            path("import/", view, name="maps_policy_import"),
            path("import-287g/", ice, name="maps_policy_import_287g"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        can_import = self.has_add_permission(request) and self.has_publish_permission(request)
        extra_context = {**(extra_context or {}), "can_import": can_import}
        return super().changelist_view(request, extra_context)

    def _set_status(self, request, queryset, status) -> None:
        refused = []
        with transaction.atomic():
            changed = 0
            # A policy in the trash stays there: it is restored first, then published.
            live = queryset.filter(deleted_at__isnull=True).exclude(status=status)
            for policy in live.select_for_update(of=("self",)):
                policy.status = status
                try:
                    # E.g. a restored policy that overlaps the one that replaced it.
                    policy.validate_constraints()
                except ValidationError as error:
                    refused.append(f"{policy}: {' '.join(error.messages)}")
                    continue
                policy.save(update_fields=["status", "updated"])  # the signal refreshes the map
                changed += 1
        self.message_user(
            request, _("%(count)d policies changed.") % {"count": changed}, messages.SUCCESS
        )
        if refused:
            self.message_user(
                request,
                _("Not changed: %(policies)s") % {"policies": "; ".join(refused)},
                messages.ERROR,
            )

    @admin.action(description=_("Publish selected policies"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Unpublish selected policies"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Status.UNPUBLISHED)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:  # only a new policy can end the one before it
            period = fieldsets[1][1]
            fieldsets[1] = (
                fieldsets[1][0],
                {**period, "fields": [*period["fields"], "end_previous"]},
            )
        return fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            # Categories of different maps share labels: name the map in each choice.
            field.queryset = field.queryset.select_related("policy_map")
            field.label_from_instance = lambda c: f"{c.policy_map} — {c.label}"
        return field


@admin.register(SourceList)
class SourceListAdmin(admin.ModelAdmin):
    """The dated lists each map was read from; written by the imports only."""

    list_display = ["policy_map", "kind", "list_date", "file_name", "rows", "imported"]
    list_filter = ["policy_map", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
