"""Admin screens for the catalog."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.documents import sniff_content_type
from core.history import LinkedHistoryAdminMixin, ReadableHistoryAdminMixin, RevertLinksFormMixin
from core.publishing import Status
from core.spanish import SpanishTextAdminMixin
from core.spreadsheets import SafeCSV, SafeXLSX
from core.trash import TrashAdminMixin, TrashFilter
from core.workflow import (
    OptimisticLockFormMixin,
    PublishingAdminMixin,
    WorkflowFormMixin,
    WorkflowStateFilter,
    workflow_state,
)

from .admin_views import import_view, publication_template_view
from .models import (
    Organization,
    PendingRevision,
    Project,
    Resource,
    ResourceFile,
    ResourceType,
    SearchSynonym,
    TextStatus,
    Topic,
)
from .revisions import (
    apply_to,
    needs_review,
    revision_approve,
    revision_differences,
    revision_reject,
    revision_submit,
)
from .services import resources_set_status

PUBLISH_PERMISSION = "resources.publish_resource"


@admin.register(ResourceType)
class ResourceTypeAdmin(SpanishTextAdminMixin, TranslationAdmin):
    list_display = ["name", "slug", "position", "spanish_text"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Topic)
class TopicAdmin(SpanishTextAdminMixin, TranslationAdmin):
    list_display = ["name", "slug", "spanish_text"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_es", "slug"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    extra = 1
    fields = ["file", "label", "language", "position", "content_type", "size", "text_status"]
    readonly_fields = ["content_type", "size", "text_status"]

    def _may_edit(self, request, obj) -> bool:
        # An editor's edit of a published publication waits for review; its files, which
        # the public downloads, are changed by a publisher.
        return obj is None or not needs_review(
            stored_status=obj.status, can_publish=request.user.has_perm(PUBLISH_PERMISSION)
        )

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_delete_permission(request, obj)


class FileTextFilter(admin.SimpleListFilter):
    """Publications with a file whose text the search could not read (a scan, a broken file)."""

    title = _("text of files")
    parameter_name = "file_text"

    def lookups(self, request, model_admin):
        return [
            (status, label)
            for status, label in TextStatus.choices
            if status not in (TextStatus.EXTRACTED, TextStatus.UNSUPPORTED)
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(
            id__in=ResourceFile.objects.filter(text_status=self.value()).values("resource_id")
        )


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]


class PendingRevisionFilter(admin.SimpleListFilter):
    title = _("edits awaiting review")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", _("Published, with an edit awaiting review"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pending_revision__isnull=False)
        return queryset


class ResourceAdminForm(
    WorkflowFormMixin, OptimisticLockFormMixin, RevertLinksFormMixin, forms.ModelForm
):
    """The admin builds the fields from the fieldsets; this adds the workflow, the lock and the
    links of a version being reverted to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An editor continues their pending revision: its links, like its fields, are shown.
        for name, ids in getattr(self.instance, "pending_links", {}).items():
            if name in self.fields:
                self.initial[name] = ids


