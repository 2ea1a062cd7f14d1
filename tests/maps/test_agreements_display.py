"""A map of agreements: a county shaded through its agencies, popups and pages list each one."""

import datetime

import pytest

from tests.maps.test_import_287g import DPS, HARRIS_SO, HOUSTON_PD, MOA, agreements_map, run  # noqa: F401

pytestmark = pytest.mark.django_db

ROWS = [
    [*HARRIS_SO, "Warrant Service Officer", datetime.datetime(2025, 3, 1), "link pending"],
    [*HARRIS_SO, "Jail Enforcement Model", datetime.datetime(2025, 2, 20), ("link", MOA)],
    [*HOUSTON_PD, "Task Force Model", datetime.datetime(2025, 4, 1), "link pending"],
    [*DPS, "Task Force Model", datetime.datetime(2025, 4, 2), "link pending"],
]


@pytest.fixture
def imported(agreements_map):  # noqa: F811
    assert run(agreements_map, ROWS, "2025-07-18").saved
    return agreements_map


def test_a_county_is_shaded_by_its_agencies_and_lists_every_agreement(client, imported):
    response = client.get("/api/maps/287g-agreements/features/?as_of=2025-07-18")
    features = {f["id"]: f["properties"] for f in response.json()["features"]}
    harris = features["48201"]
    # Jail enforcement comes first in the legend, so it shades the county.
    assert harris["category"] == "jail-enforcement"
    agreements = {(a["agency"], a["category"]) for a in harris["agreements"]}
    assert agreements == {
        ("Harris County Sheriff's Office", "jail-enforcement"),
        ("Harris County Sheriff's Office", "warrant-service-officer"),
        ("Houston Police Department", "task-force"),
    }
    jail = next(a for a in harris["agreements"] if a["category"] == "jail-enforcement")
    assert jail["effective_date"] == "2025-02-20" and jail["source_url"] == MOA
    assert features["48453"]["agreements"] is None  # Travis: no agency, no agreement
    houston = [p for p in features.values() if p["name"] == "Houston Police Department"]
    assert houston and houston[0]["kind"] == "agency"


def test_the_county_page_lists_its_agencies_agreements(client, imported):
    html = client.get("/jurisdictions/48201/").content.decode()
    assert "Harris County Sheriff&#x27;s Office" in html
    assert "Houston Police Department" in html
    assert MOA in html
    state = client.get("/jurisdictions/48/").content.decode()
    assert "Texas Department of Public Safety" in state


def test_the_legend_counts_agreements_and_says_how_a_county_is_shaded(client, imported):
    html = client.get("/maps/287g-agreements/?as_of=2025-07-18").content.decode()
    assert "shaded in the colour of the first of them in this legend" in html
