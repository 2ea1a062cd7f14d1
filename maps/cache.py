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
        if not cache.add(_version_key(map_id), version, timeout=None):
            version = cache.get(_version_key(map_id), version)
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


def entry_key(map_id: int, *parts) -> str:
    return f"map:{map_id}:" + ":".join(str(p) for p in parts)


def get_current(map_id: int, keys: list[str]) -> tuple[int, dict]:
    """The map's version, and those of `keys` stored under that version, in one round trip.

    An entry is stored as (version, value); one written before the map last changed is
    treated as missing.
    """
    version_key = _version_key(map_id)
    found = cache.get_many([version_key, *keys])
    version = found.pop(version_key, None)
    if version is None:
        return map_version(map_id), {}
    return version, {key: value for key, (stored, value) in found.items() if stored == version}


def set_current(map_id: int, version: int, entries: dict, *, timeout: int) -> None:
    """Store entries under the version read before they were computed: if the map changed
    meanwhile, they are already out of date and the next read computes them again."""
    cache.set_many({key: (version, value) for key, value in entries.items()}, timeout=timeout)
