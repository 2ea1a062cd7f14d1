"""Whole-response cache for the public pages anonymous visitors read most, and the one place
where any change to public content makes every cached page stale.

A cached page is keyed by the full path with its query string, each encoding (plain and
gzip) under its own key, and is tied to one *generation* counter (config/versioned_cache.py):
it is served only while the counter has the value it was stored under, both read in one
round trip. `invalidate_pages()` bumps the counter after the transaction commits; it runs
from the model signals connected in `connect_signals()` (any save, delete or many-to-many
change of a model in an app that called `register_content`) and from the bulk writes that
bypass signals (the importers, `publish_scheduled`, map cache invalidation).

Content also changes without a write: a scheduled record goes public at its publish_at time
and a policy takes effect at midnight. An entry therefore never lives past the next
publish_at of a model registered with core.scheduling, nor past the site's midnight.

Only anonymous requests are served from the cache (no session or messages cookie): staff see
drafts and previews, so their pages are always rendered. A response is stored only when it is
a 200 that sets no cookie, used no CSRF token and is not marked private or no-store. A page
that used a Content-Security-Policy nonce is stored with a placeholder and given a fresh nonce
on every hit, so the nonce stays unpredictable.

A large body (the county map data is ~300 KB gzipped) is also kept in each server process,
under the digest its stored headers name. A hit then reads only the counter and the headers
from Redis and takes the body from memory if the digest still matches: the page is as fresh
as before, and Redis does not ship the same 300 KB to every worker on every request.
"""

import datetime
import gzip
import hashlib
import threading
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from core.scheduling import scheduled_kinds

from .versioned import bump_after_commit, read_current, write_current

GENERATION_KEY = "pages:generation"
NONCE_PLACEHOLDER = b"__csp_nonce_placeholder__"
# Apps whose every model is public content (see register_content).
_content_apps: set[str] = set()
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
# Bodies at least this large are also kept in the process (see the module's docstring).
LOCAL_COPY_MIN_BYTES = 64 * 1024
LOCAL_KEYS_MAX = 1024


class LocalCopies:
    """Large page bodies kept in this process by digest, least recently used out first, within
    a byte budget; and which page keys have one, so their hits skip reading the body."""

    def __init__(self):
        self._lock = threading.Lock()
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._large_keys: OrderedDict[str, None] = OrderedDict()
        self._bytes = 0

    def is_large(self, key: str) -> bool:
        with self._lock:
            return key in self._large_keys

    def get(self, digest: str | None) -> bytes | None:
        with self._lock:
            body = self._bodies.get(digest) if digest else None
            if body is not None:
                self._bodies.move_to_end(digest)
            return body

    def keep(self, key: str, digest: str, body: bytes) -> None:
        budget = settings.PAGE_CACHE_LOCAL_MB * 1024 * 1024
        if len(body) > budget:
            return
        with self._lock:
            self._large_keys[key] = None
            self._large_keys.move_to_end(key)
            while len(self._large_keys) > LOCAL_KEYS_MAX:
                self._large_keys.popitem(last=False)
            if digest not in self._bodies:
                self._bodies[digest] = body
                self._bytes += len(body)
            self._bodies.move_to_end(digest)
            while self._bytes > budget:
                _digest, dropped = self._bodies.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._large_keys.clear()
            self._bytes = 0


local_copies = LocalCopies()


def invalidate_pages() -> None:
    """Every cached page is stale once the current transaction commits."""
    bump_after_commit(GENERATION_KEY)


def register_content(app_label: str) -> None:
    """Any save, delete or link change of a model of this app makes every cached page stale.
    Called by each content app's AppConfig.ready()."""
    _content_apps.add(app_label)


def _content_changed(sender, **kwargs):
    if sender._meta.app_label in _content_apps:
        invalidate_pages()


