"""Whole-response cache for the public pages anonymous visitors read most, and the one place
where any change to public content makes every cached page stale.

A cached page is keyed by the full path with its query string and holds the *generation*
number it was rendered under; it is served only while that is still the current generation,
both read in one round trip. `invalidate_pages()` bumps the generation after the transaction
commits; it runs from the
model signals connected in `connect_signals()` (any save, delete or many-to-many change of a
model in the resources, jurisdictions or maps apps) and from the bulk writes that bypass
signals (the importers, `publish_scheduled`, map cache invalidation). Old entries are never
read again and expire on their own.

Content also changes without a write: a scheduled publication goes public at its publish_at
time and a policy takes effect at midnight. An entry therefore never lives past the next
scheduled publish_at of a publication, policy or map, nor past the site's midnight.

Only anonymous requests are served from the cache (no session or messages cookie): staff see
drafts and previews, so their pages are always rendered. A response is stored only when it is
a 200 that sets no cookie, used no CSRF token and is not marked private or no-store. A page
that used a Content-Security-Policy nonce is stored with a placeholder and given a fresh nonce
on every hit, so the nonce stays unpredictable.
"""

import datetime
import gzip
import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "pages:generation"
NONCE_PLACEHOLDER = b"__csp_nonce_placeholder__"
CONTENT_APPS = {"resources", "jurisdictions", "maps"}
# Headers a cached page keeps; the rest (CSP, Vary, security headers) are written afresh by
# the middleware on every response, hit or miss.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Link",
    "X-Robots-Tag",
)
BYPASS_HEADER = "X-Bench-Bypass-Cache"


def page_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock, so a lost counter can never revive entries of an old one.
        generation = time.time_ns()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def invalidate_pages() -> None:
    """Every cached page is stale once the current transaction commits."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)

    transaction.on_commit(bump)


def _content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        invalidate_pages()


def _links_changed(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in CONTENT_APPS:
        invalidate_pages()


def connect_signals() -> None:
    post_save.connect(_content_changed, dispatch_uid="page_cache_save")
    post_delete.connect(_content_changed, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_links_changed, dispatch_uid="page_cache_m2m")


# The soonest scheduled publish-at time still to come, of a publication or a policy.
NEXT_SCHEDULED_SQL = """
    SELECT MIN(publish_at) FROM (
        SELECT MIN(publish_at) AS publish_at FROM resources_resource
        WHERE status = 'published' AND publish_at > %(now)s
        UNION ALL
        SELECT MIN(publish_at) FROM maps_policy
        WHERE status = 'published' AND publish_at > %(now)s
    ) upcoming
"""


def seconds_until_next_change(now: datetime.datetime | None = None) -> int:
    """Seconds until public content may change with no write, in one query: the site's next
    midnight (a policy takes effect, "today" moves on) or the next scheduled publish-at time
    of a publication or a policy, whichever comes first."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time()),
        local.tzinfo,
    )
    with connection.cursor() as cursor:
        cursor.execute(NEXT_SCHEDULED_SQL, {"now": now})
        upcoming = cursor.fetchone()[0]
    soonest = min(midnight, upcoming) if upcoming else midnight
    return max(1, int((soonest - now).total_seconds()))


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    # Benchmarks measure the uncached page too; honoured only where the bench views are on.
    return not (settings.BENCH_VIEWS and request.headers.get(BYPASS_HEADER))


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _key(request) -> str:
    return "pages:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]


def _current_entry(key: str) -> tuple[int, dict | None]:
    """The current generation, and the page stored under `key` if it was rendered in it."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return page_generation(), None
    entry = found.get(key)
    if entry is None or entry["generation"] != generation:
        return generation, None
    return generation, entry


def _entry(request, response, generation: int) -> dict:
    body = response.content
    nonce = getattr(request, "_csp_nonce", None)
    has_nonce = isinstance(nonce, str) and nonce.encode() in body
    if has_nonce:
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER)
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return {
        "generation": generation,
        "body": body,
        # A page with a nonce differs on every hit, so it is compressed per hit, not here.
        "gzip": None if has_nonce else gzip.compress(body, compresslevel=6),
        "headers": headers,
        "has_nonce": has_nonce,
    }


def _response(request, entry: dict) -> HttpResponse:
    gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "").lower()
    body, compressed = entry["body"], None
    if entry["has_nonce"]:
        body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
        if gzip_ok:
            compressed = gzip.compress(body, compresslevel=6)
    elif gzip_ok:
        compressed = entry["gzip"]
    response = HttpResponse(compressed if compressed is not None else body)
    for name, value in entry["headers"].items():
        response[name] = value
    if compressed is not None:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Page-Cache"] = "hit"
    return response


def cache_public_page(view):
    """View decorator: serve anonymous GETs of this view from the page cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        generation, entry = _current_entry(key)
        if entry is not None:
            return _response(request, entry)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not _storable(request, response):
            return response
        # Stored under the generation read before rendering: if an edit lands meanwhile, the
        # copy is already out of date and the next request renders the page again.
        entry = _entry(request, response, generation)
        timeout = min(settings.PAGE_CACHE_SECONDS, seconds_until_next_change())
        cache.set(key, entry, timeout=timeout)
        # Answered like a hit (compressed when the client accepts it), so both look the same.
        response = _response(request, entry)
        response["X-Page-Cache"] = "miss"
        return response

    return wrapped
