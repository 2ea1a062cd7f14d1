"""Reads of map data shared by the map page, its downloads and the map API."""

import datetime
import gzip
import hashlib
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FilteredRelation,
    Max,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.caching.pages import seconds_until_next_change
from core.caching.versioned import current_version as cache_version
from core.caching.versioned import read_current, write_current
from core.publishing import compiled, published_condition, site_today
from jurisdictions.models import Jurisdiction, Level
from jurisdictions.topojson import ShapeToEncode, encode

from .cache import GEOMETRY_VERSION_KEY, entry_key, version_key
from .models import MapCategory, Policy, PolicyMap

# Degrees; about 2 km at US latitudes, under a pixel at the zoom a national map is read at.
# Measured on the us-atlas counties (3,231 shapes): 0.01 gave 339 KB gzipped, 0.02 gives
# 276 KB, within the 300 KB budget for a phone on a slow connection.
SIMPLIFY_TOLERANCE = 0.02
# Five decimals would be metre precision; three (about 100 m) is plenty for a choropleth.
COORDINATE_DIGITS = 3
POINT_DIGITS = 5

GEOID_PLACEHOLDER = "__geoid__"
FEATURES_CACHE_SECONDS = 60 * 60 * 24

# The map page's geometry (TopoJSON, borders shared): a grid of 10,000 steps across the
# country and its territories, and each shared border simplified once at 0.03 degrees (about
# 3 km, under a pixel at the national zoom). Measured on the us-atlas counties: about 140 KB
# gzipped without the names (they come apart, ~23 KB), against ~290 KB for the GeoJSON of one
# date.
GEOMETRY_QUANTIZATION = 10_000
GEOMETRY_TOLERANCE = 0.03
GEOMETRY_CACHE_SECONDS = 60 * 60 * 24 * 7


def map_categories(policy_map: PolicyMap) -> list[MapCategory]:
    """The map's legend, in order, in the active language."""
    return list(policy_map.categories.order_by("position", "id"))


def legend_and_unshaded(
    policy_map: PolicyMap, *, as_of: datetime.date
) -> tuple[list[MapCategory], int]:
    """The legend with its counts on a date, and how many places of the map's level have no
    policy then (a place shaded through one of its agencies counts as shaded)."""
    categories = legend(policy_map, as_of=as_of)
    in_force = in_force_policies(policy_map, as_of=as_of)
    if policy_map.multiple_categories:
        # Places shaded themselves or through their agencies, each once however many
        # agreements: counted in the database, in one query.
        level = policy_map.level
        shaded = (
            in_force.filter(Q(jurisdiction__level=level) | Q(jurisdiction__parent__level=level))
            .order_by()
            .aggregate(
                n=Count(
                    Case(
                        When(jurisdiction__level=level, then=F("jurisdiction_id")),
                        default=F("jurisdiction__parent_id"),
                    ),
                    distinct=True,
                )
            )["n"]
        )
    else:
        shaded = in_force.filter(jurisdiction__level=policy_map.level).count()
    return categories, unshaded_places(policy_map, shaded)


def unshaded_places(policy_map: PolicyMap, shaded: int) -> int:
    """How many places of the map's level have no policy, `shaded` of them having one."""
    level_total = Jurisdiction.objects.filter(level=policy_map.level).count()
    return max(level_total - shaded, 0)


def in_force_policies(policy_map: PolicyMap, *, as_of: datetime.date | None = None) -> QuerySet:
    return Policy.objects.published().on_map(policy_map).in_force(as_of)


def legend_counts(policy_map: PolicyMap, *, as_of: datetime.date | None = None) -> dict[int, int]:
    """Jurisdictions in force per category on a date, in one query."""
    rows = (
        in_force_policies(policy_map, as_of=as_of)
        .order_by()
        .values("category_id")
        .annotate(n=Count("jurisdiction_id", distinct=True))
    )
    return {row["category_id"]: row["n"] for row in rows}


def legend(policy_map: PolicyMap, *, as_of: datetime.date | None = None) -> list[MapCategory]:
    """Legend categories with `count`: two queries whatever the size of the map."""
    categories = map_categories(policy_map)
    counts = legend_counts(policy_map, as_of=as_of)
    for category in categories:
        category.count = counts.get(category.pk, 0)
    return categories


