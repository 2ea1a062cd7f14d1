"""Load US state and county boundaries from the TopoJSON file shipped in the repository."""

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, LinearRing, MultiPolygon, Polygon
from django.db import transaction
from django.utils.text import slugify

from .fips import STATES, county_name
from .models import Jurisdiction, Level
from .signals import boundaries_changed
from .topojson import PolygonRings, Topology

US_ATLAS = Path(__file__).resolve().parent / "data" / "us-atlas" / "counties-10m.json"
FIELDS = ["level", "name", "slug", "postal_code", "state_code", "parent_id", "boundary"]


@dataclass
class LoadReport:
    states: int = 0
    counties: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# The least width or height of a box kept for a place the file collapsed: about 100 m.
SMALLEST_BOX = 0.001


def _covering_box(polygons: list[PolygonRings]) -> Polygon:
    """The box a collapsed shape's points span. The file's grid (about 300 m by 100 m) flattens
    a place smaller than a few of its cells into a line: Falls Church, Virginia (5 km²) comes
    as the diagonal of its extent. A place is never left without a shape: it keeps that box."""
    points = [point for rings in polygons for ring in rings for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    (x0, x1), (y0, y1) = (min(xs), max(xs)), (min(ys), max(ys))
    pad_x, pad_y = max(SMALLEST_BOX - (x1 - x0), 0) / 2, max(SMALLEST_BOX - (y1 - y0), 0) / 2
    return Polygon.from_bbox((x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y))


def multipolygon(polygons: list[PolygonRings]) -> MultiPolygon:
    parts = []
    for rings in polygons:
        # Simplification collapses some tiny islands and holes to fewer than 4 points: skip them.
        if not rings or len(rings[0]) < 4:
            continue
        parts.append(Polygon(*[LinearRing(ring) for ring in rings if len(ring) >= 4]))
    if not parts:
        parts.append(_covering_box(polygons))
    shape = MultiPolygon(parts, srid=4326)
    geos_logger = logging.getLogger("django.contrib.gis")
    level = geos_logger.level
    geos_logger.setLevel(logging.ERROR)  # GEOS explains each invalid ring as a notice
    try:
        valid = shape.valid
    finally:
        geos_logger.setLevel(level)
    if valid:
        return shape
    # Simplification can pinch a ring; repair it and keep only the polygons.
    repaired = shape.make_valid()
    parts = [g for g in _flatten(repaired) if g.geom_type == "Polygon"]
    return MultiPolygon(parts, srid=4326)


def _flatten(geometry: GEOSGeometry):
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        for member in geometry:
            yield from _flatten(member)
    else:
        yield geometry


def _same(existing: Jurisdiction, new: Jurisdiction) -> bool:
    for name in FIELDS:
        if name == "boundary":
            if existing.boundary is None or bytes(existing.boundary.wkb) != bytes(
                new.boundary.wkb
            ):
                return False
        elif getattr(existing, name) != getattr(new, name):
            return False
    return True


def _upsert(rows: list[Jurisdiction], report: LoadReport) -> None:
    existing = Jurisdiction.objects.in_bulk([row.geoid for row in rows], field_name="geoid")
    to_write = []
    for row in rows:
        current = existing.get(row.geoid)
        if current is None:
            report.created += 1
            to_write.append(row)
        elif _same(current, row):
            report.unchanged += 1
        else:
            report.updated += 1
            to_write.append(row)
    Jurisdiction.objects.bulk_create(
        to_write,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["geoid"],
        update_fields=FIELDS,
    )


def load_boundaries(*, path: Path = US_ATLAS) -> LoadReport:
    """Create or update every state, DC, territory and county; rows already equal are untouched."""
    topology = Topology(json.loads(path.read_text()))
    report = LoadReport()
    with transaction.atomic():
        states = []
        for feature in topology.features("states"):
            postal_code, name = STATES[feature.id]
            states.append(
                Jurisdiction(
                    level=Level.STATE,
                    geoid=feature.id,
                    name=name,
                    slug=slugify(name),
                    postal_code=postal_code,
                    state_code=postal_code,
                    parent_id=None,
                    boundary=multipolygon(feature.polygons),
                )
            )
        _upsert(states, report)
        report.states = len(states)

        state_ids = dict(Jurisdiction.objects.filter(level=Level.STATE).values_list("geoid", "pk"))
        counties = []
        for feature in topology.features("counties"):
            postal_code, _ = STATES[feature.id[:2]]
            name = county_name(feature.id, feature.properties.get("name", feature.id))
            counties.append(
                Jurisdiction(
                    level=Level.COUNTY,
                    geoid=feature.id,
                    name=name,
                    slug=slugify(f"{name} {postal_code}"),
                    postal_code="",
                    state_code=postal_code,
                    parent_id=state_ids[feature.id[:2]],
                    boundary=multipolygon(feature.polygons),
                )
            )
        _upsert(counties, report)
        report.counties = len(counties)
        if report.created or report.updated:
            # Whatever shows geometry (the maps' cached features) learns the shapes changed.
            boundaries_changed.send(sender=Jurisdiction)
    return report
