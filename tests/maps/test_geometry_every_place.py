"""The map page's shapes of the real boundaries: every county and state drawn, none lost on the
grid, and the county shapes small enough for a phone."""

import gzip
import io

import pytest
from django.core.management import call_command

from jurisdictions.models import Jurisdiction
from jurisdictions.topojson import Topology
from tests.factories import PolicyMapFactory

pytestmark = pytest.mark.django_db

# Gzipped as bench/map_sizes.py measures it (level 6; the server sends level 9, smaller).
COUNTY_GEOMETRY_BUDGET = 150_000


@pytest.fixture
def boundaries():
    call_command("load_boundaries", stdout=io.StringIO())


def documents(client, slug: str) -> tuple[dict, bytes, dict]:
    config = client.get(f"/maps/{slug}/").context["map_config"]
    geometry = client.get(config["geometrySrc"])
    return geometry.json(), geometry.content, client.get(config["namesSrc"]).json()


def drawable(polygons) -> bool:
    """At least one exterior ring with an area: three distinct points or more."""
    return any(len(set(rings[0])) >= 3 for rings in polygons)


def test_every_county_is_drawn_and_named_and_the_shapes_fit_the_budget(client, boundaries):
    PolicyMapFactory(slug="detainer-policies", level="county")
    topology, body, names = documents(client, "detainer-policies")

    drawn = {
        feature.id
        for feature in Topology(topology).features("places")
        if drawable(feature.polygons)
    }
    counties = set(Jurisdiction.objects.counties().values_list("geoid", flat=True))
    assert len(counties) > 3200
    assert counties - drawn == set()
    assert set(names["places"]) == counties
    # Falls Church, an independent city of 5 km², is smaller than a cell of the grid.
    assert "51610" in drawn
    assert names["places"]["51610"] == "Falls Church city"
    assert len(gzip.compress(body, 6)) <= COUNTY_GEOMETRY_BUDGET


def test_every_state_and_territory_is_drawn(client, boundaries):
    PolicyMapFactory(slug="state-laws", level="state")
    topology, _body, names = documents(client, "state-laws")

    drawn = {
        feature.id
        for feature in Topology(topology).features("places")
        if drawable(feature.polygons)
    }
    states = set(Jurisdiction.objects.states().values_list("geoid", flat=True))
    assert len(states) == 56
    assert states - drawn == set()
    assert names["places"]["11"] == "District of Columbia"
