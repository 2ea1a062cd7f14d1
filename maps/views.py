"""Public map pages: the list of maps, a map with its legend and table, and its downloads."""

import csv
import datetime

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from core.display import short_date_writer, url_for_each
from core.publishing import site_today
from core.spreadsheets import spreadsheet_safe

from .api.views import geometry_url, names_url
from .ice287g import PENDING
from .models import Policy, PolicyMap, SourceList
from .patterns import annotate as annotate_patterns
from .selectors import (
    GEOID_PLACEHOLDER,
    TABLE_SORTS,
    cached_features,
    cached_geometry,
    last_updated,
    legend_and_unshaded,
    map_categories,
    map_changes,
    map_states,
    parse_as_of,
    table_rows,
)

# The county map's table has ~3,200 rows: a page of 100 stays light on a phone, and the state
# filter (?state=TX) brings any one state's counties (at most 254, Texas) to a page or three.
TABLE_PAGE_SIZE = 100
NO_POLICY_COLOR = "#d9d9d9"
# The embed code's frame height: the embedded page lays its map and legend out to fit it.
EMBED_HEIGHT = 720


def map_sources(policy_map: PolicyMap, *, as_of: datetime.date) -> dict[str, str]:
    """The addresses map.js reads the map from: its shapes and their names (each at an address
    that changes with them, kept for a year), what the map shows on a date (small, fetched
    again on a change of date) and one place's popup. The shapes and the shading are named
    in preload links in <head> too: the browser starts them with the page and the script
    reuses them."""
    geometry = cached_geometry(policy_map)
    places_src = reverse("api:map-places", kwargs={"slug": policy_map.slug})
    return {
        "geometrySrc": geometry_url(policy_map, geometry["digest"]),
        "namesSrc": names_url(policy_map, geometry["names"]["digest"]),
        "placesSrc": places_src,
        "shadingSrc": places_src
        + "?"
        + urlencode({"as_of": as_of.isoformat(), "lang": get_language()}),
        "placeSrc": reverse(
            "api:map-place", kwargs={"slug": policy_map.slug, "geoid": GEOID_PLACEHOLDER}
        ),
    }


def map_insets() -> list[dict]:
    """The states and territories drawn in small maps beside the lower 48, so every place is in
    view at once: state codes, a name, and the [[south, west], [north, east]] each inset shows."""
    return [
        {
            "key": "AK",
            "states": ["AK"],
            "label": _("Alaska"),
            "bounds": [[51.2, -179.5], [71.5, -129.9]],
        },
        {
            "key": "HI",
            "states": ["HI"],
            "label": _("Hawaii"),
            "bounds": [[18.8, -160.3], [22.3, -154.7]],
        },
        {
            "key": "PR",
            "states": ["PR", "VI"],
            "label": _("Puerto Rico and the U.S. Virgin Islands"),
            "bounds": [[17.8, -67.3], [18.6, -64.5]],
        },
        {
            "key": "GU",
            "states": ["GU", "MP"],
            "label": _("Guam and the Northern Mariana Islands"),
            "bounds": [[13.2, 144.6], [20.6, 146.1]],
        },
        {
            "key": "AS",
            "states": ["AS"],
            "label": _("American Samoa"),
            "bounds": [[-14.6, -170.9], [-14.1, -169.4]],
        },
    ]


def map_labels() -> dict[str, str]:
    """The map script's words, in the visitor's language: one set for the map page and the
    page of what changed, which draw with the same script."""
    return {
        "noPolicy": _("No policy"),
        "category": _("Category"),
        "summary": _("Summary"),
        "untranslated": _("in English"),
        "effective": _("In force since"),
        "lastVerified": _("Last verified"),
        "source": _("Source"),
        "details": _("Details and history"),
        "notFound": _("No place of that name on this map."),
        "loading": _("Loading the map…"),
        "failed": _("The map data could not be loaded. The table below has it."),
        "loadingPlace": _("Loading the details…"),
        "placeFailed": _("The details could not be loaded."),
        "dateFailed": _("The map for this date could not be loaded."),
        "imageFailed": _("The image could not be made."),
        "copied": _("Copied"),
        "signed": _("signed"),
        "agreement": _("agreement (PDF or ICE page)"),
        "placeLink": _("Link to this place on the map"),
        "showInset": _("Zoom the map to %(place)s"),
        "correction": _("Suggest a correction"),
        "mainland": _("Lower 48 states"),
        "insets": _("Alaska, Hawaii and the territories"),
        "placeNotFound": _("The place in this link is not on this map."),
        "matches": _("%(count)s places match: choose one in the list."),
        "manyMatches": _(
            "%(count)s places match; the first %(shown)s are listed. "
            "Add the state, e.g. “Harris County, TX”."
        ),
    }


