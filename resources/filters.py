"""The library's search parameters: one FilterSet for the HTML list, the API, feeds and exports."""

import django_filters
from django import forms
from django.db.models import Case, QuerySet, Value, When
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jurisdictions.models import Jurisdiction, Level

from .models import (
    EARLIEST_DATE,
    LATEST_DATE,
    Language,
    Resource,
    ResourceType,
    SearchEntry,
    Topic,
)
from .search import matching

MAX_QUERY_LENGTH = 200
DATE_INPUT_FORMATS = ["%Y-%m-%d"]


class Sort:
    # No choice: relevance when there are words, newest first otherwise. The form offers it
    # first, so a search typed on a page showing the newest items is still ranked.
    AUTOMATIC = ""
    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"
    RELEVANCE = "relevance"
    CHOICES = [
        (NEWEST, _("Newest first")),
        (OLDEST, _("Oldest first")),
        (TITLE, _("Title (A–Z)")),
        (RELEVANCE, _("Relevance")),
    ]


class SlugChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a NUL character before it reaches the database, which cannot store one. An empty
    value (`?type=`, left by a form) means no filter."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            value = [item for item in value if item != ""]
        return super().clean(value)

    def _check_values(self, value):
        if any("\x00" in str(item) for item in value):
            raise forms.ValidationError(
                _("Null characters are not allowed."), code="null_characters_not_allowed"
            )
        return super()._check_values(value)


class SlugChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SlugChoiceField


class ResourceFilterForm(forms.Form):
    def clean_jurisdiction(self):
        code = (self.cleaned_data.get("jurisdiction") or "").strip()
        if not code:
            return None
        jurisdiction = Jurisdiction.objects.by_code(code).first()
        if jurisdiction is None:
            raise forms.ValidationError(
                _("No jurisdiction has the code “%(code)s”. Use a state postal code or a GEOID."),
                params={"code": code},
                code="unknown_jurisdiction",
            )
        return jurisdiction


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search words"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Words from the title, summary or text."),
    )
    type = SlugChoiceFilter(
        label=_("Type"),
        to_field_name="slug",
        queryset=ResourceType.objects.all(),
        method="filter_type",
    )
    topic = SlugChoiceFilter(
        label=_("Topic"), to_field_name="slug", queryset=Topic.objects.all(), method="filter_topic"
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Language.choices)
    jurisdiction = django_filters.CharFilter(
        label=_("Jurisdiction"),
        method="filter_jurisdiction",
        max_length=20,
        help_text=_("A state postal code (TX) or a Census GEOID (48201)."),
    )
    published_after = django_filters.DateFilter(
        label=_("Published on or after"),
        field_name="publication_date",
        lookup_expr="gte",
        input_formats=DATE_INPUT_FORMATS,
    )
    published_before = django_filters.DateFilter(
        label=_("Published on or before"),
        field_name="publication_date",
        lookup_expr="lte",
        input_formats=DATE_INPUT_FORMATS,
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="publication_date",
        lookup_expr="year",
        min_value=EARLIEST_DATE.year,
        max_value=LATEST_DATE.year,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"),
        choices=Sort.CHOICES,
        method="filter_sort",
        empty_label=_("Best match (relevance with words, else newest)"),
    )

    class Meta:
        model = Resource
        form = ResourceFilterForm
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return matching(queryset, value)

    def filter_type(self, queryset, name, types):
        if not types:
            return queryset
        # The chosen types' ids, not a subquery: the planner then sees a plain column filter
        # and can walk an index in order (the newest change of a filtered API list).
        return queryset.filter(resource_type_id__in=[item.pk for item in types])

    def filter_topic(self, queryset, name, topics):
        if not topics:
            return queryset
        # Any of the topics: one lookup in the GIN index of the row's own copy of its topics.
        return queryset.filter(topic_ids__overlap=[topic.pk for topic in topics])

    def filter_jurisdiction(self, queryset, name, value):
        # A state includes everything about its counties, cities and agencies.
        if value.level == Level.STATE:
            return queryset.filter(
                id__in=Resource.jurisdictions.through.objects.filter(
                    jurisdiction__state_code=value.postal_code
                ).values("resource_id")
            )
        # A semi-join on the links, which the search entries of a word search can use too.
        return queryset.filter(
            id__in=Resource.jurisdictions.through.objects.filter(jurisdiction=value).values(
                "resource_id"
            )
        )

    def filter_sort(self, queryset, name, value):
        # Ordering is applied in filter_queryset, after every filter has run.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*self.ordering())

    def queryset_without(self, *names: str, queryset: QuerySet | None = None):
        """The results as if the named parameters were not given (for disjunctive facets),
        from the values already validated: no query is made to validate them again. Given a
        queryset, the filters narrow it instead of this search's own."""
        queryset = (self.queryset if queryset is None else queryset).all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_base(self) -> QuerySet:
        """The results without their type and topic choices, in order: what the counts and
        the ranked page are read from (see selectors.result_facets). A word search reads the
        narrow search entries of the published publications, not the publications."""
        words = (self.form.cleaned_data.get("q") or "").strip()
        return self.queryset_without(
            "type", "topic", queryset=SearchEntry.objects.public() if words else None
        ).order_by(*self.ordering())

    def effective_sort(self) -> str:
        data = getattr(self.form, "cleaned_data", {})
        has_words = bool((data.get("q") or "").strip())
        sort = data.get("sort") or (Sort.RELEVANCE if has_words else Sort.NEWEST)
        return Sort.NEWEST if sort == Sort.RELEVANCE and not has_words else sort

    def ordering(self) -> list:
        sort = self.effective_sort()
        if sort == Sort.RELEVANCE:
            # Among equally relevant items, those in the visitor's language first.
            language = (get_language() or "en")[:2]
            in_language = Case(When(language=language, then=Value(0)), default=Value(1))
            return ["-rank", in_language, "-publication_date", "-id"]
        return {
            Sort.NEWEST: ["-publication_date", "-id"],
            Sort.OLDEST: ["publication_date", "id"],
            Sort.TITLE: ["title", "id"],
        }[sort]


def search_resources(*, params: QueryDict | dict, queryset=None) -> ResourceFilter:
    """The public library search. Callers read `.qs` when `.is_valid()`, else `.errors`."""
    if queryset is None:
        # A list row never shows the body or the search vector, the two largest columns.
        queryset = Resource.objects.published().for_listing().defer("body", "search_vector")
    return ResourceFilter(params, queryset=queryset)
