"""The library used the way a person uses it: search, combine filters, read chips, download."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import horizontal_overflow, screenshot

pytestmark = pytest.mark.browser


def results_heading(page):
    return page.locator("#results-heading")


def tab_to(page, locator, limit=15) -> int:
    """Press Tab until the control has focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{locator} not reached with {limit} presses of Tab")


def presses_to(page, start, target) -> int:
    """How many tabbable controls lie between two controls of the same form, plus one."""
    return page.evaluate(
        """([a, b]) => {
            const tabbable = [...a.form.elements].filter(el => el.tabIndex >= 0 && !el.disabled
                && el.type !== "hidden" && el.tagName !== "FIELDSET");
            return Math.abs(tabbable.indexOf(a) - tabbable.indexOf(b));
        }""",
        [start.element_handle(), target.element_handle()],
    )


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


def test_combining_filters_narrows_results_and_chips_undo_them(page, small_catalog):
    page.goto("/resources/")
    expect(results_heading(page)).to_have_text(re.compile(r"10 publications"))

    page.get_by_label(re.compile(r"^Explainer")).check()
    page.get_by_label(re.compile(r"^287\(g\) agreements")).check()
    page.get_by_label("Published on or after").fill("2021-01-01")
    page.get_by_role("button", name="Apply").click()

    expect(results_heading(page)).to_have_text(re.compile(r"^\s*1 publication\s*$"))
    expect(page.locator(".resource-card h3")).to_have_text(
        ["Task Force Model Agreements, Explained"]
    )
    chips = page.get_by_role("list", name="Active filters").get_by_role("link")
    expect(chips).to_have_count(3)
    expect(chips.nth(0)).to_contain_text("Type: Explainer")
    screenshot(page, "library-filtered")

    # Removing the date chip keeps the other two filters and widens the results.
    page.get_by_role("link", name=re.compile(r"Published on or after: 2021-01-01")).click()
    expect(results_heading(page)).to_have_text(re.compile(r"^\s*2 publications\s*$"))
    expect(chips).to_have_count(2)
    expect(page.get_by_label(re.compile(r"^Explainer"))).to_be_checked()
    expect(page.get_by_label("Published on or after")).to_have_value("")


def test_invalid_filter_explains_itself_without_losing_the_form(page, small_catalog):
    response = page.goto("/resources/?published_after=someday&jurisdiction=ZZ")
    assert response.status == 400
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Some search settings could not be used")
    expect(alert).to_contain_text("No jurisdiction has the code “ZZ”")
    expect(page.get_by_label("Jurisdiction")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "library-errors")


def test_open_a_publication_and_download_its_file(page, small_catalog):
    page.goto("/resources/?q=detainer+advisory")
    page.get_by_role("link", name="Immigration Detainers: A Practice Advisory").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Immigration Detainers: A Practice Advisory"
    )
    expect(page.locator(".resource-facts")).to_contain_text("March 5, 2024")
    expect(page.get_by_role("link", name="Leer en español")).to_have_attribute("hreflang", "es")
    screenshot(page, "publication-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Full advisory (PDF)").click()
    download = download_info.value
    # Saved under the file's label, with the extension of its detected type.
    assert download.suggested_filename == "full-advisory-pdf.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == b"%PDF-1.4\n% detainers advisory\n"


def test_filter_form_works_with_the_keyboard_alone(page, small_catalog):
    page.goto("/resources/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")

    search = page.get_by_label("Search words")
    assert tab_to(page, search) <= 3
    page.keyboard.type("DACA")

    advisory = page.get_by_label(re.compile(r"^Practice Advisory"))
    assert tab_to(page, advisory) <= 2
    page.keyboard.press("Space")
    expect(page.get_by_label(re.compile(r"^Practice Advisory"))).to_be_checked()
    # The focused control shows a visible focus ring.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    for _ in range(presses_to(page, advisory, search)):
        page.keyboard.press("Shift+Tab")
    expect(search).to_be_focused()
    page.keyboard.press("Enter")  # submits the form from the search box

    expect(page).to_have_url(re.compile(r"q=DACA.*type=practice-advisory"))
    expect(results_heading(page)).to_have_text(re.compile(r"^\s*2 publications\s*$"))


def test_library_at_phone_width(phone_page, small_catalog):
    page = phone_page
    page.goto("/resources/")
    panel = page.locator("details.filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    expect(page.get_by_label("Search words")).to_be_hidden()
    expect(results_heading(page)).to_be_in_viewport()
    assert horizontal_overflow(page) == 0
    screenshot(page, "library-list-phone")

    page.get_by_text("Search and filters").tap()
    page.get_by_label(re.compile(r"^DACA")).check()
    page.get_by_role("button", name="Apply").tap()

    expect(results_heading(page)).to_have_text(re.compile(r"^\s*3 publications\s*$"))
    expect(page.get_by_role("list", name="Active filters")).to_contain_text("Topic: DACA")
    assert horizontal_overflow(page) == 0

    page.get_by_role("link", name="Advance Parole for DACA Recipients").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Advance Parole for DACA Recipients")
    assert horizontal_overflow(page) == 0
    screenshot(page, "publication-detail-phone")
