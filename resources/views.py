"""Public pages of the library: the searchable list and a publication's page."""

from dataclasses import replace

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, Func, Prefetch, Value
from django.db.models.functions import Cast
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from .filters import Sort, search_resources
from .models import Resource, ResourceFile, SlugRedirect
from .search import suggestion, with_snippets
from .selectors import Facet, PageRows, facet_counts, related_resources, resource_cards

PAGE_SIZE = 20


def checked(facets: list[Facet], slugs: set[str]) -> list[Facet]:
    """The facets, those whose slug the search names marked as checked boxes."""
    if not slugs:
        return facets
    return [replace(facet, checked=True) if facet.slug in slugs else facet for facet in facets]


class ResourceListView(ListView):
    template_name = "resources/resource_list.html"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        # Rows are read as plain values for the cards: no related rows are joined or prefetched.
        self.filterset = search_resources(
            params=request.GET, queryset=Resource.objects.published()
        )
        self.page_error = None
        # A search with a bad value shows the facets of the search without it, the last one
        # the visitor could have run, while the form keeps what was typed.
        self.facet_search = (
            self.filterset
            if self.filterset.is_valid()
            else search_resources(
                params=without_invalid(self.filterset), queryset=Resource.objects.published()
            )
        )
        valid = self.facet_search.is_valid()
        self.facets = facet_counts(
            # Counted from the filterset's own base (facet_base): its result queryset, with
            # the words' ranking expressions, is built only where the page lists from it.
            None if valid else Resource.objects.none(),
            whole_catalog=valid and not has_filters(self.facet_search),
            filterset=self.facet_search if valid else None,
            # A word search ranks every match once: the same query counts them and picks
            # the page's rows.
            page=self.requested_rows() if self.words() else None,
        )
        response = super().get(request, *args, **kwargs)
        if not self.filterset.is_valid():
            response.status_code = 400
        elif self.page_error:
            response.status_code = 404
        return response

    def get_queryset(self):
        if not self.filterset.is_valid():
            return Resource.objects.none()
        page_ids = self.facets["page_ids"]
        if page_ids is None:
            return self.filterset.qs
        # The page's rows, found by the facet query, in rank order, with their snippets.
        rows = Resource.objects.filter(id__in=page_ids).order_by(
            Func(
                Cast(Value(page_ids), ArrayField(BigIntegerField())),
                F("id"),
                function="array_position",
            )
        )
        return RankedPage(with_snippets(rows, self.words()))

    def requested_rows(self) -> PageRows | None:
        try:
            number = int(self.request.GET.get("page") or 1)
        except ValueError:
            return None  # "last" or a bad value: the paginator reads the page or says why.
        if number < 1:
            return None
        return PageRows(offset=(number - 1) * self.paginate_by, limit=self.paginate_by)

    def words(self) -> str:
        if not self.filterset.is_valid():
            return ""
        return (self.filterset.form.cleaned_data.get("q") or "").strip()

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # The facets already counted the results: no second COUNT(*) over the catalog.
        paginator.count = self.facets["total"] if self.filterset.is_valid() else 0
        return paginator

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            paginator = self.get_paginator(queryset, page_size)
            self.page_error = _(
                "There is no page “%(page)s”. The results have %(count)d page(s)."
            ) % {"page": self.request.GET.get("page", ""), "count": paginator.num_pages}
            return paginator, None, [], False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.filterset.is_valid()
        words = self.words()
        selected_types = set(self.filterset.data.getlist("type"))
        selected_topics = set(self.filterset.data.getlist("topic"))
        context.update(
            # object_list is the current page's rows (ListView puts them there).
            cards=resource_cards(
                context["object_list"],
                types=self.facets["types"],
                topics=self.facets["topics"],
            )
            if valid and not self.page_error
            else [],
            selected_types=selected_types,
            selected_topics=selected_topics,
            filterset=self.filterset,
            form=self.filterset.form,
            page_error=self.page_error,
            result_count=context["paginator"].count if context.get("paginator") else 0,
            facets={
                **self.facets,
                "types": checked(self.facets["types"], selected_types),
                "topics": checked(self.facets["topics"], selected_topics),
            },
            chips=active_filter_chips(self.filterset) if valid else [],
            sort=self.filterset.data.get("sort") or Sort.AUTOMATIC,
            effective_sort=self.filterset.effective_sort() if valid else Sort.NEWEST,
            # Only a search that found nothing asks for a correction (one more query).
            suggestion=suggestion(words) if words and not self.facets["total"] else None,
            export_query=self.export_query(),
        )
        if context["suggestion"]:
            corrected = self.filterset.data.copy()
            corrected["q"] = context["suggestion"]
            corrected.pop("page", None)
            context["suggestion_query"] = corrected.urlencode()
        return context

    def export_query(self) -> str:
        """The current search's parameters for its feeds and downloads (no page, no sort)."""
        params = self.filterset.data.copy()
        params.pop("page", None)
        return params.urlencode()


