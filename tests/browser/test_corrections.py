"""Suggest a correction from a map popup, by keyboard, on a phone and in Spanish: the form
names what it is about, a refused text keeps what was typed with a clear message, and the
thank-you page follows a good one."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from corrections.models import Correction

from .conftest import horizontal_overflow, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch):
    # A person takes more than 3 seconds; the test need not.
    monkeypatch.setattr("corrections.views.MIN_SECONDS", 0)


def test_a_reader_suggests_a_correction_from_a_popup(page, detainer_map):
    page.goto("/maps/detainer-policies/?place=48201")
    page.wait_for_selector(".leaflet-container[data-loaded='true']")
    page.locator(".leaflet-popup-content").get_by_role("link", name="Suggest a correction").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest a correction")
    expect(page.locator(".correction-subject")).to_contain_text("Harris County")
    expect(page.locator(".correction-subject")).to_contain_text("ICE hold policy")
    message = page.get_by_label("What is wrong?")
    message.fill("<b>Ended</b> in March.")
    page.get_by_role("button", name="Send the correction").click()
    expect(page.locator(".field-error")).to_contain_text("Please write plain text")
    expect(page.get_by_label("What is wrong?")).to_have_value("<b>Ended</b> in March.")
    assert Correction.objects.count() == 0

    page.get_by_label("What is wrong?").fill("Ended in March; see the memo.")
    page.get_by_label("Link to a source (optional)").fill("https://example.org/memo")
    page.get_by_label("Your e-mail, if you would like a reply (optional)").focus()
    page.keyboard.type("reader@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send the correction")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    correction = Correction.objects.get()
    assert correction.policy.jurisdiction.geoid == "48201"
    assert correction.source_url == "https://example.org/memo"
    assert len(mail.outbox) <= 1  # map editors, when any has an address
    screenshot(page, "correction-thanks-en")


def test_the_correction_form_on_a_phone_in_spanish(phone_page, detainer_map):
    phone_page.goto("/es/jurisdictions/48201/")
    phone_page.get_by_role("link", name="Sugerir una corrección").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Sugerir una corrección")
    assert horizontal_overflow(phone_page) == 0
    phone_page.get_by_label("¿Qué está mal?").fill("Dato desactualizado.")
    phone_page.get_by_role("button", name="Enviar la corrección").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Gracias")
    assert Correction.objects.get().language == "es"
    screenshot(phone_page, "correction-thanks-es-phone")
