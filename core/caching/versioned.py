"""Cache entries tied to a version counter: bumping the counter after a commit makes every
entry stored under an older value stale at once, on every server, with nothing to delete.

Used by the page cache (one counter for all public pages) and the map data cache (one per
map). An entry is stored as (version, value) and read together with the counter in one
round trip; stale entries are never read again and expire on their own.
"""

import time

from django.core.cache import cache
from django.db import transaction


def current_version(version_key: str) -> int:
    version = cache.get(version_key)
    if version is None:
        # Start from the clock, so a lost counter can never revive entries of an old one.
        version = time.time_ns()
        if not cache.add(version_key, version, timeout=None):
            version = cache.get(version_key, version)
    return version


def bump_after_commit(version_key: str) -> None:
    """Every entry under `version_key` is stale once the current transaction commits."""

    def bump():
        try:
            cache.incr(version_key)
        except ValueError:
            cache.set(version_key, time.time_ns(), timeout=None)

    transaction.on_commit(bump)


def read_current(version_key: str, keys: list[str]) -> tuple[int, dict]:
    """The current version, and those of `keys` stored under it, in one round trip."""
    found = cache.get_many([version_key, *keys])
    version = found.pop(version_key, None)
    if version is None:
        return current_version(version_key), {}
    return version, {key: value for key, (stored, value) in found.items() if stored == version}


def write_current(version: int, entries: dict, *, timeout: int) -> None:
    """Store entries under the version read before they were computed: if it was bumped
    meanwhile, they are already out of date and the next read computes them again."""
    cache.set_many({key: (version, value) for key, value in entries.items()}, timeout=timeout)
