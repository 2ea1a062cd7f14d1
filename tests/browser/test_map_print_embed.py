"""The map printed (map, legend, date, source and address on one page) and embedded (the
embed code's frame holds the map and a readable legend)."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

from .conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def one_map(texas_with_counties):
    cache.clear()
    _texas, counties = texas_with_counties
    policy_map = PolicyMapFactory(
        slug="detainer-policies", title="Detainer policies", level="county"
    )
    for index, slug in enumerate(["hold", "no-hold", "notify", "access", "no-access"]):
        category = MapCategoryFactory(
            policy_map=policy_map,
            slug=slug,
            label=f"Category {slug}",
            description="What this category means, in a sentence or two.",
            position=index,
        )
    PolicyFactory(category=category, jurisdiction=counties["Harris County"])
    return policy_map


def test_the_printed_map_fits_one_page_with_its_legend_date_and_source(page, one_map):
    page.goto("/maps/detainer-policies/")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".map-table")).to_be_hidden()
    expect(page.locator(".map-tools")).to_be_hidden()
    expect(page.locator("#policy-map")).to_be_visible()
    expect(page.locator(".map-legend")).to_be_visible()
    expect(page.locator(".map-updated")).to_be_visible()
    source = page.locator(".print-source")
    expect(source).to_be_visible()
    expect(source).to_contain_text("/maps/detainer-policies/")
    pdf = page.pdf(format="Letter", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, pages


def test_the_print_button_is_offered_to_keyboard_users(page, one_map):
    page.goto("/maps/detainer-policies/")
    expect(page.get_by_role("button", name="Print the map")).to_be_visible()


@pytest.mark.parametrize("width", [1000, 600])
def test_the_embed_code_frame_holds_the_map_and_its_legend(page, live_server, one_map, width):
    page.goto("/maps/detainer-policies/")
    code = page.locator("#embed-code").input_value()
    height = int(re.search(r'height="(\d+)"', code).group(1))
    src = re.search(r'src="([^"]+)"', code).group(1)
    page.set_content(
        f'<div style="width:{width}px"><iframe src="{src}" width="100%" height="{height}" '
        'style="border:0"></iframe></div>'
    )
    frame = page.frame_locator("iframe")
    frame.locator(".leaflet-container[data-loaded='true']").wait_for()
    inner = page.frames[1]
    bottom = inner.evaluate(
        "() => Math.max(document.querySelector('#policy-map').getBoundingClientRect().bottom,"
        " document.querySelector('.map-legend h2').getBoundingClientRect().bottom)"
    )
    assert bottom <= height, bottom
    legend_entry = inner.evaluate(
        "() => document.querySelector('.map-legend li').getBoundingClientRect().bottom"
    )
    assert legend_entry <= height
    font = inner.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.legend-label')).fontSize)"
    )
    assert font >= 12
    screenshot(page, f"map-embed-{width}")
