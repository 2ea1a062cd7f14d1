"""Nothing unpublished leaks: drafts, items in review, scheduled items, an unpublished map and
policies not yet in force stay off every public page, API, feed, export, sitemap and search."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from maps.models import Status as PolicyStatus
from resources.models import Status
from tests.factories import (
    MapCategoryFactory,
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
)

from .discover import public_urls
from .hostile import sample_keys

pytestmark = pytest.mark.django_db


# A published policy that takes effect tomorrow is public record: policy histories and change
# feeds list it with its effective date. What it must not do is shade the map today: it is
# checked wherever a map answers "in force on a date" (features, a map with as_of=today).
def in_force_view(url: str, query: str) -> bool:
    return "/features" in url or ("/maps/" in url and "as_of" in query and "/feed" not in url)


MARKERS = {
    "draft": "Zanzibarquill",
    "review": "Quokkalantern",
    "scheduled": "Marmaladefjord",
    "unpublished_map": "Xylophonecrater",
    "unpublished_map_policy": "Obsidianwharf",
    "future_policy": "Paprikaglacier",
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
    PolicyFactory(
        category=category,
        jurisdiction=counties["Harris County"],
        summary=MARKERS["future_policy"],
        effective_date=tomorrow,
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


def test_no_unpublished_item_appears_anywhere_public(hidden_and_public):
    client = Client()
    today = timezone.localdate().isoformat()
    queries = [
        "",
        f"as_of={today}",
        "format=json",
        "format=csv",
        "page=2",
        "sort=newest",
        *(f"q={word}" for word in SEARCH_WORDS.values()),
        *(f"search={word}" for word in SEARCH_WORDS.values()),
    ]
    base_urls = public_urls(sample_keys())
    urls = base_urls + [f"/es{url}" for url in base_urls if not url.startswith("/api/")]
    urls += ["/sitemap.xml", "/robots.txt", "/feeds/", "/es/sitemap.xml"]
    checked = 0
    answered = set()
    for url in urls:
        for query in queries:
            response = client.get(url, QUERY_STRING=query, follow=True)
            assert response.status_code < 500, f"{url}?{query}"
            if response.status_code != 200:
                continue
            answered.add(url)
            text = body(response)
            checked += 1
            for what, marker in MARKERS.items():
                if what == "future_policy" and not in_force_view(url, query):
                    continue
                assert marker not in text, f"{what} leaked at {url}?{query}"
    # The walk really reached the public pages, the API and the hidden items' own addresses.
    assert "/resources/" in answered and "/es/resources/" in answered
    assert any(url.startswith("/api/") for url in answered)
    assert "/resources/hidden-draft/" in urls and "/resources/hidden-draft/" not in answered
    assert checked > 50