class PublishedMapMixin:
    def get_queryset(self):
        return PolicyMap.objects.published()


class PolicyMapListView(PublishedMapMixin, ListView):
    template_name = "maps/policymap_list.html"
    context_object_name = "maps"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                last_changed=Greatest(
                    "updated",
                    Max("policies__updated", filter=Q(policies__in=Policy.objects.published())),
                )
            )
        )


class MapRequestMixin(PublishedMapMixin):
    """Reads the parameters a map page and its downloads share: as_of, state, sort, q."""

    def read_params(self):
        self.errors = []
        try:
            self.as_of = parse_as_of(self.request.GET.get("as_of"))
        except ValueError as error:
            self.errors.append(str(error))
            self.as_of = site_today()
        self.state = self.request.GET.get("state", "").strip().upper()[:2]
        self.sort = self.request.GET.get("sort", "state")
        if self.sort.lstrip("-") not in TABLE_SORTS:
            self.sort = "state"
        self.query = self.request.GET.get("q", "").strip()[:100]
        self.category = self.request.GET.get("category", "").strip()[:100]
        self.with_policy = self.request.GET.get("with_policy") == "1"

    def rows(self, policy_map):
        rows = table_rows(policy_map, as_of=self.as_of, state=self.state, sort=self.sort)
        if self.query:
            rows = rows.filter(name__icontains=self.query)
        if self.category:
            category = next(
                (c for c in map_categories(policy_map) if c.slug == self.category), None
            )
            if category is None:
                self.errors.append(
                    _("“%(category)s” is not a category of this map.")
                    % {"category": self.category}
                )
                self.category = ""
            else:
                rows = rows.filter(category_id=category.pk)
        if self.with_policy:
            rows = rows.filter(category_id__isnull=False)
        return rows


def table_entries(rows, categories) -> list[dict]:
    """The table's rows with what the template prints ready: the category, the place's link,
    and the dates in ISO and in the short format of the visitor's language (formatted here
    once: the template's url tag and date filters were most of the page's rendering)."""
    by_id = {category.pk: category for category in categories}
    place_url = url_for_each("jurisdictions:detail", "geoid")
    short_date = short_date_writer()
    entries = []
    for row in rows:
        entry = dict(row, category=by_id.get(row["category_id"]), url=place_url(row["geoid"]))
        for name in ("effective_date", "last_verified"):
            value = row[name]
            entry[f"{name}_iso"] = value.isoformat() if value else ""
            entry[f"{name}_text"] = short_date(value)
        entries.append(entry)
    return entries


