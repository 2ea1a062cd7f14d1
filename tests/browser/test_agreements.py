"""The 287(g) map as an advocate reads it: a county's agencies and agreements in its popup,
and what changed between two of ICE's lists."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.factories import MapCategoryFactory, PolicyMapFactory
from tests.maps.test_import_287g import JULY, MAY, MOA, run

from .conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def agreements(texas_with_counties):
    cache.clear()
    policy_map = PolicyMapFactory(
        slug="287g-agreements",
        title="287(g) agreements",
        level="county",
        show_agencies=True,
        multiple_categories=True,
        is_published=True,
    )
    colours = ["#D55E00", "#E69F00", "#CC79A7", "#BBBBBB"]
    for position, slug in enumerate(
        ["jail-enforcement", "task-force", "warrant-service-officer", "pending"]
    ):
        MapCategoryFactory(
            policy_map=policy_map,
            slug=slug,
            label=slug.replace("-", " ").capitalize(),
            color=colours[position],
            position=position,
        )
    assert run(policy_map, MAY, "2025-05-16").saved
    assert run(policy_map, JULY, "2025-07-18").saved
    return policy_map


def test_a_county_popup_lists_every_agency_and_agreement(page, agreements):
    page.goto("/maps/287g-agreements/?as_of=2025-07-18")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    harris = page.locator("path.place-48201")
    # Jail enforcement is first in the legend: the county takes its colour.
    expect(harris).to_have_attribute("fill", "#D55E00")
    harris.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Harris County Sheriff's Office")
    expect(popup.locator("li")).to_have_count(2)  # jail enforcement and task force
    expect(popup.locator(f"a[href='{MOA}']")).to_have_count(1)
    expect(page.locator(".legend-note")).to_contain_text("shaded in the colour of the first")
    screenshot(page, "map-287g-popup")


def test_comparing_two_dates_from_the_map_page(page, agreements):
    page.goto("/maps/287g-agreements/?as_of=2025-07-18")
    page.fill("#changes-from", "2025-05-16")
    page.fill("#changes-to", "2025-07-18")
    page.get_by_role("button", name="What changed").click()
    page.wait_for_url("**/changes/?from=2025-05-16&to=2025-07-18")
    expect(page.locator("h1")).to_contain_text("What changed between")
    total = page.locator(".changes-total td")
    expect(total.nth(0)).to_have_text("3")
    expect(total.nth(1)).to_have_text("3")
    rows = page.locator(".changes-table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(".change-ended")).to_contain_text("Houston Police Department")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    # Harris County changed (a new agreement, an ended one): outlined on the map.
    expect(page.locator("path.place-48201.place-changed")).to_have_count(1)
    expect(page.locator("path.place-48453.place-changed")).to_have_count(0)
    screenshot(page, "map-287g-changes")


def test_the_changes_map_reads_the_shapes_and_shading_of_the_map_page(page, agreements):
    """No GeoJSON of a whole date: the shapes (kept a year by the browser) and the shading
    of the later date, and each popup's details when it opens."""
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto("/maps/287g-agreements/changes/?from=2025-05-16&to=2025-07-18")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    assert not [url for url in asked if "/features/" in url]
    assert [url for url in asked if "/api/maps/287g-agreements/geometry/" in url]
    assert [url for url in asked if "/places/?as_of=2025-07-18" in url]
    harris = page.locator("path.place-48201")
    expect(harris).to_have_attribute("fill", "#D55E00")
    harris.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Harris County Sheriff's Office")
    assert page.js_errors == []
