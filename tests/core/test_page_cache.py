"""The public page cache: anonymous visitors get stored copies, which never outlive an edit,
a scheduled publication or a staff member's view of a draft."""

import datetime
import gzip
import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from core.caching import pages as page_cache
from core.caching.pages import LocalCopies, local_copies, seconds_until_next_change
from core.publishing import Status
from maps.models import Policy
from resources.importers import resources_import
from tests.factories import ResourceFactory
from tests.resources.staff import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    local_copies.clear()
    yield
    cache.clear()
    local_copies.clear()


@pytest.fixture
def advisory(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ResourceFactory(title="Detainers in county jails", slug="detainers")


def test_a_second_anonymous_visit_is_served_from_the_cache(client, advisory):
    first = client.get("/resources/")
    second = client.get("/resources/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert "Detainers in county jails" in second.content.decode()
    assert second["Content-Type"].startswith("text/html")


def test_a_hit_costs_no_query_whatever_the_page(client, advisory, django_assert_num_queries):
    for url in (
        "/resources/",
        "/resources/?q=detainers&type=practice-advisory",
        "/resources/detainers/",
    ):
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_browser_that_accepts_gzip_gets_the_stored_compressed_copy(client, advisory):
    plain = client.get("/resources/detainers/")
    compressed = client.get("/resources/detainers/", headers={"Accept-Encoding": "gzip, br"})

    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2


def test_a_revisit_with_the_etag_is_304(client, advisory):
    first = client.get("/resources/detainers/")
    again = client.get("/resources/detainers/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304


def test_an_edit_makes_every_cached_page_stale_at_once(
    client, advisory, django_capture_on_commit_callbacks
):
    client.get("/resources/")
    client.get("/resources/detainers/")

    with django_capture_on_commit_callbacks(execute=True):
        advisory.title = "Detainers: the 2026 update"
        advisory.save()

    listing = client.get("/resources/")
    detail = client.get("/resources/detainers/")
    assert listing["X-Page-Cache"] == "miss"
    assert detail["X-Page-Cache"] == "miss"
    assert "Detainers: the 2026 update" in listing.content.decode()
    assert "Detainers: the 2026 update" in detail.content.decode()


def test_a_bulk_import_which_sends_no_signals_still_makes_pages_stale(
    client, advisory, django_capture_on_commit_callbacks
):
    assert "Raids at work" not in client.get("/resources/").content.decode()
    row = {
        "title": "Raids at work",
        "type": "practice-advisory",
        "publication_date": "2026-01-05",
        "summary": "What workers can do.",
    }

    with django_capture_on_commit_callbacks(execute=True):
        report = resources_import(rows=[(2, row)], dry_run=False)

    assert report.saved
    assert "Raids at work" in client.get("/resources/").content.decode()


def test_trashing_a_publication_hides_it_from_the_cached_list(
    client, advisory, django_capture_on_commit_callbacks
):
    assert "Detainers in county jails" in client.get("/resources/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        advisory.status = Status.UNPUBLISHED
        advisory.save()

    assert "Detainers in county jails" not in client.get("/resources/").content.decode()
    assert client.get("/resources/detainers/").status_code == 404


def test_a_staff_preview_of_a_draft_is_never_stored_nor_served_to_the_public(client, db):
    ResourceFactory(title="Unreleased guidance", slug="unreleased", status=Status.DRAFT)
    client.force_login(staff_member("Editor"))

    preview = client.get("/resources/unreleased/")
    assert preview.status_code == 200
    assert "X-Page-Cache" not in preview

    client.logout()
    client.cookies.clear()
    assert client.get("/resources/unreleased/").status_code == 404


def test_a_signed_in_visitor_never_gets_the_anonymous_copy(client, advisory):
    client.get("/resources/")
    client.force_login(staff_member("Editor"))

    response = client.get("/resources/")

    assert "X-Page-Cache" not in response


def test_an_error_page_is_not_stored(client, advisory):
    for _ in range(2):
        response = client.get("/resources/", {"published_after": "31/12/2024"})
        assert response.status_code == 400
        assert "X-Page-Cache" not in response


def test_a_page_with_an_inline_script_gets_a_fresh_nonce_on_every_hit(client, detainer_map):
    first = client.get("/maps/detainer-policies/")
    second = client.get("/maps/detainer-policies/")

    assert second["X-Page-Cache"] == "hit"
    nonces = []
    for response in (first, second):
        header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert f'nonce="{header}"' in response.content.decode()
        nonces.append(header)
    assert nonces[0] != nonces[1]
    assert "__csp_nonce_placeholder__" not in second.content.decode()


def test_map_data_compressed_by_its_view_is_stored_once_and_served_in_either_encoding(
    client, detainer_map, django_capture_on_commit_callbacks
):
    url = "/api/maps/detainer-policies/features/"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    compressed = client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = client.get(url)

    assert first["X-Page-Cache"] == "miss"
    assert compressed["X-Page-Cache"] == "hit"
    assert plain["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert compressed["Content-Type"] == "application/geo+json"
    assert gzip.decompress(compressed.content) == plain.content == gzip.decompress(first.content)
    assert client.get(url, headers={"If-None-Match": plain["ETag"]}).status_code == 304

    harris = Policy.objects.get(jurisdiction__geoid="48201")
    with django_capture_on_commit_callbacks(execute=True):
        harris.summary = "Holds ended by the sheriff's memo of March."
        harris.save()

    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert "memo of March" in after.content.decode()


def test_a_cached_map_keeps_its_framing_rules(client, detainer_map):
    for _ in range(2):
        page = client.get("/maps/detainer-policies/")
        embed = client.get("/maps/detainer-policies/", {"embed": "1"})
    assert page["X-Page-Cache"] == embed["X-Page-Cache"] == "hit"
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]


def test_a_new_release_does_not_serve_pages_naming_the_old_static_files(
    client, advisory, monkeypatch
):
    monkeypatch.setattr("core.caching.pages.release", lambda: "release-1")
    client.get("/resources/")
    assert client.get("/resources/")["X-Page-Cache"] == "hit"

    monkeypatch.setattr("core.caching.pages.release", lambda: "release-2")

    assert client.get("/resources/")["X-Page-Cache"] == "miss"


def test_the_bench_bypass_header_is_ignored_outside_benchmarks(client, advisory, settings):
    settings.BENCH_VIEWS = False
    client.get("/resources/")
    assert (
        client.get("/resources/", headers={"X-Bench-Bypass-Cache": "1"})["X-Page-Cache"] == "hit"
    )


def test_a_scheduled_publication_appears_on_time_without_any_write(client, db):
    now = timezone.now()
    ResourceFactory(
        title="Scheduled advisory", slug="scheduled", publish_at=now + datetime.timedelta(hours=1)
    )
    assert "Scheduled advisory" not in client.get("/resources/").content.decode()
    assert client.get("/resources/")["X-Page-Cache"] == "hit"

    with time_machine.travel(now + datetime.timedelta(hours=1, seconds=1)):
        response = client.get("/resources/")

    assert response["X-Page-Cache"] == "miss"
    assert "Scheduled advisory" in response.content.decode()


def test_a_copy_lives_no_longer_than_until_the_next_scheduled_publication(db):
    now = timezone.now()
    assert seconds_until_next_change(now) <= 24 * 60 * 60
    ResourceFactory(slug="later", publish_at=now + datetime.timedelta(minutes=10))
    ResourceFactory(slug="draft", status=Status.DRAFT, publish_at=now + datetime.timedelta(1))

    assert 590 <= seconds_until_next_change(now) <= 600


@pytest.fixture
def detainer_map(texas_with_counties):
    from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

    _texas, counties = texas_with_counties
    policy_map = PolicyMapFactory(slug="detainer-policies", level="county")
    hold = MapCategoryFactory(policy_map=policy_map, slug="hold-policy", label="ICE hold policy")
    PolicyFactory(policy_map=policy_map, category=hold, jurisdiction=counties["Harris County"])
    return policy_map


@pytest.fixture
def every_page_is_large(monkeypatch):
    # The county map data is the large page in production; here any page will do.
    monkeypatch.setattr(page_cache, "LOCAL_COPY_MIN_BYTES", 1)


def test_a_large_page_is_answered_from_the_process_copy_without_reading_its_body_again(
    client, rf, advisory, every_page_is_large
):
    url = "/resources/detainers/"
    first = client.get(url)
    client.get(url)  # the first hit keeps the body in the process
    key = page_cache._key(rf.get(url))
    cache.delete_many([f"{key}:identity", f"{key}:gzip"])

    third = client.get(url)

    assert third["X-Page-Cache"] == "hit"
    assert third.content == first.content


def test_an_edit_is_seen_at_once_even_where_a_process_keeps_a_copy(
    client, advisory, every_page_is_large, django_capture_on_commit_callbacks
):
    url = "/resources/detainers/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        advisory.title = "Detainers after the new state law"
        advisory.save()
    after = client.get(url)

    assert after["X-Page-Cache"] == "miss"
    assert "Detainers after the new state law" in after.content.decode()


def test_process_copies_stay_within_their_budget_dropping_the_least_recently_used(settings):
    settings.PAGE_CACHE_LOCAL_MB = 1
    copies = LocalCopies()
    bodies = {name: name.encode() * 400_000 for name in "abc"}
    copies.keep("page-a", "a", bodies["a"])
    copies.keep("page-b", "b", bodies["b"])
    copies.get("a")  # used again: now b is the least recently used
    copies.keep("page-c", "c", bodies["c"])

    assert copies.get("a") == bodies["a"]
    assert copies.get("b") is None
    assert copies.get("c") == bodies["c"]
    assert copies.is_large("page-b")  # its next hit reads the body from Redis again
    copies.keep("page-huge", "huge", b"x" * (2 * 1024 * 1024))
    assert copies.get("huge") is None and copies.get("c") == bodies["c"]


@pytest.mark.parametrize("path", ["/api/resources/", "/api/maps/detainer-policies/features/"])
def test_the_api_rate_limit_holds_for_answers_served_from_the_cache(
    client, advisory, detainer_map, monkeypatch, path
):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    answers = [client.get(path) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    assert [answer.get("X-Page-Cache") for answer in answers[:3]] == ["miss", "hit", "hit"]
    assert int(answers[3]["Retry-After"]) > 0
    assert answers[3].json()["detail"].startswith("Request was throttled")
    # Another client address has its own count, and still gets the cached copy.
    other = client.get(path, REMOTE_ADDR="203.0.113.9")
    assert (other.status_code, other["X-Page-Cache"]) == (200, "hit")
    cache.clear()


def test_the_library_lists_are_kept_with_the_pages_and_go_stale_with_them(
    client, advisory, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The types and topics a list page names are read once per generation of the page cache
    and language; an edit to a topic makes them stale with the pages."""
    from django.utils import translation

    from resources.models import Topic
    from resources.selectors import library_lists

    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.create(name="Detainers", name_es="Órdenes", slug="detainers-t")
    types, topics = library_lists()
    assert "Detainers" in [item.name for item in topics] and types
    with django_assert_num_queries(0):
        assert library_lists() == (types, topics)
    with translation.override("es"):
        assert "Órdenes" in [item.name for item in library_lists()[1]]

    with django_capture_on_commit_callbacks(execute=True):
        topic.name = topic.name_en = "ICE holds"
        topic.save()
    assert "ICE holds" in [item.name for item in library_lists()[1]]
    page = client.get("/resources/?q=jails").content.decode()
    assert "ICE holds" in page and ">Detainers <" not in page
