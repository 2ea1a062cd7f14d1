"""A small TopoJSON decoder: quantized, delta-encoded arcs into GeoJSON-like polygon rings.

Only what the shipped boundary file needs: Polygon and MultiPolygon geometries (and
GeometryCollection members of those), with or without a quantization transform.
See https://github.com/topojson/topojson-specification.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass

Ring = list[tuple[float, float]]
PolygonRings = list[Ring]  # exterior ring, then holes


@dataclass
class Feature:
    id: str | None
    properties: dict
    polygons: list[PolygonRings]


class Topology:
    def __init__(self, data: dict):
        if data.get("type") != "Topology":
            raise ValueError("Not a TopoJSON topology.")
        self.objects = data.get("objects", {})
        transform = data.get("transform")
        self._arcs = [self._decode_arc(arc, transform) for arc in data.get("arcs", [])]

    @staticmethod
    def _decode_arc(arc: list[list[float]], transform: dict | None) -> Ring:
        if not transform:
            return [(float(p[0]), float(p[1])) for p in arc]
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for position in arc:
            # Quantized arcs store each position as a delta from the previous one.
            x += position[0]
            y += position[1]
            points.append((x * sx + tx, y * sy + ty))
        return points

    def arc(self, index: int) -> Ring:
        # A negative index ~i (= -i - 1) means arc i traversed backwards.
        if index < 0:
            return list(reversed(self._arcs[~index]))
        return self._arcs[index]

    def ring(self, arc_indexes: list[int]) -> Ring:
        points: Ring = []
        for n, index in enumerate(arc_indexes):
            arc = self.arc(index)
            # Consecutive arcs share their joining point: keep it once.
            points.extend(arc if n == 0 else arc[1:])
        if points and points[0] != points[-1]:
            points.append(points[0])
        return points

    def polygons(self, geometry: dict) -> list[PolygonRings]:
        kind = geometry.get("type")
        if kind == "Polygon":
            return [[self.ring(r) for r in geometry["arcs"]]]
        if kind == "MultiPolygon":
            return [[self.ring(r) for r in polygon] for polygon in geometry["arcs"]]
        if kind == "GeometryCollection":
            return [p for member in geometry["geometries"] for p in self.polygons(member)]
        if kind is None:
            return []
        raise ValueError(f"Unsupported geometry type {kind!r}.")

    def features(self, name: str) -> Iterator[Feature]:
        """Each geometry of the named collection, with its id, properties and polygons."""
        collection = self.objects[name]
        members = (
            collection["geometries"]
            if collection.get("type") == "GeometryCollection"
            else [collection]
        )
        for geometry in members:
            identifier = geometry.get("id")
            yield Feature(
                id=None if identifier is None else str(identifier),
                properties=geometry.get("properties") or {},
                polygons=self.polygons(geometry),
            )


# Encoding: features with shared borders into one topology. The boundaries come from the
# us-atlas topology, so neighbours share their border points exactly; after quantization a
# border is one arc, stored once and referenced by both sides, and simplified once, so
# neighbours never drift apart or overlap where a per-shape simplification would.

Point = tuple[float, float]
GridPoint = tuple[int, int]


@dataclass
class ShapeToEncode:
    """One feature to encode: polygons (exterior ring then holes, as in `Feature`) or a point."""

    id: str
    properties: dict
    polygons: list[PolygonRings] | None = None
    point: Point | None = None


def _bounds(objects: dict[str, list[ShapeToEncode]]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for shapes in objects.values():
        for shape in shapes:
            if shape.point is not None:
                xs.append(shape.point[0])
                ys.append(shape.point[1])
            for rings in shape.polygons or []:
                for ring in rings:
                    xs.extend(p[0] for p in ring)
                    ys.extend(p[1] for p in ring)
    if not xs:
        return 0.0, 0.0, 0.0, 0.0
    return min(xs), min(ys), max(xs), max(ys)


def _perpendicular_sq(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return (px - ax) ** 2 + (py - ay) ** 2
    cross = (px - ax) * dy - (py - ay) * dx
    return cross * cross / (dx * dx + dy * dy)


def _douglas_peucker(points: list[Point], tolerance_sq: float) -> list[int]:
    """Indexes of the points kept, first and last always."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_index = -1.0, -1
        for index in range(first + 1, last):
            distance = _perpendicular_sq(points[index], points[first], points[last])
            if distance > worst:
                worst, worst_index = distance, index
        if worst_index != -1 and worst > tolerance_sq:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [index for index, kept in enumerate(keep) if kept]