class RankedPage:
    """The rows of the requested page, already picked: the paginator's slice returns them."""

    def __init__(self, rows):
        self.rows = rows

    def __getitem__(self, key):
        return self.rows


def without_invalid(filterset):
    """The parameters of a search less those its form refused."""
    params = filterset.data.copy()
    for name in filterset.form.errors:
        params.pop(name, None)
    params.pop("page", None)
    return params


def has_filters(filterset) -> bool:
    """Whether any parameter other than the sort order narrows the results."""
    params = filterset.data
    for name in filterset.filters:
        if name == "sort":
            continue
        values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
        if any(str(value).strip() for value in values if value is not None):
            return True
    return False


def active_filter_chips(filterset) -> list[dict]:
    """Each active filter value with the query string that removes it."""
    params = filterset.data
    chips = []
    labels = {name: field.label for name, field in filterset.form.fields.items()}
    for name in (
        "q",
        "type",
        "topic",
        "language",
        "jurisdiction",
        "published_after",
        "published_before",
        "year",
    ):
        for value in params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]:
            if not value:
                continue
            remaining = params.copy()
            remaining.setlist(name, [v for v in params.getlist(name) if v != value])
            remaining.pop("page", None)
            chips.append(
                {
                    "name": name,
                    "label": labels.get(name, name),
                    "value": _chip_value(filterset, name, value),
                    "remove_query": remaining.urlencode(),
                }
            )
    return chips


def _chip_value(filterset, name, value):
    cleaned = filterset.form.cleaned_data.get(name)
    if name in ("type", "topic") and cleaned is not None:
        for item in cleaned:
            if item.slug == value:
                return item.name
    if name == "jurisdiction" and cleaned is not None:
        return str(cleaned)
    if name == "language":
        return dict(filterset.form.fields["language"].choices).get(value, value)
    return value


class ResourceDetailView(DetailView):
    template_name = "resources/resource_detail.html"
    context_object_name = "resource"

    def get_queryset(self):
        # Staff who may view publications preview drafts at their public address.
        visible = (
            Resource.objects.all()
            if self.request.user.has_perm("resources.view_resource")
            else Resource.objects.published()
        )
        return visible.select_related(
            "resource_type", "translation_of", "translation"
        ).prefetch_related(
            "topics",
            "coauthors",
            "projects",
            "jurisdictions",
            Prefetch("files", queryset=ResourceFile.objects.order_by("position", "id")),
        )

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            # An address from before a slug change: send visitors and search engines on, for good.
            moved = (
                SlugRedirect.objects.filter(
                    old_slug=self.kwargs["slug"], resource__in=Resource.objects.published()
                )
                .select_related("resource")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.resource.get_absolute_url())
        if not self.object.is_public:
            # A staff preview: never indexed, never kept by a cache.
            response["X-Robots-Tag"] = "noindex"
            response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource = self.object
        translation = getattr(resource, "translation", None)
        other_language = resource.translation_of or translation
        if other_language is not None and not other_language.is_public:
            other_language = None
        context["other_language"] = other_language
        context["is_preview"] = not resource.is_public
        context["related"] = related_resources(resource)
        return context
