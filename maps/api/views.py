"""Public, read-only map data: the maps, their legends, their GeoJSON and their policies."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import NOT_FOUND, PageNumberWithSize
from core.publishing import site_today
from jurisdictions.models import Jurisdiction
from maps.models import Policy, PolicyMap
from maps.selectors import (
    cached_features,
    cached_geometry,
    last_updated,
    legend,
    map_categories,
    map_shading,
    parse_as_of,
    place_detail,
    policy_history,
    unshaded_places,
)

from .serializers import (
    JurisdictionDetailSerializer,
    PolicyMapDetailSerializer,
    PolicyMapSummarySerializer,
    PolicySerializer,
)

LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=["en", "es"],
    description="Language of legend labels and page links; the request's language by default.",
)
POLICY_TEXT_LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=["en", "es"],
    description=(
        "Language of policy summaries and source titles; a text with no Spanish version is "
        "given in English and flagged untranslated. English by default."
    ),
)


def text_language(request) -> str:
    """The `lang` a request asks for, else the request's language; an unknown one is a 400."""
    language = request.query_params.get("lang", "")
    if not language:
        return get_language()
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"lang": [_("Choose one of: en, es.")]})
    return language


AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description=(
        "Show the policies in force on this date (YYYY-MM-DD), today or earlier; today when "
        "omitted. A later date is refused with 400."
    ),
)


def as_of_param(request):
    try:
        return parse_as_of(request.query_params.get("as_of"))
    except ValueError as error:
        raise ValidationError({"as_of": [str(error)]}) from None


def accepts_gzip(request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


class PublishedMapMixin:
    def get_map(self) -> PolicyMap:
        return get_object_or_404(PolicyMap.objects.published(), slug=self.kwargs["slug"])


class PolicyMapListAPIView(generics.ListAPIView):
    """Every published map."""

    serializer_class = PolicyMapSummarySerializer
    pagination_class = None

    def get_queryset(self):
        return PolicyMap.objects.published()


class PolicyMapDetailAPIView(PublishedMapMixin, APIView):
    """A published map: its metadata and its ordered legend with today's counts."""

    @extend_schema(responses=PolicyMapDetailSerializer)
    def get(self, request, slug):
        policy_map = self.get_map()
        policy_map.legend = legend(policy_map)
        policy_map.last_updated = last_updated(policy_map)
        return Response(PolicyMapDetailSerializer(policy_map).data)


class PolicyMapFeaturesAPIView(PublishedMapMixin, APIView):
    """A map as a GeoJSON FeatureCollection: one feature per jurisdiction of the map's level
    (id = GEOID), shaded by the published policy in force on `as_of`, plus agency points on
    maps that show agencies. Cached until a policy, legend entry or the map changes; send
    If-None-Match with the ETag to get 304 Not Modified."""

    @extend_schema(
        parameters=[AS_OF, LANG],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection"
            ),
            304: OpenApiResponse(description="Not modified since the ETag sent"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Bad `as_of`"),
            404: OpenApiResponse(description="No published map with this slug"),
        },
    )
    def get(self, request, slug):
        policy_map = self.get_map()
        as_of = as_of_param(request)
        language = request.query_params.get("lang", "")
        if not language:
            language = get_language()
        elif language not in dict(settings.LANGUAGES):
            raise ValidationError({"lang": [_("Choose one of: en, es.")]})
        encoding = "gzip" if accepts_gzip(request) else "identity"
        # Legend labels and the jurisdiction page links follow the page that asks.
        with translation.override(language):
            payload = cached_features(policy_map, as_of=as_of, encoding=encoding)
        if payload["etag"] in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            # Compressed once when cached, not on every request.
            response = HttpResponse(payload["content"], content_type="application/geo+json")
            if encoding == "gzip":
                response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ["Accept-Encoding"])
        response["ETag"] = payload["etag"]
        response["Last-Modified"] = http_date(payload["last_updated"].timestamp())
        # Revalidate every time: a 304 costs one query, and staff see an edit at once.
        response["Cache-Control"] = "public, no-cache"
        return response


def language_param(request) -> str:
    language = request.query_params.get("lang", "")
    if not language:
        return get_language()
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"lang": [_("Choose one of: en, es.")]})
    return language


def geometry_url(policy_map: PolicyMap, digest: str) -> str:
    return reverse("api:map-geometry", kwargs={"slug": policy_map.slug, "digest": digest})


def names_url(policy_map: PolicyMap, digest: str) -> str:
    return reverse("api:map-names", kwargs={"slug": policy_map.slug, "digest": digest})


def showing_text(as_of) -> str:
    """The sentence under the map's title that says which day it shows."""
    if as_of == site_today():
        return _("Showing the policies in force today.")
    return _("Showing the policies in force on %(date)s.") % {
        "date": formats.date_format(as_of, "DATE_FORMAT")
    }