class PolicyMapDetailView(MapRequestMixin, DetailView):
    template_name = "maps/policymap_detail.html"
    context_object_name = "policy_map"

    def get(self, request, *args, **kwargs):
        self.read_params()
        self.page_missing = False
        response = super().get(request, *args, **kwargs)
        if self.page_missing:
            response.status_code = 404
        elif self.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy_map = self.object
        categories, no_policy_count = legend_and_unshaded(policy_map, as_of=self.as_of)
        patterns = annotate_patterns(categories)
        states = map_states(policy_map)
        if self.state and self.state not in states:
            self.errors.append(
                _("“%(state)s” is not a state on this map.") % {"state": self.state}
            )
            self.state = ""
        paginator = Paginator(self.rows(policy_map), TABLE_PAGE_SIZE)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
            rows = page.object_list
        except InvalidPage:
            # The library's rule: a page that does not exist is a 404 that says so.
            self.page_missing = True
            self.errors.append(
                _("There is no page “%(page)s”. The results have %(count)d page(s).")
                % {"page": self.request.GET.get("page", ""), "count": paginator.num_pages}
            )
            page, rows = paginator.page(1), []
        table = table_entries(rows, categories)
        as_of_param = "" if self.as_of == site_today() else self.as_of.isoformat()
        page_url = self.request.build_absolute_uri(policy_map.get_absolute_url())
        # The map's shapes, at an address that changes with them (kept for a year), and what
        # the map shows on the date, small, fetched again on a change of date. Both are named
        # in preload links in <head> and fetched by map.js: the browser starts the downloads
        # with the page and the script reuses them.
        sources = map_sources(policy_map, as_of=self.as_of)
        context.update(
            embed=self.request.GET.get("embed") == "1",
            errors=self.errors,
            as_of=self.as_of,
            as_of_param=as_of_param,
            is_today=self.as_of == site_today(),
            today=site_today(),
            legend=categories,
            no_policy_count=no_policy_count,
            no_policy_color=NO_POLICY_COLOR,
            last_updated=last_updated(policy_map),
            layers=PolicyMap.objects.published().filter(level=policy_map.level),
            states=states,
            state=self.state,
            sort=self.sort,
            sort_columns=[
                ("name", _("Place")),
                ("state", _("State")),
                ("category", _("Category")),
                ("effective_date", _("In force since")),
                ("last_verified", _("Last verified")),
            ],
            query=self.query,
            category=self.category,
            with_policy=self.with_policy,
            table=table,
            page_obj=page,
            paginator=paginator,
            embed_code=(
                f'<iframe src="{escape(page_url)}?embed=1" title="{escape(policy_map.title)}" '
                f'width="100%" height="{EMBED_HEIGHT}" style="border:0" loading="lazy"></iframe>'
            ),
            geometry_src=sources["geometrySrc"],
            shading_src=sources["shadingSrc"],
            print_url=page_url + (f"?as_of={as_of_param}" if as_of_param else ""),
            map_config={
                **sources,
                "asOf": self.as_of.isoformat(),
                "lang": get_language(),
                "level": policy_map.level,
                "title": policy_map.title,
                "siteName": settings.SITE_NAME,
                "mapUrl": policy_map.get_absolute_url(),
                "pageUrl": page_url,
                "asOfParam": as_of_param,
                "patterns": patterns,
                "correctionUrl": reverse("corrections:suggest")
                + "?"
                + urlencode({"map": policy_map.slug}),
                "severalCategories": policy_map.multiple_categories,
                "insets": map_insets(),
                "noPolicyColor": NO_POLICY_COLOR,
                "labels": map_labels(),
            },
        )
        return context


CSV_COLUMNS = [
    "geoid",
    "name",
    "level",
    "state",
    "category",
    "category_label",
    "effective_date",
    "end_date",
    "summary",
    "source_title",
    "source_url",
    "last_verified",
    "as_of",
    # "en" where the Spanish CSV gives a text in English for want of a translation.
    "summary_language",
    "source_title_language",
]


class PolicyMapCSVView(MapRequestMixin, View):
    """The table as CSV: every jurisdiction of the map with the policy in force on as_of."""

    def get(self, request, slug):
        self.read_params()
        if self.errors:
            return HttpResponse(" ".join(self.errors), status=400, content_type="text/plain")
        policy_map = get_object_or_404(self.get_queryset(), slug=slug)
        categories = {category.pk: category for category in map_categories(policy_map)}
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{policy_map.slug}-{self.as_of.isoformat()}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for row in self.rows(policy_map).iterator(chunk_size=1000):
            category = categories.get(row["category_id"])
            writer.writerow(
                [
                    spreadsheet_safe(value)
                    for value in (
                        row["geoid"],
                        row["name"],
                        row["level"],
                        row["state_code"],
                        category.slug if category else "",
                        category.label if category else "",
                        row["effective_date"] or "",
                        row["end_date"] or "",
                        row["summary"] or "",
                        row["source_title"] or "",
                        row["source_url"] or "",
                        row["last_verified"] or "",
                        self.as_of.isoformat(),
                        "en" if row["summary_untranslated"] else "",
                        "en" if row["source_title_untranslated"] else "",
                    )
                ]
            )
        return response


class PolicyMapGeoJSONView(MapRequestMixin, View):
    """The map's features (the same body as the API) as a file to download."""

    def get(self, request, slug):
        self.read_params()
        if self.errors:
            return HttpResponse(" ".join(self.errors), status=400, content_type="text/plain")
        policy_map = get_object_or_404(self.get_queryset(), slug=slug)
        payload = cached_features(policy_map, as_of=self.as_of)
        response = HttpResponse(payload["content"], content_type="application/geo+json")
        response["Content-Disposition"] = (
            f'attachment; filename="{policy_map.slug}-{self.as_of.isoformat()}.geojson"'
        )
        return response


