"""Admin screens for maps, their legends and the policies that place jurisdictions on them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from core.history import ReadableHistoryAdminMixin
from core.publishing import Status
from core.spanish import SpanishTextAdminMixin, missing_spanish
from core.spreadsheets import SafeCSV, SafeXLSX
from core.trash import TrashAdminMixin, TrashFilter
from core.workflow import (
    OptimisticLockFormMixin,
    PublishingAdminMixin,
    WorkflowFormMixin,
    WorkflowStateFilter,
    workflow_state,
)
from jurisdictions.admin import JurisdictionAdmin
from jurisdictions.models import Jurisdiction

from .admin_287g import agreement_import_view
from .admin_import import policy_import_view, policy_template_view
from .colours import legend_warnings
from .models import MapCategory, Policy, PolicyMap, SourceList
from .services import end_previous_policies, policies_replaced_by, policy_change


class CategorySelect(forms.Select):
    """Each category option names its map, so the form shows only the chosen map's."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-map"] = str(instance.policy_map_id)
        return option


class PolicyForm(WorkflowFormMixin, OptimisticLockFormMixin, forms.ModelForm):
    CORRECTION = "correction"
    NEW_POLICY = "new"

    category_change = forms.ChoiceField(
        label=_("The category changed because"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (CORRECTION, _("this record was wrong: correct it (the history keeps the old value)")),
            (NEW_POLICY, _("the policy changed on a date: end this one and start a new one")),
        ],
    )
    change_date = forms.DateField(
        label=_("New policy from"),
        required=False,
        help_text=_("The day the new category took effect; this policy ends the day before."),
    )
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
            "summary_en",
            "summary_es",
            "source_title_en",
            "source_title_es",
            "source_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        category = self.fields.get("category")
        if category is not None and self.instance.policy_map_id and not self.is_bound:
            # The policy's map's legend only; on a new policy the script narrows the list when
            # a map is chosen. A submitted category of another map is refused by the model,
            # with that reason.
            category.queryset = category.queryset.filter(policy_map_id=self.instance.policy_map_id)

    def _get_validation_exclusions(self):
        # The form edits the English and Spanish copies; the rules on a policy's source (a
        # published policy names one) read the text they are kept as, so check them here
        # rather than let the database refuse the row.
        return super()._get_validation_exclusions() - {"summary", "source_title"}

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or "category" not in self.changed_data:
            return cleaned
        kind = cleaned.get("category_change")
        if not kind:
            self.add_error(
                "category_change",
                _(
                    "You changed the category. Say whether this corrects a mistake in this "
                    "record, or whether the policy changed on a date (a new policy from then)."
                ),
            )
        elif kind == self.NEW_POLICY:
            date = cleaned.get("change_date")
            start = self.instance.effective_date
            if date is None:
                self.add_error("change_date", _("Give the day the new policy took effect."))
            elif start and date <= start:
                self.add_error(
                    "change_date",
                    _("The new policy must start after this one (%(date)s).")
                    % {"date": start.isoformat()},
                )
        return cleaned

    def _post_clean(self):
        # A new policy from a date leaves this record's category as stored; the service
        # validates the new one.
        if self.cleaned_data.get("category_change") == self.NEW_POLICY and self.instance.pk:
            super()._post_clean()
            self.new_category = self.cleaned_data.get("category")
            self.instance.category_id = (
                type(self.instance)
                ._default_manager.values_list("category_id", flat=True)
                .get(pk=self.instance.pk)
            )
            return None
        return self._end_previous_then_clean()

    def _end_previous_then_clean(self):
        # Validated as the policy will be saved: the policy it replaces ends the day before it
        # starts, so the overlap check leaves that one out. Nothing is written here; the admin
        # ends it on save (save_model), in the same transaction, rows locked since this check.
        self.instance.replacing = self._policies_to_end()
        return super()._post_clean()

    def _policies_to_end(self) -> tuple[Policy, ...]:
        data = self.cleaned_data
        if (
            self.instance.pk
            or not data.get("end_previous")
            or data.get("status") != Status.PUBLISHED
            or not all(
                data.get(name)
                for name in ("policy_map", "jurisdiction", "category", "effective_date")
            )
        ):
            return ()
        replaced = policies_replaced_by(
            policy_map=data["policy_map"],
            jurisdiction=data["jurisdiction"],
            category=data["category"],
            effective_date=data["effective_date"],
        )
        if transaction.get_connection().in_atomic_block:
            replaced = replaced.select_for_update()
        return tuple(replaced)


class MapCategoryInline(TranslationTabularInline):
    """The legend, in the order given by position; labels and descriptions in each language."""

    model = MapCategory
    extra = 0
    fields = ["position", "slug", "label", "description", "color"]
    ordering = ["position", "id"]
    prepopulated_fields = {"slug": ["label"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Plain, narrow widgets: the admin's wide text areas, in two languages, made this
        # table about 3,000 px wide.
        if db_field.name == "color":
            kwargs["widget"] = forms.TextInput(attrs={"type": "color"})
        elif db_field.name == "position":
            kwargs["widget"] = forms.NumberInput(attrs={"style": "width: 3em"})
        elif db_field.name == "slug":
            kwargs["widget"] = forms.TextInput(attrs={"size": 8})
        elif isinstance(db_field, models.TextField):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 14})
        elif isinstance(db_field, models.CharField):
            kwargs["widget"] = forms.TextInput(attrs={"size": 12})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(PolicyMap)
