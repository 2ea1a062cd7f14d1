"""Read-only API of jurisdictions: a searchable list (each one with its policies is in maps.api)."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from core.api import NOT_FOUND, PageNumberWithSize, only_unknown_items

from ..models import Jurisdiction, Level
from .serializers import JurisdictionSerializer


class JurisdictionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    state = django_filters.CharFilter(
        method="filter_state",
        strip=False,
        validators=[RegexValidator(r"^[A-Za-z]{2}\Z", _("Enter a two-letter state postal code."))],
    )
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100)

    class Meta:
        model = Jurisdiction
        fields: list[str] = []

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)

    def is_valid(self):
        valid = super().is_valid()
        state = self.form.cleaned_data.get("state") if valid else None
        if state and not Jurisdiction.objects.states().filter(postal_code=state.upper()).exists():
            self.form.add_error(
                "state",
                forms.ValidationError(
                    _("No state has the postal code “%(code)s”."),
                    params={"code": state},
                    code="unknown_state",
                ),
            )
            return False
        return valid


@extend_schema(
    parameters=[
        OpenApiParameter("level", str, enum=Level.values),
        OpenApiParameter(
            "state",
            {"type": "string", "pattern": "^[A-Za-z]{2}$"},
            description="State postal code, e.g. TX; an unknown one matches nothing.",
        ),
        OpenApiParameter(
            "q", {"type": "string", "maxLength": 100}, description="Part of the name, any case."
        ),
    ],
    responses={
        200: JurisdictionSerializer(many=True),
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid parameters."),
        404: NOT_FOUND,
    },
    description="States, counties, places and agencies (no boundaries: see the map features).",
)
class JurisdictionListAPIView(generics.ListAPIView):
    serializer_class = JurisdictionSerializer
    pagination_class = PageNumberWithSize

    def get_queryset(self):
        queryset = Jurisdiction.objects.defer("boundary", "point").order_by(
            "state_code", "level", "name", "id"
        )
        filterset = JurisdictionFilter(self.request.query_params, queryset=queryset)
        if not filterset.is_valid():
            if only_unknown_items(filterset, {"state": "unknown_state"}):
                return Jurisdiction.objects.none()
            raise ValidationError(filterset.errors)
        return filterset.qs