class MapChangesMixin(PublishedMapMixin):
    """Reads `from` and `to` for the changes page and its CSV; by default the map's last two
    lists, or the last 30 days."""

    def read_dates(self, policy_map: PolicyMap) -> list[str]:
        errors = []
        lists = list(
            policy_map.source_lists.filter(kind=SourceList.Kind.SIGNED)
            .order_by("-list_date")
            .values_list("list_date", flat=True)[:2]
        )
        default_end = lists[0] if lists else site_today()
        default_start = lists[1] if len(lists) == 2 else default_end - datetime.timedelta(30)
        dates = {}
        for name, default in (("from", default_start), ("to", default_end)):
            value = self.request.GET.get(name)
            try:
                dates[name] = parse_as_of(value) if value else default
            except ValueError as error:
                errors.append(f"{name}: {error}")
                dates[name] = default
        if not errors and dates["from"] > dates["to"]:
            errors.append(_("from: the first date must not be later than the second."))
        self.start, self.end = dates["from"], dates["to"]
        return errors

    def changes(self, policy_map: PolicyMap):
        return map_changes(policy_map, start=self.start, end=self.end)


class PolicyMapChangesView(MapChangesMixin, DetailView):
    """What changed on a map between two dates: per place, and counts per category."""

    template_name = "maps/policymap_changes.html"
    context_object_name = "policy_map"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.errors = self.read_dates(self.object)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy_map = self.object
        changes, counts = self.changes(policy_map)
        categories = map_categories(policy_map)
        patterns = annotate_patterns(categories)
        rows = []
        for category in categories:
            start, end = counts.get(category.pk, (0, 0))
            rows.append({"category": category, "start": start, "end": end, "delta": end - start})
        # Pending agreements are listed apart and not counted with the signed ones.
        counted = [row for row in rows if row["category"].slug != PENDING]
        highlight = sorted(
            {change.jurisdiction.geoid for change in changes}
            | {
                change.jurisdiction.parent.geoid
                for change in changes
                if change.jurisdiction.parent_id
            }
        )
        sources = map_sources(policy_map, as_of=self.end)
        query = urlencode({"from": self.start.isoformat(), "to": self.end.isoformat()})
        context.update(
            errors=self.errors,
            start=self.start,
            end=self.end,
            today=site_today(),
            count_rows=rows,
            total_start=sum(row["start"] for row in counted),
            total_end=sum(row["end"] for row in counted),
            total_delta=sum(row["delta"] for row in counted),
            changes=changes,
            added_count=sum(len(change.added) for change in changes),
            ended_count=sum(len(change.ended) for change in changes),
            csv_url=reverse("maps:changes-csv", kwargs={"slug": policy_map.slug}) + "?" + query,
            geometry_src=sources["geometrySrc"],
            shading_src=sources["shadingSrc"],
            map_config={
                **sources,
                "asOf": self.end.isoformat(),
                "lang": get_language(),
                "level": policy_map.level,
                "mapUrl": policy_map.get_absolute_url(),
                "asOfParam": self.end.isoformat(),
                "patterns": patterns,
                "severalCategories": True,  # the legend here is the counts table
                "insets": map_insets(),
                "noPolicyColor": NO_POLICY_COLOR,
                "highlight": highlight,
                "labels": map_labels(),
            },
        )
        return context


CHANGES_CSV_COLUMNS = [
    "geoid",
    "name",
    "part_of",
    "state",
    "change",
    "category",
    "category_label",
    "effective_date",
    "end_date",
    "source_title",
    "source_url",
    "from",
    "to",
    # "en" where the Spanish CSV gives the source title in English for want of a translation.
    "source_title_language",
]


class PolicyMapChangesCSVView(MapChangesMixin, View):
    """The changes between two dates as CSV: one row per policy added or ended."""

    def get(self, request, slug):
        policy_map = get_object_or_404(self.get_queryset(), slug=slug)
        errors = self.read_dates(policy_map)
        if errors:
            return HttpResponse(" ".join(errors), status=400, content_type="text/plain")
        changes, _counts = self.changes(policy_map)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{policy_map.slug}-changes-{self.start.isoformat()}-'
            f'{self.end.isoformat()}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(CHANGES_CSV_COLUMNS)
        for change in changes:
            place = change.jurisdiction
            for kind, policies in (("added", change.added), ("ended", change.ended)):
                for policy in policies:
                    writer.writerow(
                        [
                            spreadsheet_safe(value)
                            for value in (
                                place.geoid,
                                place.name,
                                place.parent.name if place.parent_id else "",
                                place.state_code,
                                kind,
                                policy.category.slug,
                                policy.category.label,
                                policy.effective_date,
                                policy.end_date or "",
                                policy.shown_source_title.text,
                                policy.source_url,
                                self.start.isoformat(),
                                self.end.isoformat(),
                                "en" if policy.shown_source_title.untranslated else "",
                            )
                        ]
                    )
        return response
