"""Public jurisdiction pages: a state, county or agency with its policies and publications."""

import json
from itertools import groupby

from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView

from core.publishing import site_today
from jurisdictions.models import Jurisdiction, Level
from maps.selectors import jurisdiction_policies
from resources.models import Resource
from resources.selectors import resource_cards

RELATED_PUBLICATIONS = 20
# Degrees: about 500 m, plenty for a 18rem-high map of one place.
SMALL_MAP_TOLERANCE = 0.005


class AsGeoJSON(Func):
    function = "ST_AsGeoJSON"
    output_field = TextField()


class Simplify(Func):
    function = "ST_SimplifyPreserveTopology"


class JurisdictionDetailView(DetailView):
    template_name = "jurisdictions/jurisdiction_detail.html"
    context_object_name = "jurisdiction"

    def get_queryset(self):
        return (
            Jurisdiction.objects.select_related("parent")
            .defer("boundary", "point")
            .annotate(
                geometry_json=Coalesce(
                    AsGeoJSON(Simplify(F("boundary"), Value(SMALL_MAP_TOLERANCE)), Value(4)),
                    AsGeoJSON(F("point"), Value(5)),
                )
            )
        )

    def get(self, request, *args, **kwargs):
        code = self.kwargs["geoid"].strip()
        if len(code) == 2 and code.isalpha():
            state = Jurisdiction.objects.by_code(code).only("geoid").first()
            if state is None:
                raise Http404
            return redirect(state, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        try:
            return self.get_queryset().get(geoid=self.kwargs["geoid"])
        except Jurisdiction.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jurisdiction = self.object
        today = site_today()
        policies = list(jurisdiction_policies(jurisdiction))
        maps = []
        for policy_map, history in groupby(policies, key=lambda policy: policy.policy_map):
            history = list(history)
            for policy in history:
                policy.is_current = policy.effective_date <= today and (
                    policy.end_date is None or policy.end_date >= today
                )
            maps.append({"map": policy_map, "policies": history})
        children = (
            Jurisdiction.objects.filter(parent=jurisdiction)
            .order_by("level", "name")
            .only("geoid", "name", "level", "state_code")
        )
        context.update(
            maps=maps,
            children=children,
            children_label=(
                Level.COUNTY.label if jurisdiction.level == Level.STATE else Level.AGENCY.label
            ),
            publications=resource_cards(
                Resource.objects.published()
                .filter(jurisdictions=jurisdiction)
                .newest_first()[:RELATED_PUBLICATIONS]
            ),
            geometry=json.loads(jurisdiction.geometry_json)
            if jurisdiction.geometry_json
            else None,
        )
        return context
