"""axe-core audit of every public page type, in English and in Spanish.

Fails on any serious or critical violation. Writes test-artifacts/a11y/summary.json and
summary.md (violations per page type, language and impact) and a screenshot of each page.
"""

import json
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
IMPACTS = ["critical", "serious", "moderate", "minor"]
# WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices (landmarks, heading order).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}


PAGE_TYPES = {
    "home": "/",
    "library-list": "/resources/",
    "library-errors": "/resources/?published_after=someday&year=3000&jurisdiction=ZZ",
    "publication-detail": "/resources/immigration-detainers-practice-advisory/",
    "maps-list": "/maps/",
    "map-detail": "/maps/detainer-policies/",
    "jurisdiction": "/jurisdictions/48201/",
    "correction-form": "/maps/corrections/new/?map=detainer-policies&place=48201",
    "correction-thanks": "/maps/corrections/thanks/",
    "not-found": "/resources/no-such-publication/",
}


def wait_until_ready(page, name):
    if name == "map-detail":
        page.wait_for_selector(".leaflet-container[data-loaded='true']")


def audit(page, name, path, language):
    url = path if language == "en" else f"/es{path}"
    response = page.goto(url)
    wait_until_ready(page, name)
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:10],
        }
        for violation in results.response["violations"]
    ]
    screenshot(page, f"{name}-{language}")
    return {
        "url": url,
        "status": response.status,
        "lang": page.evaluate("document.documentElement.lang"),
        "violations": violations,
        "by_impact": dict(Counter(v["impact"] for v in violations)),
    }


def write_summary(report, filename):
    folder = ARTIFACTS / "a11y"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{filename}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    lines = [
        "| Page type | Language | Status | " + " | ".join(IMPACTS) + " | Rules |",
        "|---|---|---|" + "---|" * len(IMPACTS) + "---|",
    ]
    for key, result in report.items():
        name, language = key.rsplit(":", 1)
        counts = " | ".join(str(result["by_impact"].get(impact, 0)) for impact in IMPACTS)
        rules = ", ".join(sorted({v["id"] for v in result["violations"]})) or "–"
        lines.append(f"| {name} | {language} | {result['status']} | {counts} | {rules} |")
    (folder / f"{filename}.md").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_public_page_type_passes_axe(page, small_catalog, detainer_map, language):
    report = {}
    for name, path in PAGE_TYPES.items():
        report[f"{name}:{language}"] = audit(page, name, path, language)
    write_summary(report, f"summary-{language}")

    statuses = {key: result["status"] for key, result in report.items()}
    assert statuses == {
        **{f"{name}:{language}": 200 for name in PAGE_TYPES},
        f"library-errors:{language}": 400,
        f"not-found:{language}": 404,
    }
    assert {result["lang"] for result in report.values()} == {language}
    blocking = {
        key: [
            f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}"
            for v in result["violations"]
            if v["impact"] in BLOCKING
        ]
        for key, result in report.items()
    }
    assert {key: found for key, found in blocking.items() if found} == {}


def test_reduced_motion_jumps_to_a_place_without_animation(page, detainer_map):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/maps/detainer-policies/")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    search = page.get_by_label("Find a place")
    search.fill("Harris County")
    search.press("Enter")
    assert page.evaluate("document.getAnimations().length") == 0
    assert page.locator(".leaflet-popup").inner_text().startswith("Harris County")


def test_keyboard_focus_is_visible_on_links_and_buttons(page, small_catalog):
    page.goto("/resources/")
    for name in ("Skip to main content", "Resource library"):
        link = page.get_by_role("link", name=name, exact=True)
        link.focus()
        style = link.evaluate(
            "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert style[0] != "none" and style[1] != "0px", name


def test_keyboard_user_finds_a_county_and_opens_its_page(page, detainer_map):
    """Map shapes are not focusable; the place search and the table beside the map are the
    keyboard route to every county, in the same order a sighted visitor would use."""
    page.goto("/maps/detainer-policies/")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    search = page.get_by_label("Find a place")
    for _ in range(30):
        page.keyboard.press("Tab")
        if search.evaluate("el => el === document.activeElement"):
            break
    expect(search).to_be_focused()
    page.keyboard.type("Harris")
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_contain_text("ICE hold policy")

    table_link = page.locator(".policy-table").get_by_role("link", name="Harris County")
    table_link.focus()
    expect(table_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harris County")