def _simplify_arc(arc: list[GridPoint], scale: Point, tolerance: float) -> list[GridPoint]:
    if tolerance <= 0 or len(arc) <= 2:
        return arc
    points = [(x * scale[0], y * scale[1]) for x, y in arc]
    tolerance_sq = tolerance * tolerance
    if arc[0] == arc[-1]:
        # A closed ring: split it at its point farthest from the start, then simplify each half.
        far = max(
            range(1, len(points) - 1),
            key=lambda i: (points[i][0] - points[0][0]) ** 2 + (points[i][1] - points[0][1]) ** 2,
        )
        first = _douglas_peucker(points[: far + 1], tolerance_sq)
        second = _douglas_peucker(points[far:], tolerance_sq)
        kept = first + [far + index for index in second[1:]]
    else:
        kept = _douglas_peucker(points, tolerance_sq)
    return [arc[index] for index in kept]


def _covering_cells(polygons: list[PolygonRings], floor, ceil) -> list[GridPoint]:
    """The rectangle of grid cells covering a shape (at least one cell), as a cycle."""
    points = [point for rings in polygons for ring in rings for point in ring]
    low = [floor(point) for point in points]
    high = [ceil(point) for point in points]
    left, bottom = min(x for x, _ in low), min(y for _, y in low)
    right, top = max(max(x for x, _ in high), left + 1), max(max(y for _, y in high), bottom + 1)
    return [(left, bottom), (right, bottom), (right, top), (left, top)]


