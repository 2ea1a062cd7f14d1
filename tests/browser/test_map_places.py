"""Finding a place on a map and linking to it: the place search offers every match with its
state and never picks one of several silently; /maps/<slug>/?place=<geoid> opens the map on
that place with its popup open, and every popup offers that link."""

import datetime

import pytest
from django.core.cache import cache
from django.utils.text import slugify
from playwright.sync_api import expect

from jurisdictions.models import Jurisdiction, Level
from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory, square

from .conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def namesakes(transactional_db):
    """Two Harris Counties and two Santa Cruz Counties in different states, and Travis."""
    cache.clear()
    places = {}
    for name, geoid, state, x, y in [
        ("Harris County", "48201", "TX", -96, 31),
        ("Travis County", "48453", "TX", -98, 31),
        ("Harris County", "13145", "GA", -85, 33),
        ("Santa Cruz County", "04023", "AZ", -111, 32),
        ("Santa Cruz County", "06087", "CA", -122, 37),
    ]:
        places[geoid] = Jurisdiction.objects.create(
            level=Level.COUNTY,
            name=name,
            geoid=geoid,
            state_code=state,
            slug=slugify(f"{name}-{state}"),
            boundary=square(x, y),
        )
    detainers = PolicyMapFactory(
        slug="detainer-policies", title="Detainer policies", level="county", position=1
    )
    hold = MapCategoryFactory(
        policy_map=detainers, slug="hold-policy", label="ICE hold policy", color="#1f78b4"
    )
    PolicyFactory(
        category=hold,
        jurisdiction=places["48201"],
        effective_date=datetime.date(2019, 3, 1),
        summary="Honours holds.",
    )
    PolicyFactory(category=hold, jurisdiction=places["06087"], summary="Santa Cruz, CA.")
    return places


def open_map(page, path="/maps/detainer-policies/"):
    page.goto(path)
    page.wait_for_selector(".leaflet-container[data-loaded='true']")


def popup(page):
    return page.locator(".leaflet-popup-content")


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_link_to_a_place_opens_the_map_on_it_with_its_popup(request, viewport, namesakes):
    page = request.getfixturevalue(viewport)
    open_map(page, "/maps/detainer-policies/?place=48201")

    expect(popup(page)).to_contain_text("Harris County, TX")
    expect(popup(page)).to_contain_text("Honours holds.")
    link = popup(page).get_by_role("link", name="Link to this place on the map")
    expect(link).to_have_attribute("href", "/maps/detainer-policies/?place=48201")
    # The whole popup is inside the map frame and clear of the zoom control.
    page.wait_for_timeout(400)  # the pan that brings the popup into view
    frame = page.locator("#policy-map").bounding_box()
    box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert inside(box, frame), (box, frame)
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    assert box["x"] >= zoom["x"] + zoom["width"] or box["y"] >= zoom["y"] + zoom["height"]
    screenshot(page, f"map-place-link-{viewport}")
    assert page.js_errors == []


def test_a_popup_link_keeps_the_date_and_a_link_to_an_unknown_place_says_so(page, namesakes):
    open_map(page, "/maps/detainer-policies/?as_of=2020-01-01")
    page.locator("path.place-06087").click()
    expect(
        popup(page).get_by_role("link", name="Link to this place on the map")
    ).to_have_attribute("href", "/maps/detainer-policies/?place=06087&as_of=2020-01-01")

    open_map(page, "/maps/detainer-policies/?place=99999")
    expect(page.locator(".map-status")).to_have_text("The place in this link is not on this map.")
    expect(page.locator(".leaflet-popup")).to_have_count(0)


def test_the_link_opens_the_spanish_map_too(page, namesakes):
    open_map(page, "/es/maps/detainer-policies/?place=48201")
    expect(popup(page)).to_contain_text("Harris County, TX")
    expect(
        popup(page).get_by_role("link", name="Enlace a este lugar en el mapa")
    ).to_have_attribute("href", "/es/maps/detainer-policies/?place=48201")


