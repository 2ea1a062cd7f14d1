"""Admin screens for the catalog."""

from django import forms
from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from config.spreadsheets import SafeCSV, SafeXLSX

from .admin_views import import_view
from .history import LinkedHistoryAdminMixin, RevertLinksFormMixin
from .models import Organization, Project, Resource, ResourceFile, ResourceType, Status, Topic
from .services import resources_set_status
from .trash import TrashAdminMixin, TrashFilter
from .workflow import OptimisticLockFormMixin, PublishingAdminMixin, WorkflowFormMixin

PUBLISH_PERMISSION = "resources.publish_resource"


@admin.register(ResourceType)
class ResourceTypeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
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
    fields = ["file", "label", "language", "position", "content_type", "size"]
    readonly_fields = ["content_type", "size"]


class ResourceAdminForm(
    WorkflowFormMixin, OptimisticLockFormMixin, RevertLinksFormMixin, forms.ModelForm
):
    """The admin builds the fields from the fieldsets; this adds the workflow, the lock and the
    links of a version being reverted to."""


@admin.register(Resource)
class ResourceAdmin(
    TrashAdminMixin,
    LinkedHistoryAdminMixin,
    PublishingAdminMixin,
    ExportActionMixin,
    SimpleHistoryAdmin,
):
    form = ResourceAdminForm
    change_list_template = "admin/resources/resource/change_list.html"
    formats = [SafeCSV, SafeXLSX]
    list_display = ["title", "resource_type", "publication_date", "status", "language"]
    list_filter = [TrashFilter, "resource_type", "status", "language", "topics", "is_sample"]
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
            )
        ]
        return urls + super().get_urls()

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

    def save_model(self, request, obj, form, change):
        if change and not self.has_publish_permission(request):
            # publish_at is read-only for them; a revert must not bring back an old schedule.
            obj.publish_at = (
                Resource.objects.filter(pk=obj.pk).values_list("publish_at", flat=True).first()
            )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # File metadata comes from the stored file, never from what the browser claims.
        from .validators import sniff_content_type

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
