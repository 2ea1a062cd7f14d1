"""The map's table sorted and filtered in place: the address follows (shareable, back button),
the map is not reloaded, and focus stays on the control that was used; keyboard only, at
1280 and 375 px, in English and Spanish."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser


def open_map(page, path="/maps/detainer-policies/"):
    page.goto(path)
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    page.evaluate("window.__samePage = true")


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_filters_update_the_table_in_place_and_keep_focus(request, viewport, detainer_map):
    page = request.getfixturevalue(viewport)
    open_map(page)
    rows = page.locator(".policy-table tbody tr")
    expect(rows).to_have_count(3)

    page.get_by_label("Category", exact=True).select_option("hold-policy")
    category = page.get_by_label("Category", exact=True)
    category.focus()
    page.get_by_label("Name contains").focus()
    page.keyboard.type("harr")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=harr"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Harris County")
    assert "category=hold-policy" in page.url and "q=harr" in page.url
    assert page.evaluate("window.__samePage") is True
    expect(page.get_by_label("Name contains")).to_be_focused()
    expect(page.get_by_label("Name contains")).to_have_value("harr")

    page.get_by_label("Name contains").fill("")
    page.get_by_label("Category", exact=True).select_option("")
    page.get_by_label("Hide places with no policy").check()
    page.get_by_label("Hide places with no policy").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"with_policy=1"))
    expect(rows).to_have_count(1)
    assert "q=&" in page.url
    expect(page.get_by_role("button", name="Filter")).to_be_focused()
    screenshot(page, f"map-table-in-place-{viewport}")

    # The address opens the same table.
    page.goto(page.url)
    expect(page.locator(".policy-table tbody tr")).to_have_count(1)


def test_sorting_in_place_keeps_focus_on_the_header(page, detainer_map):
    open_map(page)
    table = page.locator(".policy-table")
    table.get_by_role("link", name="Place").focus()
    page.keyboard.press("Enter")
    expect(table.locator("th[aria-sort='ascending']")).to_contain_text("Place")
    expect(table.get_by_role("link", name="Place")).to_be_focused()
    assert "sort=name" in page.url
    page.keyboard.press("Enter")
    expect(table.locator("th[aria-sort='descending']")).to_contain_text("Place")
    assert "sort=-name" in page.url
    assert page.evaluate("window.__samePage") is True
    page.go_back()
    expect(page.locator(".policy-table th[aria-sort='ascending']")).to_contain_text("Place")


def test_the_spanish_table_filters_in_place(page, detainer_map):
    open_map(page, "/es/maps/detainer-policies/")
    page.get_by_label("Ocultar los lugares sin política").check()
    page.get_by_role("button", name="Filtrar").click()
    expect(page.locator(".policy-table tbody tr")).to_have_count(1)
    assert "/es/maps/detainer-policies/?" in page.url
    assert page.evaluate("window.__samePage") is True
