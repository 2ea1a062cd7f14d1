"""The API's rate limit, counted in one cache round trip, for cached and rendered answers alike.

DRF's own throttles keep a list of every request's time per client and rewrite it on each
request (two round trips and a list of up to the whole rate). This one counts requests in a
fixed window: one atomic increment. The page cache (config/page_cache.py) asks the same
throttles before it answers a cached API response, so a copy served from the cache counts
against the limit exactly like a rendered one.
"""

import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import AnonRateThrottle

from .security import client_ip


def count_request(key: str, window: int, *, backend=None) -> int:
    """Add one request to `key`'s count for a window of `window` seconds; the new count."""
    backend = backend or cache
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        client = backend._cache.get_client(full_key, write=True)
        pipeline = client.pipeline(transaction=False)
        pipeline.set(full_key, 0, ex=window, nx=True)
        pipeline.incr(full_key)
        return pipeline.execute()[1]
    backend.add(key, 0, window)
    try:
        return backend.incr(key)
    except ValueError:  # expired between the two calls
        backend.set(key, 1, window)
        return 1


class AnonWindowRateThrottle(AnonRateThrottle):
    """At most `num_requests` per `duration` seconds per client address, in fixed windows."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:  # signed in: not limited here
            return True
        now = time.time()
        window = int(now // self.duration)
        self.wait_seconds = max(1, int((window + 1) * self.duration - now))
        return count_request(f"{ident}:{window}", self.duration) <= self.num_requests

    def get_ident(self, request):
        # DRF's own reads X-Forwarded-For from anyone unless NUM_PROXIES is set.
        return client_ip(request)

    def wait(self):
        return getattr(self, "wait_seconds", None)
