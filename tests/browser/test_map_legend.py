"""The legend tells every entry apart without colour: a pattern per entry on the map and in the
legend, "No policy" unmarked and distinct from a grey category, and what a dot means."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

from .conftest import screenshot

pytestmark = pytest.mark.browser

GREY = "#d9d9d9"  # the same grey as "No policy"


@pytest.fixture
def state_law_map(texas_with_counties):
    cache.clear()
    _texas, counties = texas_with_counties
    policy_map = PolicyMapFactory(
        slug="state-laws", title="State laws", level="county", position=1, show_agencies=True
    )
    looks = [
        ("limits", "Limits cooperation", "#1f78b4"),
        ("mandates", "Mandates cooperation", "#e31a1c"),
        ("no-statewide-law", "No statewide law", GREY),
    ]
    categories = {
        slug: MapCategoryFactory(
            policy_map=policy_map, slug=slug, label=label, color=color, position=index
        )
        for index, (slug, label, color) in enumerate(looks)
    }
    PolicyFactory(category=categories["limits"], jurisdiction=counties["Harris County"])
    PolicyFactory(category=categories["mandates"], jurisdiction=counties["Travis County"])
    PolicyFactory(category=categories["no-statewide-law"], jurisdiction=counties["El Paso County"])
    return policy_map


def swatch_looks(page):
    return page.eval_on_selector_all(
        ".map-legend li[data-category] .swatch",
        """nodes => nodes.map(n => {
            const s = getComputedStyle(n);
            return [n.closest('li').dataset.category, s.backgroundColor, s.backgroundImage];
        })""",
    )


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_every_legend_entry_differs_without_colour(request, viewport, state_law_map):
    page = request.getfixturevalue(viewport)
    page.goto("/maps/state-laws/")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")

    looks = swatch_looks(page)
    assert [slug for slug, _c, _i in looks] == ["limits", "mandates", "no-statewide-law", ""]
    patterns = [image for _s, _c, image in looks]
    assert len(set(patterns)) == len(patterns), patterns  # no two share a pattern
    by_slug = {slug: (colour, image) for slug, colour, image in looks}
    # "No statewide law" is the same grey as "No policy", yet marked; "No policy" is plain.
    assert by_slug["no-statewide-law"][0] == by_slug[""][0]
    assert by_slug[""][1] == "none"
    assert by_slug["no-statewide-law"][1] != "none"
    assert all(image != "none" for slug, (_c, image) in by_slug.items() if slug)

    # On the map the same patterns fill the shapes; the plain colour stays in `fill`.
    travis = page.locator("#policy-map path.place-48453")
    expect(travis).to_have_attribute("fill", "#e31a1c")
    assert travis.evaluate("n => getComputedStyle(n).fill").startswith("url(")
    el_paso = page.locator("#policy-map path.place-48141")
    assert el_paso.evaluate("n => getComputedStyle(n).fill").startswith("url(")

    legend = page.locator(".map-legend")
    expect(legend).to_contain_text("A dot is one agency")
    expect(legend).to_contain_text("Plain light grey, unmarked")
    screenshot(page, f"map-legend-patterns-{viewport}")
    assert page.js_errors == []


def test_the_spanish_legend_explains_dots_and_patterns(page, state_law_map):
    page.goto("/es/maps/state-laws/")
    legend = page.locator(".map-legend")
    expect(legend).to_contain_text("Un punto es un organismo")
    expect(legend).to_contain_text("trama")
