"""The Redis cache backend used in production, against a real Redis server."""

import pytest

from core.caching.backends import ReusingRedisCache

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache():
    backend = ReusingRedisCache(REDIS_URL, {"KEY_PREFIX": "test-backend"})
    backend.clear()
    yield backend
    backend.clear()


def test_values_round_trip_through_redis(redis_cache):
    redis_cache.set("page", {"generation": 7, "body": b"<html>"}, timeout=60)
    redis_cache.set("generation", 7, timeout=None)

    assert redis_cache.get("page") == {"generation": 7, "body": b"<html>"}
    assert redis_cache.get_many(["generation", "page", "absent"]) == {
        "generation": 7,
        "page": {"generation": 7, "body": b"<html>"},
    }
    assert redis_cache.incr("generation") == 8
    assert redis_cache.add("generation", 1) is False
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_one_client_object_serves_every_command(redis_cache):
    client = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is client
    assert redis_cache._cache.get_client("c", write=True) is client  # one server: one pool


def test_the_rate_limit_counts_in_one_window_that_expires(redis_cache):
    from core.http.throttling import count_request

    counts = [
        count_request("throttle_anon_198.51.100.7:1", 60, backend=redis_cache) for _ in range(3)
    ]
    assert counts == [1, 2, 3]
    full_key = redis_cache.make_and_validate_key("throttle_anon_198.51.100.7:1")
    assert 0 < redis_cache._cache.get_client(full_key).ttl(full_key) <= 60
    assert redis_cache.get("throttle_anon_198.51.100.7:1") == 3