class PolicyMapAdmin(
    SpanishTextAdminMixin, ReadableHistoryAdminMixin, SimpleHistoryAdmin, TranslationAdmin
):
    list_display = [
        "title",
        "slug",
        "level",
        "show_agencies",
        "multiple_categories",
        "sample_data",
        "is_published",
        "spanish_text",
    ]
    list_filter = ["is_published", "level", "sample_data"]
    list_editable = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MapCategoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    def missing_spanish_of(self, obj) -> list[str]:
        missing = missing_spanish(obj)
        for category in obj.categories.all():
            missing += [
                _("legend “%(label)s”: %(field)s") % {"label": category.label, "field": field}
                for field in missing_spanish(category)
            ]
        return missing

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in legend_warnings(form.instance.categories.all()):
            self.message_user(request, warning, messages.WARNING)


@admin.register(Policy)
class PolicyAdmin(
    SpanishTextAdminMixin,
    TrashAdminMixin,
    ReadableHistoryAdminMixin,
    PublishingAdminMixin,
    ExportActionMixin,
    SimpleHistoryAdmin,
):
    change_list_template = "admin/maps/policy/change_list.html"
    formats = [SafeCSV, SafeXLSX]
    list_display = [
        "jurisdiction",
        "policy_map",
        "category",
        "effective_date",
        "end_date",
        "state",
        "last_verified",
        "spanish_text",
    ]
    list_filter = [
        TrashFilter,
        WorkflowStateFilter,
        "policy_map",
        "category",
        ("jurisdiction__state_code", admin.AllValuesFieldListFilter),
    ]
    list_select_related = ["jurisdiction", "policy_map", "category"]
    search_fields = ["jurisdiction__name", "jurisdiction__geoid"]
    autocomplete_fields = ["jurisdiction"]
    date_hierarchy = "effective_date"
    form = PolicyForm

    class Media:
        js = ["maps/admin/policy_form.js"]

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
        (
            _("Content and source"),
            {
                "fields": [
                    "summary_en",
                    "summary_es",
                    "source_title_en",
                    "source_title_es",
                    "source_url",
                ]
            },
        ),
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

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj) -> str:
        return workflow_state(obj)

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: policy_import_view(self, request))
        ice = self.admin_site.admin_view(lambda request: agreement_import_view(self, request))
        template = self.admin_site.admin_view(lambda request: policy_template_view(self, request))
        return [
            path("import/", view, name="maps_policy_import"),
            path("import/template.csv", template, name="maps_policy_import_template"),
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
        period = fieldsets[1][1]
        # Only a new policy can end the one before it; a saved one asks what a category
        # change means.
        extra = ["end_previous"] if obj is None else ["category_change", "change_date"]
        fieldsets[1] = (fieldsets[1][0], {**period, "fields": [*period["fields"], *extra]})
        return fieldsets

    def save_model(self, request, obj, form, change):
        new_category = getattr(form, "new_category", None)
        if not (change and new_category):
            if not change and obj.replacing:
                end_previous_policies(policy=obj)
            return super().save_model(request, obj, form, change)
        # The record stays as it was, ended the day before; the form's values are the new
        # policy's, from the date.
        data = form.cleaned_data
        form.new_policy = policy_change(
            policy_map=obj.policy_map,
            jurisdiction=obj.jurisdiction,
            category=new_category,
            effective_date=data["change_date"],
            summary=data.get("summary_en") or "",
            source_title=data.get("source_title_en") or "",
            summary_es=data.get("summary_es") or "",
            source_title_es=data.get("source_title_es") or "",
            source_url=data.get("source_url", ""),
            last_verified=data.get("last_verified"),
            status=obj.status,
        )
        self.message_user(
            request,
            _("New policy from %(date)s: %(policy)s. The policy before it ends the day before.")
            % {"date": data["change_date"].isoformat(), "policy": form.new_policy},
            messages.SUCCESS,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            # Categories of different maps share labels: name the map in each choice.
            field.queryset = field.queryset.select_related("policy_map")
            field.label_from_instance = lambda c: f"{c.policy_map} — {c.label}"
            field.widget = CategorySelect(choices=field.widget.choices)
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


class PolicyInline(admin.TabularInline):
    """This jurisdiction's policies on every map, newest first; edit one through its link."""

    model = Policy
    fk_name = "jurisdiction"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["policy_map", "category", "effective_date", "end_date", "status", "last_verified"]
    readonly_fields = fields
    ordering = ["policy_map", "-effective_date"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("policy_map", "category")


# A jurisdiction's admin page lists its policies on every map; the inline is added here, by the
# app that owns policies, so the geography app knows nothing of maps.
admin.site.unregister(Jurisdiction)


@admin.register(Jurisdiction)
class JurisdictionWithPoliciesAdmin(JurisdictionAdmin):
    inlines = [*JurisdictionAdmin.inlines, PolicyInline]
