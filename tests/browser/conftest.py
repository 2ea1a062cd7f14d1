"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against live_server.

Every browser test gets a fresh context (no shared cookies), a `page` at desktop width or a
`phone_page` at 375 px, and can call `screenshot(page, name)` to leave a full-page picture in
test-artifacts/screenshots/ for review (the folder is not committed).
"""

import datetime
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# are still synchronous, so Django's guard against async contexts does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}; run scripts/system-deps.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _browser_urls(settings, transactional_db):
    """Serve uploaded files from the live server so downloads can be checked byte for byte."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


def _new_page(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        accept_downloads=True,
        **options,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(
        browser,
        live_server,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot named after the page type, e.g. `library-list-es-phone`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def take_screenshot():
    return screenshot


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def small_catalog(transactional_db):
    """A dozen publications across two types and three topics, one with a PDF and a Spanish
    version; enough to see counts and chips change, small enough to keep the tests fast."""
    from tests.factories import (
        ResourceFactory,
        ResourceFileFactory,
        ResourceTypeFactory,
        TopicFactory,
    )

    advisory = ResourceTypeFactory(
        slug="practice-advisory", name="Practice Advisory", name_es="Aviso práctico"
    )
    explainer = ResourceTypeFactory(slug="explainer", name="Explainer", name_es="Explicativo")
    detainers = TopicFactory(slug="detainers", name="Detainers", name_es="Órdenes de detención")
    g287 = TopicFactory(slug="287g", name="287(g) agreements", name_es="Acuerdos 287(g)")
    daca = TopicFactory(slug="daca", name="DACA", name_es="DACA")

    flagship = ResourceFactory(
        title="Immigration Detainers: A Practice Advisory",
        slug="immigration-detainers-practice-advisory",
        resource_type=advisory,
        publication_date=datetime.date(2024, 3, 5),
        summary="What a detainer is, when local jails may honor one, and how to challenge it.",
        topics=[detainers],
    )
    ResourceFileFactory(
        resource=flagship,
        label="Full advisory (PDF)",
        file__filename="detainers-advisory.pdf",
        file__data=b"%PDF-1.4\n% detainers advisory\n",
        size=30,
    )
    ResourceFactory(
        title="Órdenes de detención migratoria: aviso práctico",
        slug="ordenes-de-detencion-aviso-practico",
        resource_type=advisory,
        language="es",
        translation_of=flagship,
        publication_date=datetime.date(2024, 4, 2),
        summary="Qué es una orden de detención migratoria (detainer) y cómo impugnarla.",
        topics=[detainers],
    )
    for year, kind, topic, title in [
        (2019, advisory, g287, "287(g) Agreements in Texas Counties"),
        (2020, explainer, g287, "What a 287(g) Agreement Means for Your County"),
        (2021, explainer, detainers, "Detainers Explained for Families"),
        (2021, advisory, daca, "DACA Renewal Practice Advisory"),
        (2022, explainer, daca, "DACA: What Changed This Year"),
        (2022, advisory, detainers, "Challenging Detainers in State Court"),
        (2023, explainer, g287, "Task Force Model Agreements, Explained"),
        (2023, advisory, daca, "Advance Parole for DACA Recipients"),
    ]:
        ResourceFactory(
            title=title,
            resource_type=kind,
            publication_date=datetime.date(year, 6, 1),
            summary=f"{title}: a summary for the library list.",
            topics=[topic],
        )
    return {
        "flagship": flagship,
        "types": [advisory, explainer],
        "topics": [detainers, g287, daca],
    }


@pytest.fixture
def detainer_map(texas_with_counties):
    """A sample county map with a Spanish title and legend labels: Harris County honours
    detainers; Travis County's refusal ended yesterday, so today it has no policy."""
    from django.utils import timezone

    from tests import factories

    texas, counties = texas_with_counties
    policy_map = factories.PolicyMapFactory(
        slug="detainer-policies",
        title="Detainer policies",
        title_es="Políticas sobre órdenes de detención",
        description="Which Texas county jails hold people for ICE.",
        description_es="Qué cárceles de condado de Texas retienen a personas para ICE.",
        level="county",
        sample_data=True,
        methodology="Counted from jail policies.",
    )
    hold = factories.MapCategoryFactory(
        policy_map=policy_map,
        slug="hold-policy",
        label="ICE hold policy",
        label_es="Retiene para ICE",
        color="#1f78b4",
        position=1,
    )
    refuses = factories.MapCategoryFactory(
        policy_map=policy_map,
        slug="no-holds",
        label="No ICE holds",
        label_es="No retiene para ICE",
        color="#33a02c",
        position=2,
    )
    factories.PolicyFactory(
        category=hold,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2019, 3, 1),
        last_verified=datetime.date(2024, 5, 1),
        summary="Harris County jail honours some detainers.",
    )
    factories.PolicyFactory(
        category=refuses,
        jurisdiction=counties["Travis County"],
        effective_date=datetime.date(2018, 1, 1),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
        summary="Travis County refused holds.",
    )
    return policy_map