def test_an_ambiguous_name_is_never_resolved_silently(page, namesakes):
    open_map(page)
    search = page.get_by_role("combobox", name="Find a place")
    search.fill("harris")
    options = page.locator("#place-options").get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("GA")
    expect(options.nth(1)).to_contain_text("TX")

    page.get_by_role("button", name="Find").click()
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(page.locator(".search-status")).to_have_text("2 places match: choose one in the list.")
    expect(options).to_have_count(2)

    options.filter(has_text="TX").click()
    expect(popup(page)).to_contain_text("Harris County, TX")
    expect(search).to_have_value("Harris County, TX")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Harris County, TX", "Harris County, TX"),
        ("Harris TX", "Harris County, TX"),
        ("harris ga", "Harris County, GA"),
        ("48201", "Harris County, TX"),
        ("06087", "Santa Cruz County, CA"),
        ("Santa Cruz, CA", "Santa Cruz County, CA"),
        ("travis", "Travis County, TX"),
    ],
)
def test_a_name_with_its_state_or_a_geoid_opens_that_place(page, namesakes, query, expected):
    open_map(page)
    search = page.get_by_role("combobox", name="Find a place")
    search.fill(query)
    search.press("Enter")
    expect(popup(page)).to_contain_text(expected)


def test_the_matches_are_keyboard_operable(page, namesakes):
    open_map(page)
    search = page.get_by_role("combobox", name="Find a place")
    search.focus()
    page.keyboard.type("santa cruz")
    expect(search).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    first = page.locator("#place-options").get_by_role("option").nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(search).to_have_attribute("aria-activedescendant", "place-option-0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(popup(page)).to_contain_text("Santa Cruz County, CA")
    expect(search).to_have_attribute("aria-expanded", "false")

    search.fill("")
    page.keyboard.type("santa")
    expect(page.locator("#place-options").get_by_role("option")).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.locator("#place-options").get_by_role("option")).to_have_count(0)
    expect(search).to_be_focused()


def test_the_search_works_on_a_phone_in_spanish(phone_page, namesakes):
    open_map(phone_page, "/es/maps/detainer-policies/")
    search = phone_page.get_by_role("combobox", name="Buscar un lugar")
    search.fill("harris")
    phone_page.get_by_role("button", name="Buscar", exact=True).click()
    expect(phone_page.locator(".search-status")).to_contain_text("2 lugares coinciden")
    phone_page.locator("#place-options").get_by_role("option").filter(has_text="TX").click()
    expect(phone_page.locator(".leaflet-popup-content")).to_contain_text("Harris County, TX")
    screenshot(phone_page, "map-place-search-es-phone")


@pytest.fixture
def whole_country(namesakes):
    """The namesakes plus a borough in Alaska, a county in Hawaii and a municipio in Puerto
    Rico: places a map of the lower 48 leaves off-screen."""
    for name, geoid, state, x, y, size in [
        ("Juneau City and Borough", "02110", "AK", -136, 58, 3),
        ("Honolulu County", "15003", "HI", -158, 21.4, 0.3),
        ("San Juan Municipio", "72127", "PR", -66.1, 18.4, 0.3),
    ]:
        namesakes[geoid] = Jurisdiction.objects.create(
            level=Level.COUNTY,
            name=name,
            geoid=geoid,
            state_code=state,
            slug=slugify(f"{name}-{state}"),
            boundary=square(x, y, size),
        )
    hold = namesakes["48201"].policies.first().category
    PolicyFactory(category=hold, jurisdiction=namesakes["72127"], summary="San Juan.")
    return namesakes


