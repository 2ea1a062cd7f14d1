"""Reading the site in Spanish and back, the way a visitor does it: with the switcher."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_switch_to_spanish_and_back_keeps_the_page_and_filters(page, small_catalog):
    page.goto("/resources/?topic=daca&sort=oldest")
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"3 publications"))

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()

    expect(page).to_have_url(re.compile(r"/es/resources/\?topic=daca&sort=oldest$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Biblioteca de recursos")
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"3 publicaciones"))
    expect(page.get_by_label(re.compile(r"^DACA"))).to_be_checked()
    expect(page.get_by_label("Orden")).to_have_value("oldest")
    expect(page.get_by_role("list", name="Filtros activos")).to_contain_text("Tema: DACA")
    # Day before month in Spanish lists.
    expect(page.locator(".resource-card time").first).to_have_text("01/06/2021")
    screenshot(page, "library-list-es")

    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/resources/\?topic=daca&sort=oldest$"))
    assert "/es/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Resource library")
    expect(page.locator(".resource-card time").first).to_have_text("06/01/2021")


def test_spanish_visitor_reads_a_publication_and_finds_its_spanish_version(page, small_catalog):
    page.goto("/es/resources/immigration-detainers-practice-advisory/")
    expect(page.locator(".resource-facts")).to_contain_text("5 de marzo de 2024")
    expect(page.get_by_role("heading", name="Descargar")).to_be_visible()
    page.get_by_role("link", name="Leer en español").click()

    expect(page).to_have_url(re.compile(r"/es/resources/ordenes-de-detencion-aviso-practico/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Órdenes de detención migratoria: aviso práctico"
    )
    # The publication's own text is marked Spanish for screen readers; so is the interface.
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Read in English")).to_have_attribute("hreflang", "en")


def test_library_can_be_filtered_by_language(page, small_catalog):
    page.goto("/es/resources/")
    page.get_by_role("combobox", name="Idioma").select_option("es")
    page.get_by_role("button", name="Aplicar").click()

    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\s*1 publicación\s*$"))
    expect(page.locator(".resource-card h3")).to_have_text(
        ["Órdenes de detención migratoria: aviso práctico"]
    )


def test_english_list_marks_a_spanish_title_as_spanish_for_screen_readers(page, small_catalog):
    page.goto("/resources/?language=es")
    card = page.locator(".resource-card")
    expect(card.locator("h3 a")).to_have_attribute("lang", "es")
    expect(card.locator(".resource-summary")).to_have_attribute("lang", "es")
    expect(card.locator(".resource-meta")).to_contain_text("Spanish")


def test_skip_link_is_spanish_and_moves_focus_to_the_content(page, small_catalog):
    page.goto("/es/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido principal")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_missing_page_in_spanish_says_so_in_spanish(page, small_catalog):
    response = page.goto("/es/maps/no-such-map/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Página no encontrada")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert "/es/" not in page.url
