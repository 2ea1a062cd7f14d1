"""Admin screens for jurisdictions, with their boundaries on a Leaflet map."""

import re

from django.contrib import admin
from django.db.models import Case, IntegerField, Q, Value, When
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Jurisdiction, Level

LEVEL_ORDER = [Level.STATE, Level.COUNTY, Level.PLACE, Level.AGENCY]


@admin.register(Jurisdiction)
class JurisdictionAdmin(LeafletGeoAdmin, SimpleHistoryAdmin):
    list_display = ["name", "level", "geoid", "state_code", "postal_code"]
    list_filter = ["level", "state_code"]
    search_fields = ["name", "geoid", "postal_code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """Find a place as the pickers label it: "Harris County, TX", a name, or a GEOID.

        Django's search needs each word somewhere, so "County," (with the comma) found
        nothing. Exact names come first, so the first option is the place meant.
        """
        term = " ".join(search_term.split())
        if not term:
            return super().get_search_results(request, queryset, search_term)
        named = re.fullmatch(r"(?P<name>.+?),\s*(?P<state>[A-Za-z]{2})", term)
        if named:
            name = named["name"].strip()
            found = queryset.filter(name__icontains=name, state_code__iexact=named["state"])
        elif term.isdigit():
            name = term
            found = queryset.filter(geoid__startswith=term)
        else:
            name = term
            found = queryset.filter(
                Q(name__icontains=term) | Q(geoid=term) | Q(postal_code__iexact=term)
            )
        ranked = found.annotate(
            match_rank=Case(
                When(Q(name__iexact=name) | Q(geoid=name), then=Value(0)),
                When(name__istartswith=name, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            level_rank=Case(
                *(When(level=level, then=Value(rank)) for rank, level in enumerate(LEVEL_ORDER)),
                default=Value(len(LEVEL_ORDER)),
                output_field=IntegerField(),
            ),
        ).order_by("match_rank", "level_rank", "name", "state_code")
        return ranked, False
