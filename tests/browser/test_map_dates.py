"""Another date on the map page, shown in place: no page load, the address follows, focus
stays on the date control, the shading and legend counts are the date's; popups fetch their
details; the map downloads as a PNG of its current view."""

import base64
import datetime
import struct

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def dated_map(texas_with_counties):
    """Harris holds for ICE since 2019; Travis refused holds until yesterday."""
    cache.clear()
    _texas, counties = texas_with_counties
    policy_map = PolicyMapFactory(slug="detainer-policies", title="Detainer policies")
    hold = MapCategoryFactory(
        policy_map=policy_map, slug="hold-policy", label="ICE hold policy", color="#1f78b4"
    )
    refuses = MapCategoryFactory(
        policy_map=policy_map, slug="no-holds", label="No ICE holds", color="#33a02c"
    )
    PolicyFactory(
        category=hold,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2019, 3, 1),
        summary="Harris County jail honours some detainers.",
        source_title="Sheriff's memo",
        source_url="https://example.org/harris-memo",
    )
    PolicyFactory(
        category=refuses,
        jurisdiction=counties["Travis County"],
        effective_date=datetime.date(2018, 1, 1),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    return policy_map


def count(page, slug):
    return page.locator(f".map-legend li[data-category='{slug}'] .legend-count")


def open_map(page, path="/maps/detainer-policies/"):
    page.goto(path)
    page.wait_for_selector(".leaflet-container[data-loaded='true']")


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_date_change_redraws_in_place_and_keeps_focus(request, viewport, dated_map):
    page = request.getfixturevalue(viewport)
    open_map(page)
    page.evaluate("window.stillHere = 'yes'")
    expect(page.locator("path.place-48453")).to_have_attribute("fill", "#d9d9d9")
    expect(count(page, "no-holds")).to_have_text("0")
    expect(count(page, "")).to_have_text("2")

    date = page.get_by_label("Policies in force on")
    date.fill("2018-06-01")
    date.press("Enter")

    expect(page.locator(".leaflet-container")).to_have_attribute("data-as-of", "2018-06-01")
    assert page.evaluate("window.stillHere") == "yes"  # no page load
    assert page.url.endswith("/maps/detainer-policies/?as_of=2018-06-01")
    expect(date).to_be_focused()
    # Harris's policy had not begun, Travis refused holds.
    expect(page.locator("path.place-48453")).to_have_attribute("fill", "#33a02c")
    expect(page.locator("path.place-48201")).to_have_attribute("fill", "#d9d9d9")
    expect(count(page, "hold-policy")).to_have_text("0")
    expect(count(page, "no-holds")).to_have_text("1")
    expect(count(page, "")).to_have_text("2")
    expect(page.locator(".map-showing")).to_have_text(
        "Showing the policies in force on June 1, 2018."
    )
    expect(page.locator(".as-of-form [role=status]")).to_have_text(
        "Showing the policies in force on June 1, 2018."
    )
    if viewport == "page":
        rows = page.locator(".policy-table tbody tr")
        expect(rows.filter(has_text="Travis County")).to_contain_text("No ICE holds")
        expect(page.get_by_role("link", name="Download the data (CSV)")).to_have_attribute(
            "href", "/maps/detainer-policies/data.csv?as_of=2018-06-01"
        )

    page.go_back()
    expect(page.locator(".leaflet-container")).to_have_attribute(
        "data-as-of", timezone.localdate().isoformat()
    )
    expect(page.locator("path.place-48201")).to_have_attribute("fill", "#1f78b4")
    assert page.evaluate("window.stillHere") == "yes"
    assert page.js_errors == []


def test_a_bad_date_is_explained_and_the_map_kept(page, dated_map):
    open_map(page)
    later = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page.evaluate(
        f"document.getElementById('as-of').removeAttribute('max');"
        f"document.getElementById('as-of').value = '{later}'"
    )
    page.get_by_role("button", name="Show").click()

    expect(page.locator(".as-of-error")).to_contain_text("cannot be later than today")
    expect(page.locator("path.place-48201")).to_have_attribute("fill", "#1f78b4")


def test_a_popup_fetches_its_details_for_the_date_shown(page, dated_map):
    open_map(page, "/maps/detainer-policies/?as_of=2020-01-01")
    with page.expect_response("**/api/maps/detainer-policies/places/48201/?as_of=2020-01-01*"):
        page.locator("path.place-48201").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Harris County, TX")
    expect(popup).to_contain_text("Harris County jail honours some detainers.")
    expect(popup.get_by_role("link", name="Sheriff's memo")).to_have_attribute(
        "href", "https://example.org/harris-memo"
    )


def test_an_open_popup_shows_the_place_on_the_new_date(page, dated_map):
    open_map(page)
    page.locator("path.place-48201").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Harris County jail honours some detainers.")

    date = page.get_by_label("Policies in force on")
    date.fill("2018-06-01")
    with page.expect_response("**/api/maps/detainer-policies/places/48201/?as_of=2018-06-01*"):
        date.press("Enter")

    # Still open, on the same place, with what held then: Harris had no policy yet.
    expect(popup).to_contain_text("Harris County, TX")
    expect(popup).to_contain_text("No policy")
    expect(popup).not_to_contain_text("honours some detainers")
    expect(popup.get_by_role("link", name="Link to this place on the map")).to_have_attribute(
        "href", "/maps/detainer-policies/?place=48201&as_of=2018-06-01"
    )
    expect(date).to_be_focused()
    assert page.js_errors == []


def test_a_place_link_opens_its_popup(page, dated_map):
    open_map(page, "/maps/detainer-policies/?place=48453&as_of=2018-06-01")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Travis County, TX")
    expect(popup).to_contain_text("No ICE holds")


def test_the_embedded_map_changes_date_in_place(page, dated_map):
    open_map(page, "/maps/detainer-policies/?embed=1")
    page.evaluate("window.stillHere = 'yes'")
    page.get_by_label("Policies in force on").fill("2018-06-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("path.place-48453")).to_have_attribute("fill", "#33a02c")
    assert "embed=1" in page.url and "as_of=2018-06-01" in page.url
    assert page.evaluate("window.stillHere") == "yes"


def test_the_map_downloads_as_a_png_of_its_view(page, dated_map, tmp_path):
    open_map(page)
    button = page.get_by_role("button", name="Download the map as an image (PNG)")
    button.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == (
        f"detainer-policies-{timezone.localdate().isoformat()}.png"
    )
    path = tmp_path / "map.png"
    download.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    # The map (1280 px wide page) and the legend beside it, at twice the pixels.
    assert width > 1500 and height > 600, (width, height)
    assert len(data) > 20_000
    assert page.js_errors == []


# The PNG read back in the page: how many of its pixels are within a few steps of a colour.
COUNT_PIXELS_JS = """async ([data, rgb]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (Math.abs(pixels[i] - rgb[0]) <= 6 && Math.abs(pixels[i + 1] - rgb[1]) <= 6 &&
        Math.abs(pixels[i + 2] - rgb[2]) <= 6) n++;
  }
  return n;
}"""


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_the_png_holds_the_insets_as_on_screen(request, viewport, dated_map, tmp_path):
    from jurisdictions.models import Jurisdiction, Level
    from tests.factories import square

    hawaii = Jurisdiction.objects.create(
        level=Level.STATE,
        name="Hawaii",
        geoid="15",
        postal_code="HI",
        state_code="HI",
        slug="hawaii",
        boundary=square(-156.5, 19.5, 1),
    )
    county = Jurisdiction.objects.create(
        level=Level.COUNTY,
        name="Hawaii County",
        geoid="15001",
        state_code="HI",
        parent=hawaii,
        slug="hawaii-county",
        boundary=square(-156, 19.5, 0.8),
    )
    red = MapCategoryFactory(
        policy_map=dated_map, slug="limits", label="Limits", color="#e31a1c", position=9
    )
    PolicyFactory(category=red, jurisdiction=county, effective_date=datetime.date(2019, 1, 1))
    page = request.getfixturevalue(viewport)
    open_map(page)
    expect(page.locator(".map-inset[data-inset='HI'] path.place-15001")).to_have_count(1)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the map as an image (PNG)").click()
    path = tmp_path / "map.png"
    info.value.save_as(path)
    data = base64.b64encode(path.read_bytes()).decode()

    # Hawaii County is off the main map's view (it frames Texas): its red, at the shapes'
    # opacity over the map's background, can only come from the Hawaii inset.
    assert page.evaluate(COUNT_PIXELS_JS, [data, [229, 58, 61]]) > 200
    # The legend's swatch, at full colour.
    assert page.evaluate(COUNT_PIXELS_JS, [data, [227, 26, 28]]) > 50
    assert page.js_errors == []