def last_updated(policy_map: PolicyMap) -> datetime.date:
    """The day the map or any of its published policies last changed."""
    return timezone.localdate(last_updated_moment(policy_map))


def _published_policy_sql(policy_map: PolicyMap, now: datetime.datetime) -> tuple[str, dict]:
    """The condition "p is a public policy of this map", compiled from
    Policy.objects.published() for the one query written in SQL."""
    public, params = compiled(
        Policy.objects.published(now=now).filter(policy_map=policy_map).values("id"),
        name="public",
    )
    return f"p.policy_map_id = %(map_id)s AND p.id IN ({public})", params


def _in_force_sql(policy_map: PolicyMap, as_of: datetime.date) -> tuple[str, dict]:
    """The condition "p is a public policy of this map in force on `as_of`", and the
    parameters every query of one date of the map shares."""
    published, params = _published_policy_sql(policy_map, timezone.now())
    condition = (
        f"{published} AND p.effective_date <= %(as_of)s"
        " AND (p.end_date IS NULL OR p.end_date >= %(as_of)s)"
    )
    params |= {
        "map_id": policy_map.pk,
        "as_of": as_of,
        "level": policy_map.level,
        "show_agencies": policy_map.show_agencies,
        "agency": Level.AGENCY,
    }
    return condition, params


# One row of JSON text: the whole FeatureCollection is built by PostgreSQL, so Python neither
# decodes ~3,200 geometries nor encodes them again. Category label and colour come in as a
# parameter (the legend is already read, in the visitor's language).
ONE_CATEGORY_CURRENT = """
    current AS (
        SELECT DISTINCT ON (p.jurisdiction_id)
            p.jurisdiction_id, p.category_id, p.effective_date,
            {summary} AS summary, {summary_untranslated} AS summary_untranslated,
            {source_title} AS source_title,
            {source_title_untranslated} AS source_title_untranslated,
            p.source_url, p.last_verified, NULL::json AS agreements
        FROM maps_policy p
        WHERE {in_force}
        ORDER BY p.jurisdiction_id, p.effective_date DESC
    )"""

# A map whose places may hold several categories at once (287(g)): a place is shaded by the
# first category in legend order held by it or by an agency in it, and carries every
# agreement (agency, category, signed date, source) for its popup.
SEVERAL_CATEGORIES_CURRENT = """
    held AS (
        SELECT p.jurisdiction_id, p.category_id, p.effective_date,
            {source_title} AS source_title,
            {source_title_untranslated} AS source_title_untranslated, p.source_url, p.last_verified, c.position, j.name AS agency, j.parent_id
        FROM maps_policy p
        JOIN maps_mapcategory c ON c.id = p.category_id
        JOIN jurisdictions_jurisdiction j ON j.id = p.jurisdiction_id
        WHERE {in_force}
    ),
    current AS (
        SELECT h.place_id AS jurisdiction_id,
            (array_agg(h.category_id ORDER BY h.position, h.effective_date))[1] AS category_id,
            min(h.effective_date) AS effective_date, NULL::text AS summary,
            NULL::boolean AS summary_untranslated, NULL::text AS source_title,
            NULL::boolean AS source_title_untranslated, NULL::text AS source_url,
            max(h.last_verified) AS last_verified,
            json_agg(json_build_object(
                'agency', h.agency,
                'category', %(categories)s::jsonb -> h.category_id::text ->> 'label',
                'effective_date', h.effective_date,
                'source_title', h.source_title,
                'source_title_untranslated', h.source_title_untranslated,
                'source_url', h.source_url
            ) ORDER BY h.agency, h.position) AS agreements
        FROM (
            SELECT held.*, held.jurisdiction_id AS place_id FROM held
            UNION ALL
            SELECT held.*, held.parent_id AS place_id FROM held WHERE held.parent_id IS NOT NULL
        ) h
        GROUP BY h.place_id
    )"""

# A place's properties, as a feature of the GeoJSON and as a popup's details: place `{place}`
# (a jurisdiction row), its policy `c` on the date and its legend entry `cat`.
PLACE_PROPERTIES_SQL = """json_build_object(
    'geoid', {place}.geoid,
    'name', {place}.name,
    'kind', {place}.level,
    'state', {place}.state_code,
    'category', cat ->> 'slug',
    'category_label', cat ->> 'label',
    'color', cat ->> 'color',
    'effective_date', c.effective_date,
    'last_verified', c.last_verified,
    'summary', c.summary,
    'summary_untranslated', c.summary_untranslated,
    'source_title', c.source_title,
    'source_title_untranslated', c.source_title_untranslated,
    'source_url', c.source_url,
    'agreements', c.agreements,
    'url', replace(%(url_template)s, %(placeholder)s, {place}.geoid)
)"""

