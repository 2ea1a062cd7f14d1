"""Nothing unpublished leaks: drafts, items in review, scheduled items, an unpublished map and
policies not yet in force stay off every public page, API, feed, export, sitemap and search."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from core.publishing import Status
from core.publishing import Status as PolicyStatus
from maps.services import policy_change
from tests.factories import (
    MapCategoryFactory,
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
)
from tests.resources.staff import staff_member

from .discover import public_urls
from .hostile import sample_keys

pytestmark = pytest.mark.django_db


MARKERS = {
    "draft": "Zanzibarquill",
    "review": "Quokkalantern",
    "scheduled": "Marmaladefjord",
    "unpublished_map": "Xylophonecrater",
    "unpublished_map_policy": "Obsidianwharf",
    "future_policy": "Paprikaglacier",
    "future_source": "Cardamomsextant",
    "future_change": "Juniperlighthouse",
    "draft_policy": "Tamarindbeacon",
    "scheduled_policy": "Vermilionquay",
}


# Words in the hidden publications' summaries, for searching: a page may echo the words searched
# for, so the search words differ from the markers that must never show.
SEARCH_WORDS = {"draft": "pelicanhorn", "review": "walrusbell", "scheduled": "otterflute"}


@pytest.fixture
def hidden_and_public(texas_with_counties):
    texas, counties = texas_with_counties
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    ResourceFactory(title="Published asylum guide", summary="Public.")
    for status, key in [(Status.DRAFT, "draft"), (Status.REVIEW, "review")]:
        ResourceFactory(
            title=f"{MARKERS[key]} advisory",
            summary=f"About {SEARCH_WORDS[key]}.",
            status=status,
            slug=f"hidden-{key}",
        )
    ResourceFactory(
        title=f"{MARKERS['scheduled']} report",
        summary=f"About {SEARCH_WORDS['scheduled']}.",
        slug="hidden-scheduled",
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )

    public_map = PolicyMapFactory(slug="detainer-policies", title="Detainer policies")
    category = MapCategoryFactory(policy_map=public_map, label="Limits cooperation")
    PolicyFactory(category=category, jurisdiction=counties["Travis County"], summary="Public.")
    # Published, but in effect only from tomorrow: a new policy where there was none ...
    PolicyFactory(
        category=category,
        jurisdiction=counties["Harris County"],
        summary=MARKERS["future_policy"],
        source_title=MARKERS["future_source"],
        source_url=f"https://example.org/{MARKERS['future_source']}",
        effective_date=tomorrow,
    )
    # ... and a change announced for tomorrow to a policy in force today.
    policy_change(
        policy_map=public_map,
        jurisdiction=counties["Travis County"],
        category=MapCategoryFactory(policy_map=public_map, label="Honours every hold"),
        effective_date=tomorrow,
        summary=MARKERS["future_change"],
        source_title="Sheriff's memo",
        source_url=f"https://example.org/{MARKERS['future_change']}",
    )
    PolicyFactory(
        category=category,
        jurisdiction=counties["El Paso County"],
        summary=MARKERS["draft_policy"],
        status=PolicyStatus.DRAFT,
    )
    PolicyFactory(
        category=category,
        jurisdiction=texas,
        summary=MARKERS["scheduled_policy"],
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )

    hidden_map = PolicyMapFactory(
        slug="hidden-map",
        title=f"{MARKERS['unpublished_map']} map",
        description=MARKERS["unpublished_map"],
        is_published=False,
    )
    PolicyFactory(
        category=MapCategoryFactory(policy_map=hidden_map, label=MARKERS["unpublished_map"]),
        jurisdiction=counties["Travis County"],
        summary=MARKERS["unpublished_map_policy"],
    )


def body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("page_cache", [0, 300], ids=["rendered", "page-cached"])
def test_no_unpublished_item_appears_anywhere_public(hidden_and_public, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    cache.clear()
    if page_cache:
        # Staff preview the hidden items first: nothing they see may reach the public copies.
        staff = Client()
        staff.force_login(staff_member("Administrator", is_superuser=True))
        for key in ("draft", "review", "scheduled"):
            assert staff.get(f"/resources/hidden-{key}/").status_code == 200
            staff.get("/resources/", {"q": SEARCH_WORDS[key]})
    client = Client()
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    queries = [
        "",
        f"as_of={today.isoformat()}",
        # A later date must not show what takes effect then (it is refused: 400).
        f"as_of={tomorrow.isoformat()}",
        f"as_of={(today + datetime.timedelta(days=400)).isoformat()}",
        f"since={(today - datetime.timedelta(days=1)).isoformat()}",
        "format=json",
        "format=csv",
        "page=2",
        "sort=newest",
        *(f"q={word}" for word in SEARCH_WORDS.values()),
        *(f"search={word}" for word in SEARCH_WORDS.values()),
    ]
    samples = sample_keys()
    # The pages and feeds of the places with a policy to come, and every sitemap section.
    samples["geoid"] = ["48201", "48453", *samples["geoid"]]
    samples["section"] = ["pages", "resources", "maps", "jurisdictions"]
    base_urls = public_urls(samples)
    urls = base_urls + [f"/es{url}" for url in base_urls if not url.startswith("/api/")]
    urls += ["/sitemap.xml", "/robots.txt", "/feeds/", "/es/sitemap.xml"]
    checked = 0
    answered = set()
    # With the page cache, a second round reads the stored copies.
    for url in urls * (2 if page_cache else 1):
        for query in queries:
            response = client.get(url, QUERY_STRING=query, follow=True)
            assert response.status_code < 500, f"{url}?{query}"
            text = body(response)
            for what, marker in MARKERS.items():
                assert marker not in text, f"{what} leaked at {url}?{query}"
            if response.status_code == 200:
                answered.add(url)
                checked += 1
    # The walk really reached the public pages, the API and the hidden items' own addresses.
    assert "/resources/" in answered and "/es/resources/" in answered
    assert any(url.startswith("/api/") for url in answered)
    assert "/resources/hidden-draft/" in urls and "/resources/hidden-draft/" not in answered
    # ... and the places, feeds, exports and sitemaps that would show a policy to come.
    for reached in [
        "/jurisdictions/48201/",
        "/es/jurisdictions/48201/",
        "/jurisdictions/48453/feed/",
        "/maps/detainer-policies/",
        "/maps/detainer-policies/feed/",
        "/maps/detainer-policies/data.csv",
        "/maps/detainer-policies/data.geojson",
        "/api/maps/detainer-policies/features/",
        "/api/maps/detainer-policies/policies/",
        "/api/jurisdictions/48201/",
        "/sitemap-jurisdictions.xml",
    ]:
        assert reached in answered, reached
    assert checked > 50