def encode(
    objects: dict[str, list[ShapeToEncode]], *, quantization: int = 100_000, tolerance: float = 0.0
) -> dict:
    """A quantized, delta-encoded TopoJSON topology of the named collections, borders shared.

    `tolerance` (in coordinate units, degrees here) simplifies every arc once with
    Douglas-Peucker; a ring that would shrink below a triangle keeps its arcs unsimplified, so
    no small place (an independent city, an island county) disappears. A shape smaller than a
    cell of the grid, whose every ring would collapse to a point or a line, is kept as the
    rectangle of grid cells that covers it: it is still drawn, clicked and found.
    """
    x0, y0, x1, y1 = _bounds(objects)
    kx = (x1 - x0) / (quantization - 1) if x1 > x0 else 1.0
    ky = (y1 - y0) / (quantization - 1) if y1 > y0 else 1.0

    def grid(point: Point) -> GridPoint:
        return round((point[0] - x0) / kx), round((point[1] - y0) / ky)

    def grid_floor(point: Point) -> GridPoint:
        return math.floor((point[0] - x0) / kx), math.floor((point[1] - y0) / ky)

    def grid_ceil(point: Point) -> GridPoint:
        return math.ceil((point[0] - x0) / kx), math.ceil((point[1] - y0) / ky)

    # Rings as cycles of grid points (closing point dropped, repeats removed).
    cycles: list[list[GridPoint]] = []
    shapes_rings: dict[tuple[str, int], list[list[list[int]]]] = {}
    for name, shapes in objects.items():
        for position, shape in enumerate(shapes):
            polygons = []
            for rings in shape.polygons or []:
                polygon = []
                for ring in rings:
                    cycle: list[GridPoint] = []
                    for point in ring:
                        cell = grid(point)
                        if not cycle or cycle[-1] != cell:
                            cycle.append(cell)
                    while len(cycle) > 1 and cycle[0] == cycle[-1]:
                        cycle.pop()
                    if len(cycle) < 3:
                        continue
                    polygon.append(len(cycles))
                    cycles.append(cycle)
                if polygon:
                    polygons.append(polygon)
            if not polygons and shape.polygons:
                polygons.append([len(cycles)])
                cycles.append(_covering_cells(shape.polygons, grid_floor, grid_ceil))
            shapes_rings[(name, position)] = polygons

    # Junctions: points where the rings through them do not all have the same two neighbours.
    neighbours: dict[GridPoint, tuple[GridPoint, GridPoint]] = {}
    junctions: set[GridPoint] = set()
    for cycle in cycles:
        count = len(cycle)
        for index, point in enumerate(cycle):
            a, b = cycle[index - 1], cycle[(index + 1) % count]
            pair = (a, b) if a <= b else (b, a)
            seen = neighbours.setdefault(point, pair)
            if seen != pair:
                junctions.add(point)

    arcs: list[list[GridPoint]] = []
    index_of: dict[tuple[GridPoint, ...], int] = {}

    def arc_index(points: list[GridPoint]) -> int:
        key = tuple(points)
        found = index_of.get(key)
        if found is not None:
            return found
        found = index_of.get(key[::-1])
        if found is not None:
            return ~found
        index_of[key] = len(arcs)
        arcs.append(points)
        return len(arcs) - 1

    def closed_key(cycle: list[GridPoint]) -> list[GridPoint]:
        start = min(range(len(cycle)), key=cycle.__getitem__)
        rotated = cycle[start:] + cycle[:start]
        return rotated + [rotated[0]]

    ring_arcs: list[list[int]] = []
    for cycle in cycles:
        cuts = [index for index, point in enumerate(cycle) if point in junctions]
        if not cuts:
            forward = closed_key(cycle)
            backward = closed_key(cycle[::-1])
            if tuple(backward) in index_of:
                ring_arcs.append([~index_of[tuple(backward)]])
            else:
                ring_arcs.append([arc_index(forward)])
            continue
        rotated = cycle[cuts[0] :] + cycle[: cuts[0]]
        offsets = [index - cuts[0] for index in cuts] + [len(cycle)]
        closed = rotated + [rotated[0]]
        ring_arcs.append(
            [
                arc_index(closed[start : end + 1])
                for start, end in zip(offsets, offsets[1:], strict=False)
            ]
        )

    simplified = [_simplify_arc(arc, (kx, ky), tolerance) for arc in arcs]

    def distinct(indexes: list[int], source: list[list[GridPoint]]) -> int:
        return sum(len(source[i if i >= 0 else ~i]) - 1 for i in indexes)

    for indexes in ring_arcs:
        if distinct(indexes, simplified) < 3:
            for i in indexes:
                simplified[i if i >= 0 else ~i] = arcs[i if i >= 0 else ~i]

    encoded_arcs = []
    for arc in simplified:
        x, y = arc[0]
        deltas = [[x, y]]
        for px, py in arc[1:]:
            deltas.append([px - x, py - y])
            x, y = px, py
        encoded_arcs.append(deltas)

    topology_objects = {}
    for name, shapes in objects.items():
        geometries = []
        for position, shape in enumerate(shapes):
            geometry: dict = {"id": shape.id}
            if shape.point is not None:
                geometry.update(type="Point", coordinates=list(grid(shape.point)))
            else:
                polygons = [
                    [ring_arcs[ring] for ring in polygon]
                    for polygon in shapes_rings[(name, position)]
                ]
                if not polygons:
                    geometry["type"] = None
                elif len(polygons) == 1:
                    geometry.update(type="Polygon", arcs=polygons[0])
                else:
                    geometry.update(type="MultiPolygon", arcs=polygons)
            if shape.properties:
                geometry["properties"] = shape.properties
            geometries.append(geometry)
        topology_objects[name] = {"type": "GeometryCollection", "geometries": geometries}
    return {
        "type": "Topology",
        "bbox": [x0, y0, x1, y1],
        "transform": {"scale": [kx, ky], "translate": [x0, y0]},
        "objects": topology_objects,
        "arcs": encoded_arcs,
    }