FEATURES_SQL = """
    WITH {current},
    shown AS (
        SELECT j.id, j.geoid, j.name, j.level, j.state_code, j.boundary, j.point
        FROM jurisdictions_jurisdiction j
        WHERE j.level = %(level)s
        UNION ALL
        SELECT j.id, j.geoid, j.name, j.level, j.state_code, j.boundary, j.point
        FROM jurisdictions_jurisdiction j JOIN current ON current.jurisdiction_id = j.id
        WHERE %(show_agencies)s AND j.level = %(agency)s AND j.point IS NOT NULL
    )
    SELECT json_build_object(
        'type', 'FeatureCollection',
        'features', COALESCE(json_agg(json_build_object(
            'type', 'Feature',
            'id', s.geoid,
            'geometry', CASE
                WHEN s.level = %(agency)s THEN ST_AsGeoJSON(s.point, %(point_digits)s)::json
                ELSE ST_AsGeoJSON(
                    ST_SimplifyPreserveTopology(s.boundary, %(tolerance)s), %(digits)s
                )::json
            END,
            'properties', {properties}
        ) ORDER BY s.level <> %(level)s, s.state_code, s.name), '[]'::json)
    )::text
    FROM shown s
    LEFT JOIN current c ON c.jurisdiction_id = s.id
    LEFT JOIN LATERAL (SELECT %(categories)s::jsonb -> c.category_id::text AS cat) k ON true
"""


def _spanish() -> bool:
    return (get_language() or "en").split("-")[0] == "es"


def _shown_text_sql() -> dict[str, str]:
    """SQL for a policy's texts in the visitor's language: on Spanish pages the Spanish version
    when there is one, else the English one, flagged untranslated (the rule of shown_text)."""
    sql = {}
    for name in ("summary", "source_title"):
        if _spanish():
            spanish = f"NULLIF(p.{name}_es, '')"
            sql[name] = f"COALESCE({spanish}, p.{name}_en, '')"
            sql[f"{name}_untranslated"] = (
                f"({spanish} IS NULL AND COALESCE(p.{name}_en, '') <> '')"
            )
        else:
            sql[name] = f"COALESCE(p.{name}_en, '')"
            sql[f"{name}_untranslated"] = "false"
    return sql


def _shown_text_fields() -> dict:
    """The same rule for table_rows' join on the policy in force."""
    fields = {}
    for name in ("summary", "source_title"):
        english = Coalesce(F(f"current__{name}_en"), Value(""), output_field=TextField())
        if _spanish():
            spanish = NullIf(F(f"current__{name}_es"), Value(""), output_field=TextField())
            fields[name] = Coalesce(spanish, english, output_field=TextField())
            fields[f"{name}_untranslated"] = Case(
                When(
                    Q(**{f"current__{name}_es__gt": ""})
                    | Q(**{f"current__{name}_en__isnull": True})
                    | Q(**{f"current__{name}_en": ""}),
                    then=Value(False),
                ),
                default=Value(True),
                output_field=BooleanField(),
            )
        else:
            fields[name] = english
            fields[f"{name}_untranslated"] = Value(False, output_field=BooleanField())
    return fields