@admin.register(Resource)
class ResourceAdmin(
    TrashAdminMixin,
    LinkedHistoryAdminMixin,
    ReadableHistoryAdminMixin,
    PublishingAdminMixin,
    ExportActionMixin,
    SimpleHistoryAdmin,
):
    form = ResourceAdminForm
    change_list_template = "admin/resources/resource/change_list.html"
    change_form_template = "admin/resources/resource/change_form.html"
    formats = [SafeCSV, SafeXLSX]
    list_display = ["title", "resource_type", "publication_date", "state", "language"]
    list_filter = [
        TrashFilter,
        WorkflowStateFilter,
        PendingRevisionFilter,
        "resource_type",
        "language",
        "topics",
        "is_sample",
        FileTextFilter,
    ]
    list_select_related = ["resource_type"]
    date_hierarchy = "publication_date"
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "topics",
        "coauthors",
        "projects",
        "jurisdictions",
        "translation_of",
    ]
    inlines = [ResourceFileInline]
    actions = [
        "submit_for_review",
        "publish",
        "unpublish",
        "move_to_trash",
        "restore",
        "delete_selected",
    ]
    readonly_fields = ["created", "updated", "deleted_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "resource_type",
                    "status",
                    "publish_at",
                    "loaded_updated",
                ]
            },
        ),
        (_("Dates"), {"fields": ["publication_date", "revision_date"]}),
        (_("Text"), {"fields": ["summary", "body", "language", "translation_of", "external_url"]}),
        (
            _("Classification"),
            {"fields": ["topics", "coauthors", "projects", "jurisdictions", "is_sample"]},
        ),
        (_("Record"), {"fields": ["created", "updated", "deleted_at"], "classes": ["collapse"]}),
    ]

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: import_view(self, request)),
                name="resources_resource_import",
            ),
            path(
                "import/template.csv",
                self.admin_site.admin_view(
                    lambda request: publication_template_view(self, request)
                ),
                name="resources_resource_import_template",
            ),
            path(
                "<path:object_id>/revision/",
                self.admin_site.admin_view(self.revision_view),
                name="resources_resource_revision",
            ),
        ]
        return urls + super().get_urls()

    def get_queryset(self, request):
        pending = PendingRevision.objects.filter(resource=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_pending_revision=Exists(pending))

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj) -> str:
        state = workflow_state(obj)
        if getattr(obj, "has_pending_revision", False):
            return _("%(state)s · edit awaiting review") % {"state": state}
        return state

    def _needs_review(self, request, obj) -> bool:
        stored = Resource.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        can_publish = self.has_publish_permission(request)
        return obj.pk is not None and needs_review(stored_status=stored, can_publish=can_publish)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and not self.has_publish_permission(request):
            revision = PendingRevision.objects.filter(resource=obj).first()
            if revision is not None:
                # The editor sees and continues the edit awaiting review, not the public text.
                obj.pending_links = apply_to(obj, revision.changes)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = (
            PendingRevision.objects.select_related("submitted_by")
            .filter(resource_id=object_id)
            .first()
            if str(object_id).isdigit()
            else None
        )
        extra_context = {**(extra_context or {}), "pending_revision": revision}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change and self._needs_review(request, obj):
            form.pending_revision = revision_submit(resource=obj, form=form, by=request.user)
            form.save_m2m = lambda: None
            return
        if change and not self.has_publish_permission(request):
            # publish_at is read-only for them; a revert must not bring back an old schedule.
            obj.publish_at = (
                Resource.objects.filter(pk=obj.pk).values_list("publish_at", flat=True).first()
            )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(form, "pending_revision", False) is not False:
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form, "pending_revision", False) is not False:
            return [{"changed": {"fields": [str(_("Edit submitted for review"))]}}]
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        form_revision = PendingRevision.objects.filter(resource=obj).first()
        if form_revision is not None and not self.has_publish_permission(request):
            self.message_user(
                request,
                _(
                    "Your edit of “%(title)s” awaits a publisher's review. The public keeps "
                    "seeing the published version until a publisher approves it."
                )
                % {"title": obj},
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:resources_resource_changelist"))
        return super().response_change(request, obj)

    def revision_view(self, request, object_id):
        """A pending revision beside the published version; a publisher approves or rejects."""
        resource = get_object_or_404(Resource, pk=object_id)
        if not self.has_view_or_change_permission(request, resource):
            raise PermissionDenied
        revision = PendingRevision.objects.filter(resource=resource).first()
        change_url = reverse("admin:resources_resource_change", args=[resource.pk])
        if revision is None:
            self.message_user(request, _("No edit of this publication awaits review."))
            return HttpResponseRedirect(change_url)
        can_publish = self.has_publish_permission(request)
        if request.method == "POST":
            if not can_publish:
                raise PermissionDenied
            if "approve" in request.POST:
                try:
                    revision_approve(revision=revision, by=request.user)
                except ValidationError as error:
                    self.message_user(
                        request,
                        _("The edit cannot be applied: %s") % " ".join(error.messages),
                        messages.ERROR,
                    )
                    return HttpResponseRedirect(request.path)
                self.message_user(
                    request,
                    _("Edit approved: the public now sees it on “%(title)s”.")
                    % {"title": resource},
                    messages.SUCCESS,
                )
            else:
                revision_reject(revision=revision)
                self.message_user(
                    request,
                    _("Edit rejected: “%(title)s” stays as published.") % {"title": resource},
                    messages.WARNING,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": resource,
            "title": _("Edit awaiting review: %s") % resource,
            "revision": revision,
            "differences": revision_differences(revision),
            "can_publish": can_publish,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/resources/resource/revision.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    def message_trashed(self, count: int) -> str:
        return (
            ngettext(
                "%d publication moved to the trash; it can be restored from the Trash filter.",
                "%d publications moved to the trash; they can be restored from the Trash filter.",
                count,
            )
            % count
        )

    def message_restored(self, count: int) -> str:
        return (
            ngettext(
                "%d publication restored, unpublished.",
                "%d publications restored, unpublished.",
                count,
            )
            % count
        )

    def message_sent_to_trash(self, count: int) -> str:
        return (
            ngettext(
                "%d publication was not in the trash and was moved there instead.",
                "%d publications were not in the trash and were moved there instead.",
                count,
            )
            % count
        )

    def has_publish_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def save_formset(self, request, form, formset, change):
        # File metadata comes from the stored file, never from what the browser claims.
        for inline_form in formset.forms:
            upload = inline_form.cleaned_data.get("file") if inline_form.cleaned_data else None
            if upload is not None and hasattr(upload, "content_type"):
                inline_form.instance.content_type = sniff_content_type(upload)
                inline_form.instance.size = upload.size
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        changed = resources_set_status(
            resources=queryset.filter(status=Status.DRAFT), status=Status.REVIEW
        )
        self.message_user(
            request,
            ngettext(
                "%d publication submitted for review.",
                "%d publications submitted for review.",
                changed,
            )
            % changed,
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish selected publications"), permissions=["publish"])
    def publish(self, request, queryset):
        changed = resources_set_status(resources=queryset, status=Status.PUBLISHED)
        self.message_user(
            request,
            ngettext("%d publication published.", "%d publications published.", changed) % changed,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected publications"), permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = resources_set_status(resources=queryset, status=Status.UNPUBLISHED)
        self.message_user(
            request,
            ngettext("%d publication unpublished.", "%d publications unpublished.", changed)
            % changed,
            messages.SUCCESS,
        )
