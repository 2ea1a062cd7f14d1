"""The library used the way a person uses it: search, combine filters, read chips, download."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import horizontal_overflow, screenshot

pytestmark = pytest.mark.browser


def results_heading(page):
    return page.locator("#results-heading")


def test_search_finds_publications_by_words(page, small_catalog):
    page.goto("/")
    page.get_by_label("Search the library").fill("detainers")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/resources/\?q=detainers"))
    expect(results_heading(page)).to_have_text(re.compile(r"^\s*\d+ publications?\s*$"))
    titles = page.locator(".resource-card h3").all_inner_texts()
    assert "Immigration Detainers: A Practice Advisory" in titles
    assert all("DACA" not in title for title in titles)
    screenshot(page, "library-search")