def features_json(
    policy_map: PolicyMap, categories: list[MapCategory], *, as_of: datetime.date
) -> str:
    """The map's GeoJSON FeatureCollection on a date, as text, in one query."""
    current, params = _current(policy_map, categories, as_of)
    sql = FEATURES_SQL.format(current=current, properties=PLACE_PROPERTIES_SQL.format(place="s"))
    params.update(
        tolerance=SIMPLIFY_TOLERANCE, digits=COORDINATE_DIGITS, point_digits=POINT_DIGITS
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _current(
    policy_map: PolicyMap, categories: list[MapCategory], as_of: datetime.date
) -> tuple[str, dict]:
    """The `current` clause (each place's public policy on a date) and the parameters the
    queries built on it share: the publication rule is compiled once, for both."""
    in_force, params = _in_force_sql(policy_map, as_of)
    current = (
        SEVERAL_CATEGORIES_CURRENT if policy_map.multiple_categories else ONE_CATEGORY_CURRENT
    )
    params |= {
        "url_template": reverse("jurisdictions:detail", kwargs={"geoid": GEOID_PLACEHOLDER}),
        "placeholder": GEOID_PLACEHOLDER,
        "categories": json.dumps(
            {
                str(category.pk): {
                    "slug": category.slug,
                    "label": str(category.label),
                    "color": category.color,
                }
                for category in categories
            }
        ),
    }
    return current.format(in_force=in_force, **_shown_text_sql()), params


# The shading of one date: each shaded place (and agency, on a map that shows them) with its
# category and level, nothing else; the shapes come once from the geometry document. It
# reads only the policies' dates and categories: the popups' texts and agreements that
# `current` builds for the features are not needed to shade (a date of the 287(g) map:
# 36 -> 9 ms at 3,400 agreements). The place a policy shades is its own jurisdiction and, on
# a map of several categories, the place its agency lies in; of several, the first category
# in legend order (then the earliest signed) shades it, as `current` decides.
SHADING_SQL = """
    WITH held AS (
        SELECT p.jurisdiction_id, p.category_id, p.effective_date, c.position
        FROM maps_policy p
        JOIN maps_mapcategory c ON c.id = p.category_id
        WHERE {in_force}
    ),
    shaded AS (
        SELECT DISTINCT ON (h.place_id) h.place_id, h.category_id
        FROM (
            SELECT held.*, held.jurisdiction_id AS place_id FROM held
            UNION ALL
            SELECT held.*, agency.parent_id AS place_id
            FROM held JOIN jurisdictions_jurisdiction agency ON agency.id = held.jurisdiction_id
            WHERE %(through_agencies)s AND agency.parent_id IS NOT NULL
        ) h
        ORDER BY h.place_id, {order}
    )
    SELECT j.geoid, j.level = %(level)s, s.category_id
    FROM shaded s JOIN jurisdictions_jurisdiction j ON j.id = s.place_id
    WHERE j.level = %(level)s OR (%(show_agencies)s AND j.level = %(agency)s)
    ORDER BY j.geoid
"""
# Which of a place's policies in force shades it: on a map of one category per place the
# latest signed (as ONE_CATEGORY_CURRENT), on a map of several the first in legend order.
SHADING_ORDER = {
    False: "h.effective_date DESC",
    True: "h.position, h.effective_date, h.category_id",
}


@dataclass(frozen=True, slots=True)
class Shading:
    """A date's shading: GEOID -> position in the legend's categories of each shaded place
    (and agency), and how many places of the map's level are shaded."""

    places: dict[str, int]
    shaded_places: int


def map_shading(
    policy_map: PolicyMap, categories: list[MapCategory], *, as_of: datetime.date
) -> Shading:
    """The shading of a date, in one query."""
    position = {category.pk: index for index, category in enumerate(categories)}
    in_force, params = _in_force_sql(policy_map, as_of)
    several = policy_map.multiple_categories
    params["through_agencies"] = several
    sql = SHADING_SQL.format(in_force=in_force, order=SHADING_ORDER[several])
    places, shaded_places = {}, 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for geoid, at_level, category_id in cursor.fetchall():
            shaded_places += at_level
            if category_id in position:
                places[geoid] = position[category_id]
    return Shading(places, shaded_places)


# One place's popup: the same properties as a feature of the GeoJSON, without its geometry.
PLACE_SQL = """
    WITH {current}
    SELECT {properties}::text
    FROM jurisdictions_jurisdiction j
    LEFT JOIN current c ON c.jurisdiction_id = j.id
    LEFT JOIN LATERAL (SELECT %(categories)s::jsonb -> c.category_id::text AS cat) k ON true
    WHERE j.geoid = %(geoid)s
        AND (j.level = %(level)s OR (%(show_agencies)s AND j.level = %(agency)s))
"""


def place_detail(
    policy_map: PolicyMap, categories: list[MapCategory], *, geoid: str, as_of: datetime.date
) -> str | None:
    """One place's policy (or agreements) on a date as JSON text, for its popup; None when the
    place is not on the map."""
    current, params = _current(policy_map, categories, as_of)
    sql = PLACE_SQL.format(current=current, properties=PLACE_PROPERTIES_SQL.format(place="j"))
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "geoid": geoid})
        row = cursor.fetchone()
    return row[0] if row else None