class ImmutableDocumentMixin(PublishedMapMixin):
    """A document of the map's shapes under an address that carries a digest of its content:
    the answer never changes and may be kept for a year; an outdated digest redirects to the
    current address."""

    def document(self, policy_map: PolicyMap) -> dict:
        raise NotImplementedError

    def url(self, policy_map: PolicyMap, digest: str) -> str:
        raise NotImplementedError

    def get(self, request, slug, digest):
        policy_map = self.get_map()
        document = self.document(policy_map)
        if digest != document["digest"]:
            response = HttpResponseRedirect(self.url(policy_map, document["digest"]))
            response["Cache-Control"] = "no-cache"
            return response
        encoding = "gzip" if accepts_gzip(request) else "identity"
        response = HttpResponse(document[encoding], content_type="application/json")
        if encoding == "gzip":
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ["Accept-Encoding"])
        response["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


IMMUTABLE_RESPONSES = {
    (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
    302: OpenApiResponse(description="The document changed: its current address"),
    404: OpenApiResponse(description="No published map with this slug"),
}


@extend_schema(responses=IMMUTABLE_RESPONSES)
class PolicyMapGeometryAPIView(ImmutableDocumentMixin, APIView):
    """A map's shapes as TopoJSON (borders shared, coordinates quantized): `places`, the
    boundaries of the map's level (id = GEOID, with its state as `properties.state`), and
    `agencies`, points, on maps that show agencies. A place smaller than the grid is a small
    rectangle, never left out. No names (see the names endpoint) and no policies (those come
    per date from the places endpoint). The address carries a digest of the content; the map
    page names it."""

    def document(self, policy_map: PolicyMap) -> dict:
        return cached_geometry(policy_map)

    def url(self, policy_map: PolicyMap, digest: str) -> str:
        return geometry_url(policy_map, digest)


@extend_schema(responses=IMMUTABLE_RESPONSES)
class PolicyMapNamesAPIView(ImmutableDocumentMixin, APIView):
    """The names of a map's places and agencies by GEOID: `{"places": {geoid: name},
    "agencies": {...}}`, the companion of the geometry document, at an address that carries a
    digest of its content."""

    def document(self, policy_map: PolicyMap) -> dict:
        return cached_geometry(policy_map)["names"]

    def url(self, policy_map: PolicyMap, digest: str) -> str:
        return names_url(policy_map, digest)


class PolicyMapPlacesAPIView(PublishedMapMixin, APIView):
    """What a map shows on one date, without shapes: `places` maps each shaded place's GEOID
    (and each agency's, on maps that show agencies) to its category's position in
    `categories`; places not listed have no policy. `counts` are the legend's counts by
    category slug ("" = no policy), `showing` the sentence naming the date."""

    @extend_schema(
        parameters=[AS_OF, LANG],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The shading of one date"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Bad `as_of` or `lang`"),
            404: OpenApiResponse(description="No published map with this slug"),
        },
    )
    def get(self, request, slug):
        policy_map = self.get_map()
        as_of = as_of_param(request)
        with translation.override(language_param(request)):
            categories = legend(policy_map, as_of=as_of)
            shading = map_shading(policy_map, categories, as_of=as_of)
            counts = {category.slug: category.count for category in categories}
            counts[""] = unshaded_places(policy_map, shading.shaded_places)
            body = {
                "as_of": as_of.isoformat(),
                "is_today": as_of == site_today(),
                "showing": showing_text(as_of),
                "categories": [category.slug for category in categories],
                "counts": counts,
                "places": shading.places,
            }
        response = Response(body)
        # Revalidated every time (an ETag answers 304); the page cache keeps the body.
        response["Cache-Control"] = "public, no-cache"
        return response


class PolicyMapPlaceAPIView(PublishedMapMixin, APIView):
    """One place of a map on a date, for its popup: its category, summary, dates and source,
    or, on a map of agreements, every agency's agreement."""

    @extend_schema(
        parameters=[AS_OF, LANG],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The place's policy"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Bad `as_of` or `lang`"),
            404: OpenApiResponse(description="No such map, or no such place on it"),
        },
    )
    def get(self, request, slug, geoid):
        policy_map = self.get_map()
        as_of = as_of_param(request)
        with translation.override(language_param(request)):
            detail = place_detail(
                policy_map, map_categories(policy_map), geoid=geoid[:20], as_of=as_of
            )
        if detail is None:
            raise Http404(_("No place with this GEOID on this map."))
        response = HttpResponse(detail, content_type="application/json")
        response["Cache-Control"] = "public, no-cache"
        return response


class PolicyPagination(PageNumberWithSize):
    """200 a page; `page_size` chooses up to 1000, and more is refused with a 400, as in the
    rest of the API."""

    page_size = 200
    max_page_size = 1000


class PolicyMapPoliciesAPIView(PublishedMapMixin, generics.ListAPIView):
    """Every published policy of a map with its history (ended ones too), or only those in
    force on `as_of` when given."""

    serializer_class = PolicySerializer
    pagination_class = PolicyPagination

    @extend_schema(parameters=[AS_OF, POLICY_TEXT_LANG])
    def get(self, request, *args, **kwargs):
        with translation.override(text_language(request)):
            return super().get(request, *args, **kwargs)

    def get_queryset(self):
        policies = policy_history(self.get_map())
        if self.request.query_params.get("as_of"):
            policies = policies.in_force(as_of_param(self.request))
        return policies


@extend_schema(responses={200: JurisdictionDetailSerializer, 404: NOT_FOUND})
class JurisdictionDetailAPIView(generics.RetrieveAPIView):
    serializer_class = JurisdictionDetailSerializer

    @extend_schema(parameters=[POLICY_TEXT_LANG])
    def get(self, request, *args, **kwargs):
        with translation.override(text_language(request)):
            return super().get(request, *args, **kwargs)

    def get_object(self):
        current = (
            Policy.objects.published()
            .in_force()
            .select_related("policy_map", "category")
            .order_by("policy_map__position", "policy_map__title")
        )
        queryset = (
            Jurisdiction.objects.defer("boundary", "point")
            .select_related("parent")
            .prefetch_related(Prefetch("policies", queryset=current, to_attr="current_policies"))
        )
        return get_object_or_404(queryset, geoid=self.kwargs["geoid"])