def inside(inner, outer):
    return (
        inner["x"] >= outer["x"] - 1
        and inner["y"] >= outer["y"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    )


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_alaska_hawaii_and_puerto_rico_are_in_view_at_once(request, viewport, whole_country):
    page = request.getfixturevalue(viewport)
    open_map(page)
    viewport_box = {"x": 0, "y": 0, **page.viewport_size}
    page.locator("#policy-map").scroll_into_view_if_needed()
    insets = page.get_by_role("group", name="Alaska, Hawaii and the territories")
    for name, geoid in [
        ("Alaska", "02110"),
        ("Hawaii", "15003"),
        ("Puerto Rico and the U.S. Virgin Islands", "72127"),
    ]:
        button = insets.get_by_role("button", name=f"Zoom the map to {name}")
        expect(button).to_be_visible()
        shape = insets.locator(f"path.place-{geoid}")
        expect(shape).to_have_count(1)
        box = shape.bounding_box()
        assert box["width"] > 2 and box["height"] > 2
        assert inside(box, page.locator(f".map-inset:has(path.place-{geoid})").bounding_box())
    # Shaded like on the main map, and the lower 48 are framed by the main map.
    expect(insets.locator("path.place-72127")).to_have_attribute("fill", "#1f78b4")
    assert inside(page.locator("#policy-map path.place-48201").bounding_box(), viewport_box)
    # Still zoomable: the inset's button brings the main map to Alaska, and back.
    insets.get_by_role("button", name="Zoom the map to Alaska").click()
    juneau = page.locator("#policy-map .leaflet-overlay-pane path.place-02110")
    page.wait_for_function(
        "() => { const r = document.querySelector('#policy-map .leaflet-overlay-pane "
        "path.place-02110').getBoundingClientRect(); return r.width > 8; }"
    )
    assert inside(juneau.bounding_box(), page.locator("#policy-map").bounding_box())
    insets.get_by_role("button", name="Lower 48 states").click()
    page.wait_for_function(
        "() => { const r = document.querySelector('#policy-map .leaflet-overlay-pane "
        "path.place-48201').getBoundingClientRect(); return r.width > 8; }"
    )
    screenshot(page, f"map-insets-{viewport}")
    assert page.js_errors == []


def test_the_insets_are_named_in_spanish_and_reached_by_keyboard(page, whole_country):
    open_map(page, "/es/maps/detainer-policies/")
    button = page.get_by_role("button", name="Acercar el mapa a Alaska")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { const r = document.querySelector('#policy-map .leaflet-overlay-pane "
        "path.place-02110').getBoundingClientRect(); return r.width > 8; }"
    )
    # A place in an inset is found by the search like any other.
    search = page.get_by_role("combobox", name="Buscar un lugar")
    search.fill("San Juan")
    search.press("Enter")
    expect(page.locator(".leaflet-popup-content")).to_contain_text("San Juan Municipio, PR")


@pytest.fixture
def every_county(transactional_db):
    """The real boundaries of every county, on a map with no policy."""
    import io

    from django.core.management import call_command

    cache.clear()
    call_command("load_boundaries", stdout=io.StringIO())
    PolicyMapFactory(slug="detainer-policies", title="Detainer policies", level="county")


def test_the_smallest_county_is_drawn_and_found(page, every_county):
    """Falls Church, Virginia (5 km²) is smaller than a cell of the map's grid: it is still a
    shape on the map and an answer of the search."""
    open_map(page)
    expect(page.locator("path.place-51610")).to_have_count(1)
    search = page.get_by_role("combobox", name="Find a place")
    search.fill("Falls Church")
    expect(page.locator("#place-options").get_by_role("option")).to_have_count(1)
    search.press("Enter")
    expect(popup(page)).to_contain_text("Falls Church city, VA")
    # The map zooms to the place (animated): once there, the shape is a visible area.
    page.wait_for_function(
        """() => {
            const box = document.querySelector("path.place-51610").getBoundingClientRect();
            return box.width >= 1 && box.height >= 1;
        }""",
        timeout=10_000,
    )
    box = page.locator("path.place-51610").bounding_box()
    assert box and box["width"] >= 1 and box["height"] >= 1
