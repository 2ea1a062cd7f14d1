"""A small TopoJSON decoder: quantized, delta-encoded arcs into GeoJSON-like polygon rings.

Only what the shipped boundary file needs: Polygon and MultiPolygon geometries (and
GeometryCollection members of those), with or without a quantization transform.
See https://github.com/topojson/topojson-specification.
"""

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
