"""Versioned cache keys for map data: bumping a map's version makes every cached copy stale."""

import time

from django.core.cache import cache
from django.db import transaction

from config.page_cache import invalidate_pages


def _version_key(map_id: int) -> str:
    return f"map:{map_id}:version"


def map_version(map_id: int) -> int:
    version = cache.get(_version_key(map_id))
    if version is None:
        # Start from the clock, so a lost version key can never revive stale entries.
        version = time.time_ns()
        cache.add(_version_key(map_id), version, timeout=None)
    return version


def invalidate_map(map_id: int | None) -> None:
    """The map's cached data is stale once the transaction commits, and so is every cached
    page (map pages, jurisdiction pages and the home page show policies)."""
    if map_id is None:
        return
    invalidate_pages()

    def bump():
        try:
            cache.incr(_version_key(map_id))
        except ValueError:
            cache.set(_version_key(map_id), time.time_ns(), timeout=None)

    transaction.on_commit(bump)


def cache_key(map_id: int, *parts) -> str:
    suffix = ":".join(str(p) for p in parts)
    return f"map:{map_id}:v{map_version(map_id)}:{suffix}"
