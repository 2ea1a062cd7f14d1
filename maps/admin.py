"""Admin screens for maps, their legends and the policies that place jurisdictions on them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import MapCategory, Policy, PolicyMap


class MapCategoryInline(TranslationTabularInline):
    """The legend, in the order given by position; labels and descriptions in each language."""

    model = MapCategory
    extra = 0
    fields = ["position", "slug", "label", "description", "color"]
    ordering = ["position", "id"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(PolicyMap)
class PolicyMapAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "slug", "level", "show_agencies", "sample_data", "is_published"]
    list_filter = ["is_published", "level", "sample_data"]
    list_editable = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MapCategoryInline]


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
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
        "policy_map",
        "category",
        "status",
        ("jurisdiction__state_code", admin.AllValuesFieldListFilter),
    ]
    list_select_related = ["jurisdiction", "policy_map", "category"]
    search_fields = ["jurisdiction__name", "jurisdiction__geoid"]
    autocomplete_fields = ["jurisdiction"]
    date_hierarchy = "effective_date"
    fieldsets = [
        (None, {"fields": ["policy_map", "jurisdiction", "category", "status", "publish_at"]}),
        (_("Period"), {"fields": ["effective_date", "end_date", "last_verified"]}),
        (_("Content and source"), {"fields": ["summary", "source_title", "source_url"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            # Categories of different maps share labels: name the map in each choice.
            field.queryset = field.queryset.select_related("policy_map")
            field.label_from_instance = lambda c: f"{c.policy_map} — {c.label}"
        return field