def _shapes(sql: str, params: dict, names: dict[str, str]) -> list[ShapeToEncode]:
    """The shapes of the rows (geoid, name, state, GeoJSON), each with its state; the names
    go into `names`, by GEOID, for the names document."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    shapes = []
    for geoid, name, state, geometry in rows:
        names[geoid] = name
        geometry = json.loads(geometry) if geometry else None
        if geometry and geometry["type"] == "Point":
            shapes.append(ShapeToEncode(geoid, {"state": state}, point=geometry["coordinates"]))
        else:
            polygons = []
            if geometry and geometry["type"] == "MultiPolygon":
                polygons = geometry["coordinates"]
            elif geometry and geometry["type"] == "Polygon":
                polygons = [geometry["coordinates"]]
            shapes.append(ShapeToEncode(geoid, {"state": state}, polygons=polygons))
    return shapes


# Agencies drawn on a map are those with a published policy on it on any date: the geometry
# serves every date, and the shading of a date shows the ones in force then.
AGENCY_SHAPES_SQL = """
    SELECT j.geoid, j.name, j.state_code, ST_AsGeoJSON(j.point)
    FROM jurisdictions_jurisdiction j
    WHERE j.level = %(agency)s AND j.point IS NOT NULL AND EXISTS (
        SELECT 1 FROM maps_policy p WHERE p.jurisdiction_id = j.id AND {published}
    )
    ORDER BY j.geoid
