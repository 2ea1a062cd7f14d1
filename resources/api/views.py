"""Read-only API of the library: the same search as /resources/, as JSON."""

from django.contrib.postgres.fields import ArrayField
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import BigIntegerField, Count, F, Func, Max, Prefetch, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from core.api import BAD_PARAMETERS, NOT_FOUND, PageNumberWithSize, only_unknown_items
from core.publishing import published_condition

from ..filters import Sort, search_resources
from ..models import Resource, ResourceFile, ResourceType, Topic
from ..selectors import PageRows, catalog_totals, only_type_and_topic, result_facets
from . import listing
from .serializers import ResourceSerializer, ResourceTypeSerializer, TopicSerializer


class CountedPagination(PageNumberWithSize):
    """Pages a list whose view can tell how many results there are (and, for a word search,
    which rows the page holds) without the paginator's own COUNT: see counted_results."""

    def paginate_queryset(self, queryset, request, view=None):
        counted = getattr(view, "counted_results", None)
        if counted is not None:
            raw = request.query_params.get(self.page_query_param) or "1"
            # "last" or a bad number: the paginator counts, finds or refuses the page itself.
            number = int(raw) if raw.isdigit() else None
            known = counted(page_size=self.get_page_size(request), number=number)
            if known is not None:
                total, rows = known
                self.django_paginator_class = counted_paginator(total)
                if rows is not None:
                    queryset = PickedRows(rows)
        return super().paginate_queryset(queryset, request, view)


def counted_paginator(total: int) -> type[DjangoPaginator]:
    """A paginator that is told how many results there are instead of counting them."""
    return type("CountedPaginator", (DjangoPaginator,), {"count": total})


class PickedRows:
    """The rows of the requested page, already picked: the paginator's slice returns them."""

    def __init__(self, rows):
        self.rows = rows

    def __getitem__(self, key):
        return self.rows


class LastModifiedMixin:
    """Last-Modified from the newest `updated` of what the response lists.

    ConditionalGetMiddleware then answers If-Modified-Since (and If-None-Match via the ETag) with
    304, so a client polling for changes downloads nothing when nothing changed.
    """

    def last_modified(self, queryset):
        newest = queryset.order_by().aggregate(newest=Max("updated"))["newest"]
        return http_date(newest.timestamp()) if newest else None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        stamp = getattr(self, "_last_modified", None)
        if stamp and response.status_code == 200:
            response["Last-Modified"] = stamp
        return response


# A type, topic or place that does not exist is a filter that matches nothing: in the API the
# answer is an empty list (the HTML list explains the mistake instead).
UNKNOWN_ITEMS = {
    "type": "invalid_choice",
    "topic": "invalid_choice",
    "jurisdiction": "unknown_jurisdiction",
    "state": "unknown_state",
}


def names_only_unknown_items(filterset) -> bool:
    return only_unknown_items(filterset, UNKNOWN_ITEMS)


def resource_queryset():
    """Published publications with everything a result shows, in a fixed number of queries."""
    return (
        Resource.objects.published()
        .for_listing()
        .prefetch_related(
            "jurisdictions",
            Prefetch("files", queryset=ResourceFile.objects.order_by("position", "id")),
        )
        .defer("body", "search_vector")
    )


RESOURCE_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": 200},
        description="Words, web-search syntax; at most 200 characters.",
    ),
    OpenApiParameter(
        "type",
        str,
        many=True,
        explode=True,
        description="Type slug; repeat for OR. An unknown slug matches nothing.",
    ),
    OpenApiParameter(
        "topic",
        str,
        many=True,
        explode=True,
        description="Topic slug; repeat for OR. An unknown slug matches nothing.",
    ),
    OpenApiParameter("language", str, enum=["en", "es"]),
    OpenApiParameter(
        "jurisdiction",
        {"type": "string", "maxLength": 20},
        description="A GEOID (48201) or a state postal code (TX); an unknown one matches nothing.",
    ),
    OpenApiParameter("published_after", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive."),
    OpenApiParameter("published_before", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive."),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 1900, "maximum": 2100},
        description="Publication year, 1900–2100.",
    ),
    OpenApiParameter(
        "sort",
        str,
        enum=[value for value, _label in Sort.CHOICES],
        description="newest (default), oldest, title, relevance (default with q).",
    ),
]


