"""Admin screens for jurisdictions, with their boundaries on a Leaflet map."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from maps.models import Policy

from .models import Jurisdiction


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


@admin.register(Jurisdiction)
class JurisdictionAdmin(LeafletGeoAdmin, SimpleHistoryAdmin):
    list_display = ["name", "level", "geoid", "state_code", "postal_code"]
    list_filter = ["level", "state_code"]
    search_fields = ["name", "geoid", "postal_code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PolicyInline]
