"""A policy map used the way an advocate uses it: find a county, read its popup, switch
layers, look up a place, read the table. No base-map tiles: shapes on a plain background."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from maps.models import Policy
from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

from .conftest import screenshot

pytestmark = pytest.mark.browser

HOSTILE_SUMMARY = (
    '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script> Honours holds.'
)


@pytest.fixture
def texas_maps(texas_with_counties):
    cache.clear()
    texas, counties = texas_with_counties
    detainers = PolicyMapFactory(
        slug="detainer-policies", title="Detainer policies", level="county", position=1
    )
    hold = MapCategoryFactory(
        policy_map=detainers, slug="hold-policy", label="ICE hold policy", color="#1f78b4"
    )
    MapCategoryFactory(
        policy_map=detainers, slug="no-holds-no-access", label="No ICE holds", color="#33a02c"
    )
    PolicyFactory(
        category=hold,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2019, 3, 1),
        last_verified=datetime.date(2024, 5, 1),
        summary=HOSTILE_SUMMARY,
        source_title="Sheriff's memo",
        source_url="https://example.org/harris-memo",
    )
    PolicyFactory(
        category=hold,
        jurisdiction=counties["Travis County"],
        effective_date=datetime.date(2018, 1, 1),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
        summary="Ended yesterday.",
    )
    agreements = PolicyMapFactory(
        slug="287g-agreements", title="287(g) agreements", level="county", position=2
    )
    task_force = MapCategoryFactory(
        policy_map=agreements, slug="task-force", label="Task force", color="#e31a1c"
    )
    PolicyFactory(category=task_force, jurisdiction=counties["El Paso County"])
    return counties


def open_map(page, path="/maps/detainer-policies/"):
    page.goto(path)
    page.wait_for_selector(".leaflet-container[data-loaded='true']")


def test_map_shades_counties_and_shows_the_legend(page, texas_maps):
    open_map(page)

    harris = page.locator("path.place-48201")
    expect(harris).to_have_attribute("fill", "#1f78b4")
    # Travis's policy ended yesterday: today it has none.
    expect(page.locator("path.place-48453")).to_have_attribute("fill", "#d9d9d9")
    assert page.locator("svg path.leaflet-interactive").count() == 3
    legend = page.locator(".map-legend")
    expect(legend.locator("li[data-category='hold-policy'] .legend-count")).to_have_text("1")
    expect(legend.locator("li[data-category=''] .legend-count")).to_have_text("2")
    expect(legend).to_contain_text("No policy")
    screenshot(page, "map-detainers-desktop")


def test_clicking_a_county_opens_its_popup_with_markup_shown_as_text(page, texas_maps):
    open_map(page)

    page.locator("path.place-48201").click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Harris County, TX")
    expect(popup).to_contain_text("ICE hold policy")
    expect(popup).to_contain_text("<script>window.pwned=1</script> Honours holds.")
    expect(popup).to_contain_text("March 1, 2019")
    expect(popup).to_contain_text("May 1, 2024")
    expect(popup.get_by_role("link", name="Sheriff's memo")).to_have_attribute(
        "href", "https://example.org/harris-memo"
    )
    expect(popup.get_by_role("link", name="Details and history")).to_have_attribute(
        "href", "/jurisdictions/48201/"
    )
    assert page.evaluate("window.pwned") is None
    assert page.js_errors == []


def test_the_spanish_popup_marks_a_summary_shown_in_english(page, texas_maps):
    open_map(page, "/es/maps/detainer-policies/")

    page.locator("path.place-48201").click()

    popup = page.locator(".leaflet-popup-content")
    summary = popup.locator('span[lang="en"]')
    expect(summary).to_contain_text("<script>window.pwned=1</script> Honours holds.")
    expect(popup.get_by_role("link", name="Sheriff's memo")).to_have_attribute("lang", "en")
    expect(popup.locator("small.untranslated").first).to_have_text("(en inglés)")
    assert page.js_errors == []


def test_the_spanish_popup_gives_a_translated_summary_unmarked(page, texas_maps):
    Policy.objects.filter(jurisdiction__geoid="48201").update(
        summary_es="La cárcel acata algunas órdenes.", source_title_es="Memorando del sheriff"
    )
    cache.clear()
    open_map(page, "/es/maps/detainer-policies/")

    page.locator("path.place-48201").click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("La cárcel acata algunas órdenes.")
    expect(popup.get_by_role("link", name="Memorando del sheriff")).to_be_visible()
    expect(popup.locator("small.untranslated")).to_have_count(0)
    expect(popup.locator('[lang="en"]')).to_have_count(0)
    assert page.js_errors == []


def test_hover_highlights_a_county(page, texas_maps):
    open_map(page)

    harris = page.locator("path.place-48201")
    harris.hover()

    expect(harris).to_have_attribute("stroke-width", "3")


def test_search_zooms_to_a_place_and_opens_its_popup(page, texas_maps):
    open_map(page)

    page.get_by_label("Find a place").fill("travis")
    page.get_by_role("button", name="Find").click()

    expect(page.locator(".leaflet-popup-content")).to_contain_text("Travis County, TX")
    expect(page.locator(".leaflet-popup-content")).to_contain_text("No policy")

    page.get_by_label("Find a place").fill("Atlantis")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".search-status")).to_have_text("No place of that name on this map.")


def test_switching_the_layer_shows_the_other_map(page, texas_maps):
    open_map(page)

    page.locator(".layer-switcher").get_by_role("link", name="287(g) agreements").click()
    page.wait_for_url("**/maps/287g-agreements/")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")

    expect(page.get_by_role("heading", level=1)).to_have_text("287(g) agreements")
    expect(page.locator("path.place-48141")).to_have_attribute("fill", "#e31a1c")
    expect(page.locator("path.place-48201")).to_have_attribute("fill", "#d9d9d9")
    expect(page.locator(".map-legend")).to_contain_text("Task force")


def test_as_of_date_reloads_the_map_for_that_day_with_a_shareable_address(page, texas_maps):
    open_map(page)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    page.get_by_label("Policies in force on").fill(yesterday)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**/maps/detainer-policies/?as_of={yesterday}")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")

    expect(page.locator("path.place-48453")).to_have_attribute("fill", "#1f78b4")
    expect(page.locator(".map-legend li[data-category='hold-policy'] .legend-count")).to_have_text(
        "2"
    )


def test_the_table_sorts_and_filters_without_the_map(page, texas_maps):
    open_map(page)
    table = page.locator(".policy-table")

    expect(table.locator("tbody tr")).to_have_count(3)
    table.get_by_role("link", name="Category").click()
    expect(table.locator("tbody tr").first).to_contain_text("Harris County")
    expect(table.locator("tbody tr").first).to_contain_text("ICE hold policy")
    expect(table.locator("th[aria-sort='ascending']")).to_contain_text("Category")

    table.get_by_role("link", name="Place").click()
    expect(table.locator("tbody tr").first).to_contain_text("El Paso County")

    page.get_by_label("State").select_option("TX")
    page.get_by_role("button", name="Filter").click()
    expect(table.locator("tbody tr")).to_have_count(3)
    table.get_by_role("link", name="Harris County").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harris County, TX")


def test_embed_mode_is_just_the_map(page, texas_maps):
    open_map(page, "/maps/detainer-policies/?embed=1")

    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.locator("path.place-48201")).to_have_attribute("fill", "#1f78b4")
    expect(page.locator(".policy-table")).to_have_count(0)


def test_jurisdiction_page_draws_its_boundary_and_links_back_to_the_map(page, texas_maps):
    page.goto("/jurisdictions/48201/")

    expect(page.locator("#jurisdiction-map path.leaflet-interactive")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Harris County, TX")
    expect(page.locator(".policy-history")).to_contain_text("<script>window.pwned=1</script>")
    page.get_by_role("link", name="Detainer policies").click()
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    assert page.evaluate("window.pwned") is None
    assert page.js_errors == []