@extend_schema(
    parameters=RESOURCE_PARAMETERS,
    responses={200: ResourceSerializer(many=True), 400: BAD_PARAMETERS, 404: NOT_FOUND},
    description="The library search of /resources/, with the same parameters, newest first.",
)
class ResourceListAPIView(LastModifiedMixin, generics.ListAPIView):
    # The schema's shape of a result; the list itself is written by listing.page_json.
    serializer_class = ResourceSerializer
    pagination_class = CountedPagination

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(listing.page_json(page, request))

    def paginate_queryset(self, queryset):
        # Rows, not instances: a queryset the paginator slices, or the page a search picked.
        if hasattr(queryset, "values"):
            queryset = queryset.prefetch_related(None).values(*listing.FIELDS)
        return super().paginate_queryset(queryset)

    def get_queryset(self):
        filterset = search_resources(
            params=self.request.query_params,
            queryset=Resource.objects.published().defer("body", "search_vector"),
        )
        if not filterset.is_valid():
            if names_only_unknown_items(filterset):
                self._last_modified = None
                return Resource.objects.none()
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
        self.filterset = filterset
        # A word search learns its newest change from the query that counts it.
        self._last_modified = None if self.words() else self.last_modified(queryset)
        return queryset

    def words(self) -> str:
        return (self.filterset.form.cleaned_data.get("q") or "").strip()

    def counted_results(self, *, page_size: int, number: int | None):
        """(number of results, the page's rows or None), read the way the library page reads
        them, or None where the paginator's own COUNT is the way: a word search is counted,
        ranked and paged in one query (not a COUNT and a sort, each scoring every match);
        a list filtered by type and topic alone reads the kept totals."""
        filterset = getattr(self, "filterset", None)
        if filterset is None:
            return None
        chosen = filterset.form.cleaned_data
        type_ids = [item.pk for item in chosen.get("type") or ()]
        topic_ids = [item.pk for item in chosen.get("topic") or ()]
        base = filterset.facet_base()
        if self.words():
            if number is None or number < 1:
                self._last_modified = self.last_modified(filterset.qs)
                return None
            found = result_facets(
                base,
                type_ids=type_ids,
                topic_ids=topic_ids,
                page=PageRows(offset=(number - 1) * page_size, limit=page_size),
                count_topics=False,
                newest=True,
            )
            self._last_modified = http_date(found.newest) if found.newest else None
            rows = (
                Resource.objects.published()
                .filter(id__in=found.page_ids)
                .values(*listing.FIELDS)
                .order_by(
                    Func(
                        Cast(Value(found.page_ids), ArrayField(BigIntegerField())),
                        F("id"),
                        function="array_position",
                    )
                )
            )
            return found.total, rows
        if not only_type_and_topic(chosen):
            return None
        if not (type_ids or topic_ids):
            return sum(catalog_totals()[0].values()), None
        found = result_facets(
            base, type_ids=type_ids, topic_ids=topic_ids, only_type_and_topic=True
        )
        return found.total, None


@extend_schema(responses={200: ResourceSerializer, 404: NOT_FOUND})
class ResourceDetailAPIView(LastModifiedMixin, generics.RetrieveAPIView):
    serializer_class = ResourceSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return resource_queryset()

    def get_object(self):
        resource = super().get_object()
        self._last_modified = http_date(resource.updated.timestamp())
        return resource


def published_count():
    """How many public publications a type or topic has: the publication rule, in the join."""
    return Count("resources", filter=published_condition(now=timezone.now(), prefix="resources__"))


@extend_schema(description="Publication types, with how many published publications each has.")
class ResourceTypeListAPIView(generics.ListAPIView):
    serializer_class = ResourceTypeSerializer
    pagination_class = None

    def get_queryset(self):
        return ResourceType.objects.annotate(count=published_count()).order_by("position", "name")


@extend_schema(description="Topics, with how many published publications each has.")
class TopicListAPIView(generics.ListAPIView):
    serializer_class = TopicSerializer
    pagination_class = None

    def get_queryset(self):
        return Topic.objects.annotate(count=published_count()).order_by("name")