def _links_changed(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in _content_apps:
        invalidate_pages()


def connect_signals() -> None:
    post_save.connect(_content_changed, dispatch_uid="page_cache_save")
    post_delete.connect(_content_changed, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_links_changed, dispatch_uid="page_cache_m2m")


def _next_scheduled_sql(now: datetime.datetime) -> tuple[str, list]:
    """One statement for the soonest publish-at time still to come among the registered
    kinds, each branch compiled from that model's own `scheduled()` queryset."""
    branches, params = [], []
    for kind in scheduled_kinds():
        queryset = (
            kind.model._default_manager.scheduled(now=now)
            .order_by("publish_at")
            .values("publish_at")[:1]
        )
        sql, branch_params = queryset.query.sql_with_params()
        branches.append(f"({sql})")
        params.extend(branch_params)
    if not branches:
        return "", []
    # Each branch is SQL Django compiled from a queryset, with its values as parameters.
    union = " UNION ALL ".join(branches)
    return f"SELECT MIN(publish_at) FROM ({union}) upcoming", params  # noqa: S608


def seconds_until_next_change(now: datetime.datetime | None = None) -> int:
    """Seconds until public content may change with no write, in one query: the site's next
    midnight (a policy takes effect, "today" moves on) or the next scheduled publish-at time
    of a registered kind of record, whichever comes first."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time()),
        local.tzinfo,
    )
    upcoming = None
    sql, params = _next_scheduled_sql(now)
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
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
    if response.get("Content-Encoding", "gzip") != "gzip":
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def release() -> str:
    """What tells one release's pages from another's: the hash of the static files manifest.

    A page names its stylesheets and scripts by their hashed file names, which change with a
    release; a copy stored by the previous release would name files the new one may no
    longer serve. Keyed by release, old copies are simply never read again, and during a
    rolling deploy old and new servers each read their own.
    """
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
    return f"pages:{release()}:{path}"


def _encoding(request) -> str:
    return "gzip" if "gzip" in request.headers.get("Accept-Encoding", "").lower() else "identity"


def _current(key: str, encoding: str) -> tuple[int, dict | None, bytes | None]:
    """The current generation, and the page's headers and body in `encoding` if they were
    stored in that generation, in one round trip."""
    if local_copies.is_large(f"{key}:{encoding}"):
        generation, found = read_current(GENERATION_KEY, [key])
        meta = found.get(key)
        body = local_copies.get(_digest_for(meta, encoding))
        if meta is not None and body is not None:
            return generation, meta, body
    generation, found = read_current(GENERATION_KEY, [key, f"{key}:{encoding}"])
    meta, body = found.get(key), found.get(f"{key}:{encoding}")
    if meta is not None and body is None and meta["has_nonce"]:
        # A page with a nonce keeps only its plain text: it differs on every answer.
        body = read_current(GENERATION_KEY, [f"{key}:identity"])[1].get(f"{key}:identity")
    if meta is None or body is None:
        return generation, None, None
    digest = _digest_for(meta, encoding)
    if digest:
        local_copies.keep(f"{key}:{encoding}", digest, body)
    return generation, meta, body


def _digest_for(meta: dict | None, encoding: str) -> str | None:
    # A page with a nonce is stored, and answered, from its plain text in every encoding.
    if meta is None:
        return None
    return meta.get("digests", {}).get("identity" if meta["has_nonce"] else encoding)


def _store(request, response, key: str, generation: int) -> tuple[dict, dict]:
    """Store a rendered answer; return its headers and its bodies by encoding."""
    if response.get("Content-Encoding") == "gzip":
        # The view compressed it already (the map data): keep that, and the plain text for
        # the rare client that does not accept gzip.
        bodies = {"gzip": response.content, "identity": gzip.decompress(response.content)}
        has_nonce = False
    else:
        body = response.content
        nonce = getattr(request, "_csp_nonce", None)
        has_nonce = isinstance(nonce, str) and nonce.encode() in body
        if has_nonce:
            bodies = {"identity": body.replace(nonce.encode(), NONCE_PLACEHOLDER)}
        else:
            bodies = {"identity": body, "gzip": gzip.compress(body, compresslevel=6)}
    meta = {
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "has_nonce": has_nonce,
        "digests": {
            name: hashlib.sha256(body).hexdigest()
            for name, body in bodies.items()
            if len(body) >= LOCAL_COPY_MIN_BYTES
        },
    }
    timeout = min(settings.PAGE_CACHE_SECONDS, seconds_until_next_change())
    write_current(
        generation,
        {key: meta, **{f"{key}:{name}": body for name, body in bodies.items()}},
        timeout=timeout,
    )
    return meta, bodies


def _response(request, meta: dict, body: bytes, encoding: str, state: str) -> HttpResponse:
    if meta["has_nonce"]:
        body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
        if encoding == "gzip":
            # Compressed on every answer, so the fastest level: on the county map page
            # (~100 KB) level 1 takes 0.4 ms for 9.4 KB where level 6 takes 1.1 ms for 8.1 KB.
            body = gzip.compress(body, compresslevel=1)
    response = HttpResponse(body)
    for name, value in meta["headers"].items():
        response[name] = value
    if encoding == "gzip":
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Page-Cache"] = state
    return response


def _within_rate(view, request) -> bool:
    """Whether an API view's own throttles let this request through: a cached answer counts
    against the rate limit exactly like a rendered one."""
    view_class = getattr(view, "cls", None)  # set by DRF's APIView.as_view()
    if view_class is None:
        return True
    return all(throttle().allow_request(request, None) for throttle in view_class.throttle_classes)


def cache_public_page(view):
    """View decorator: serve anonymous GETs of this view from the page cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key, encoding = _key(request), _encoding(request)
        generation, meta, body = _current(key, encoding)
        if meta is not None:
            if not _within_rate(view, request):
                # The view answers the 429 itself, in the API's format, with Retry-After.
                return view(request, *args, **kwargs)
            return _response(request, meta, body, encoding, "hit")
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not _storable(request, response):
            return response
        # Stored under the generation read before rendering: if an edit lands meanwhile, the
        # copy is already out of date and the next request renders the page again.
        meta, bodies = _store(request, response, key, generation)
        # Answered like a hit (compressed when the client accepts it), so both look the same.
        body = bodies["identity"] if meta["has_nonce"] else bodies[encoding]
        return _response(request, meta, body, encoding, "miss")

    return wrapped
