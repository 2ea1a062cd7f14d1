"""Admin screens for jurisdictions, with their boundaries on a Leaflet map."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Jurisdiction


@admin.register(Jurisdiction)
class JurisdictionAdmin(LeafletGeoAdmin, SimpleHistoryAdmin):
    list_display = ["name", "level", "geoid", "state_code", "postal_code"]
    list_filter = ["level", "state_code"]
    search_fields = ["name", "geoid", "postal_code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
