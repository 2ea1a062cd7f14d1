"""At 375 px wide: nothing scrolls sideways, the map and its legend fit, the table scrolls
inside its own box, and the pages still pass the axe audit."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import PHONE, horizontal_overflow, screenshot
from .test_a11y import AXE_OPTIONS, BLOCKING

pytestmark = pytest.mark.browser


def blocking_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['impact']}: {v['id']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_phone_pages_fit_and_pass_axe(phone_page, small_catalog, detainer_map, language):
    prefix = "" if language == "en" else "/es"
    for path in [
        "/",
        "/resources/",
        "/resources/immigration-detainers-practice-advisory/",
        "/maps/",
        "/jurisdictions/48201/",
    ]:
        phone_page.goto(prefix + path)
        assert horizontal_overflow(phone_page) == 0, path
        assert blocking_violations(phone_page) == [], path


def test_map_and_legend_fit_a_phone_and_the_table_scrolls_in_its_box(phone_page, detainer_map):
    page = phone_page
    page.goto("/es/maps/detainer-policies/")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    assert horizontal_overflow(page) == 0

    for selector in (".map-frame", ".map-legend", ".table-scroll"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0, selector
        assert box["x"] + box["width"] <= PHONE["width"], selector

    legend = page.locator(".map-legend")
    expect(legend).to_contain_text("Retiene para ICE")
    expect(legend).to_contain_text("Sin política")
    # The table may be wider than the phone; it scrolls inside its box, not the page.
    table_box = page.locator(".table-scroll")
    expect(table_box.get_by_role("link", name="Harris County")).to_be_visible()
    overflow = table_box.evaluate("el => getComputedStyle(el).overflowX")
    assert overflow in ("auto", "scroll")
    assert blocking_violations(page) == []
    screenshot(page, "map-detail-es-phone")


def test_find_a_county_on_a_phone(phone_page, detainer_map):
    page = phone_page
    page.goto("/maps/detainer-policies/")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    search = page.get_by_role("searchbox", name=re.compile("Find a place"))
    if search.count() == 0:
        search = page.get_by_label("Find a place")
    search.fill("Harris")
    search.press("Enter")
    expect(page.locator(".leaflet-popup")).to_contain_text("Harris County")
    expect(page.locator(".leaflet-popup")).to_be_in_viewport()
    assert horizontal_overflow(page) == 0
    screenshot(page, "map-popup-phone")
