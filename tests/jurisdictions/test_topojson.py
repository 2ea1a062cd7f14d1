"""The TopoJSON decoder on a hand-made topology: two squares sharing an edge, one with a hole."""

import pytest

from jurisdictions.boundaries import multipolygon
from jurisdictions.topojson import Topology

# Quantized: scale 0.5, translate (-100, 30). Arc 0 is the shared edge x=1 (quantized 2),
# arc 1 the rest of the west square, arc 2 the rest of the east square, arc 3 a hole.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [-100, 30]},
    "objects": {
        "counties": {
            "type": "GeometryCollection",
            "geometries": [
                {
                    "type": "Polygon",
                    "id": "48001",
                    "properties": {"name": "West"},
                    "arcs": [[0, 1]],
                },
                {
                    "type": "MultiPolygon",
                    "id": "48003",
                    "properties": {"name": "East"},
                    "arcs": [[[-1, -3], [3]]],  # both arcs backwards
                },
            ],
        }
    },
    "arcs": [
        [[2, 0], [0, 2]],  # (1,0) → (1,1) after the transform: delta-encoded
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (1,1) → (0,1) → (0,0) → (1,0)
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (1,1) → (2,1) → (2,0) → (1,0)
        [[3, 1], [0, 0], [0, 0], [0, 0]],  # a degenerate hole of 4 equal points
    ],
}


def test_decodes_delta_encoded_quantized_arcs():
    west = next(Topology(TOPOLOGY).features("counties"))
    assert west.id == "48001"
    assert west.properties == {"name": "West"}
    assert west.polygons == [
        [[(-99.0, 30.0), (-99.0, 31.0), (-100.0, 31.0), (-100.0, 30.0), (-99.0, 30.0)]]
    ]


def test_reversed_arc_is_walked_backwards_and_shared_point_kept_once():
    east = list(Topology(TOPOLOGY).features("counties"))[1]
    exterior = east.polygons[0][0]
    assert exterior == [(-99.0, 31.0), (-99.0, 30.0), (-98.0, 30.0), (-98.0, 31.0), (-99.0, 31.0)]


def test_shapes_become_valid_multipolygons_that_share_their_edge():
    west, east = (multipolygon(f.polygons) for f in Topology(TOPOLOGY).features("counties"))
    assert west.valid and east.valid
    assert west.srid == 4326
    assert west.area == pytest.approx(1.0)
    assert west.touches(east)


def test_untransformed_topology_uses_coordinates_as_given():
    topology = Topology(
        {
            "type": "Topology",
            "objects": {"one": {"type": "Polygon", "arcs": [[0]]}},
            "arcs": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
        }
    )
    (feature,) = topology.features("one")
    assert feature.polygons == [[[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]]]


def test_rejects_what_is_not_a_topology():
    with pytest.raises(ValueError):
        Topology({"type": "FeatureCollection", "features": []})