"""


def _json_bytes(document: dict) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def geometry_documents(policy_map: PolicyMap) -> tuple[bytes, bytes]:
    """The map's shapes as TopoJSON and their names, two documents.

    The TopoJSON has `places` (its level's boundaries, id = GEOID, with their state) and, on a
    map that shows agencies, `agencies` (points); no names and no policy data. The names,
    `{"places": {geoid: name}, "agencies": {...}}`, are a fifth of the shapes' bytes and only
    the place search needs them, so the page draws the map without waiting for them.
    """
    published, published_params = _published_policy_sql(policy_map, timezone.now())
    names: dict[str, dict[str, str]] = {"places": {}}
    objects = {
        "places": _shapes(
            "SELECT geoid, name, state_code, ST_AsGeoJSON(boundary) "
            "FROM jurisdictions_jurisdiction WHERE level = %(level)s ORDER BY geoid",
            {"level": policy_map.level},
            names["places"],
        )
    }
    if policy_map.show_agencies:
        names["agencies"] = {}
        objects["agencies"] = _shapes(
            AGENCY_SHAPES_SQL.format(published=published),
            {"agency": Level.AGENCY, "map_id": policy_map.pk, **published_params},
            names["agencies"],
        )
    topology = encode(objects, quantization=GEOMETRY_QUANTIZATION, tolerance=GEOMETRY_TOLERANCE)
    return _json_bytes(topology), _json_bytes(names)


def _document(body: bytes) -> dict:
    return {
        "digest": hashlib.sha256(body).hexdigest()[:20],
        "identity": body,
        "gzip": gzip.compress(body, compresslevel=9),
    }


def cached_geometry(policy_map: PolicyMap) -> dict:
    """The map's geometry document, gzipped too, and its digest (which names it in its
    address), with the names document likewise under "names", from the cache while neither
    the map (its agencies) nor any jurisdiction changed: maps/signals.py bumps the map's
    version and the geometry version."""
    geometry_version = cache_version(GEOMETRY_VERSION_KEY)
    key = entry_key(policy_map.pk, "geometry", geometry_version)
    version, found = read_current(version_key(policy_map.pk), [key])
    if key in found:
        return found[key]
    shapes, names = geometry_documents(policy_map)
    entry = {**_document(shapes), "names": _document(names)}
    write_current(version, {key: entry}, timeout=GEOMETRY_CACHE_SECONDS)
    return entry


TABLE_SORTS = {
    "name": ("name", "state_code"),
    "state": ("state_code", "name"),
    "category": (F("current__category__position").asc(nulls_last=True), "state_code", "name"),
    "effective_date": (F("current__effective_date").asc(nulls_last=True), "state_code", "name"),
    "last_verified": (F("current__last_verified").asc(nulls_last=True), "state_code", "name"),
}


def _descending(ordering):
    out = []
    for term in ordering:
        if isinstance(term, str):
            out.append(f"-{term}")
        else:
            out.append(term.expression.desc(nulls_last=True))
    return out


def table_rows(
    policy_map: PolicyMap,
    *,
    as_of: datetime.date | None = None,
    state: str = "",
    sort: str = "state",
) -> QuerySet:
    """Every jurisdiction the map shades (and its agencies with a policy), each with the policy
    in force on a date, as dicts, in one query.

    At most one published policy per jurisdiction and map is in force on a date (the database
    enforces it), so the join adds no rows.
    """
    as_of = as_of or site_today()
    now = timezone.now()
    # The rule of Policy.objects.published(), inside a join: in effect by today, whatever as_of.
    current = FilteredRelation(
        "policies",
        condition=published_condition(now=now, prefix="policies__")
        & Q(
            policies__policy_map=policy_map,
            policies__effective_date__lte=min(as_of, site_today(now)),
        )
        & (Q(policies__end_date__isnull=True) | Q(policies__end_date__gte=as_of)),
    )
    shown = Q(level=policy_map.level)
    if policy_map.show_agencies:
        shown |= Q(level=Level.AGENCY, current__isnull=False)
    rows = Jurisdiction.objects.annotate(current=current).filter(shown)
    if state:
        rows = rows.in_state(state)
    key = sort.lstrip("-")
    ordering = TABLE_SORTS.get(key, TABLE_SORTS["state"])
    if sort.startswith("-") and key in TABLE_SORTS:
        ordering = _descending(ordering)
    return rows.order_by(*ordering).values(
        "geoid",
        "name",
        "level",
        "state_code",
        category_id=F("current__category_id"),
        effective_date=F("current__effective_date"),
        end_date=F("current__end_date"),
        **_shown_text_fields(),
        source_url=F("current__source_url"),
        last_verified=F("current__last_verified"),
    )


def map_states(policy_map: PolicyMap) -> list[str]:
    """Postal codes of the states the map's jurisdictions lie in, for the table's state filter."""
    return list(
        Jurisdiction.objects.filter(level=policy_map.level)
        .exclude(state_code="")
        .order_by("state_code")
        .values_list("state_code", flat=True)
        .distinct()
    )


def policy_history(policy_map: PolicyMap) -> QuerySet:
    """Every published policy of the map, current and ended, for the policies API."""
    return (
        Policy.objects.published()
        .on_map(policy_map)
        .select_related("jurisdiction", "category")
        .order_by("jurisdiction__state_code", "jurisdiction__name", "-effective_date", "id")
    )


def jurisdiction_policies(jurisdiction: Jurisdiction) -> QuerySet:
    """Every published policy of a jurisdiction on every published map, newest first per map;
    on a map of agreements (several categories at once), also those of its agencies."""
    return (
        Policy.objects.published()
        .filter(
            Q(jurisdiction=jurisdiction)
            | Q(
                jurisdiction__parent=jurisdiction,
                jurisdiction__level=Level.AGENCY,
                policy_map__multiple_categories=True,
            )
        )
        .select_related("policy_map", "category", "jurisdiction")
        .order_by(
            "policy_map__position",
            "policy_map__title",
            "jurisdiction__level",
            "jurisdiction__name",
            "category__position",
            "-effective_date",
            "-id",
        )
    )


def parse_as_of(value: str | None) -> datetime.date:
    """The `as_of` query parameter as a date; today when absent. Raises ValueError with a
    message fit for the visitor."""
    if value is None or not value.strip():
        return site_today()
    try:
        as_of = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date. Use the form YYYY-MM-DD, e.g. 2024-01-31.")
            % {"value": value[:40]}
        ) from None
    if as_of.year < 1900 or as_of.year > 2100:
        raise ValueError(_("Choose a date between 1900 and 2100."))
    # Refused rather than quietly moved to today: a shared link to a later date would
    # otherwise show today's map under a date it does not describe.
    if as_of > site_today():
        raise ValueError(
            _("as_of cannot be later than today (%(today)s).")
            % {"today": site_today().isoformat()}
        )
    return as_of


def cached_features(
    policy_map: PolicyMap, *, as_of: datetime.date, encoding: str = "identity"
) -> dict:
    """The features body in `encoding` ("identity" or "gzip") with its ETag and last change,
    from the cache when fresh.

    An entry is current while the map's version is the one it was stored under; maps/signals.py
    bumps the version whenever a policy, a legend entry or the map itself is saved or deleted.
    The key carries the language, since the legend labels are translated. Each encoding is
    stored once under its own key, so a hit reads the version, the ETag and ~300 KB of gzip
    (or the plain text) and nothing else, in one round trip. An entry does not
    outlive the next scheduled publish-at time or midnight, when the map may change unedited.
    """
    key = entry_key(policy_map.pk, "features", as_of.isoformat(), get_language() or "en")
    version, found = read_current(version_key(policy_map.pk), [key, f"{key}:{encoding}"])
    if len(found) == 2:
        return {**found[key], "content": found[f"{key}:{encoding}"]}
    body = features_json(policy_map, map_categories(policy_map), as_of=as_of).encode()
    meta = {
        "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        "last_updated": last_updated_moment(policy_map),
    }
    encoded = {"identity": body, "gzip": gzip.compress(body, compresslevel=6)}
    write_current(
        version,
        {key: meta, **{f"{key}:{name}": content for name, content in encoded.items()}},
        timeout=min(FEATURES_CACHE_SECONDS, seconds_until_next_change()),
    )
    return {**meta, "content": encoded[encoding]}


def last_updated_moment(policy_map: PolicyMap) -> datetime.datetime:
    latest = (
        Policy.objects.published().on_map(policy_map).aggregate(latest=Max("updated"))["latest"]
    )
    return max(moment for moment in (latest, policy_map.updated) if moment is not None)


@dataclass
class PlaceChange:
    """What changed for one jurisdiction of a map between two dates."""

    jurisdiction: Jurisdiction
    kind: str  # "added", "ended" or "changed"
    added: list[Policy]
    ended: list[Policy]
    kept: list[Policy]


def policies_known_on(policy_map: PolicyMap, day: datetime.date) -> QuerySet:
    """Published policies in force on a day and, on a map read from dated lists, already on a
    list by then: an agreement signed in April and first listed in June was not on the May
    list, so a comparison of dates compares what the lists said."""
    return in_force_policies(policy_map, as_of=day).filter(
        Q(first_listed__isnull=True) | Q(first_listed__lte=day)
    )


def map_changes(
    policy_map: PolicyMap, *, start: datetime.date, end: datetime.date
) -> tuple[list[PlaceChange], dict[int, tuple[int, int]]]:
    """Per jurisdiction, the categories added, ended or changed between two dates, and per
    category its count on each date (three queries)."""
    related = ("jurisdiction", "jurisdiction__parent", "category")
    before = list(
        policies_known_on(policy_map, start)
        .select_related(*related)
        .defer("jurisdiction__boundary", "jurisdiction__parent__boundary")
    )
    after = list(
        policies_known_on(policy_map, end)
        .select_related(*related)
        .defer("jurisdiction__boundary", "jurisdiction__parent__boundary")
    )
    by_place: dict[int, tuple[dict, dict]] = {}
    for index, policies in enumerate((before, after)):
        for policy in policies:
            by_place.setdefault(policy.jurisdiction_id, ({}, {}))[index][policy.category_id] = (
                policy
            )
    changes = []
    for old, new in by_place.values():
        if old.keys() == new.keys() and all(old[key].pk == new[key].pk for key in old):
            continue
        added = [new[key] for key in new if key not in old or old[key].pk != new[key].pk]
        ended = [old[key] for key in old if key not in new or old[key].pk != new[key].pk]
        kept = [new[key] for key in new if key in old and old[key].pk == new[key].pk]
        kind = "added" if not old else "ended" if not new else "changed"
        place = (added or ended)[0].jurisdiction
        changes.append(PlaceChange(place, kind, added, ended, kept))
    changes.sort(key=lambda c: (c.jurisdiction.state_code, c.jurisdiction.name))
    counts: dict[int, tuple[int, int]] = {}
    for index, policies in enumerate((before, after)):
        for policy in policies:
            pair = list(counts.get(policy.category_id, (0, 0)))
            pair[index] += 1
            counts[policy.category_id] = tuple(pair)
    return changes, counts
