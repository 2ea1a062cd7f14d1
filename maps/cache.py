"""Map data cache keys: bumping a map's version makes every cached copy of its data stale."""

from config.page_cache import invalidate_pages
from config.versioned_cache import bump_after_commit, current_version

# Bumped whenever a jurisdiction is saved or deleted: every map's geometry may have changed.
GEOMETRY_VERSION_KEY = "maps:geometry:version"


def invalidate_geometry() -> None:
    bump_after_commit(GEOMETRY_VERSION_KEY)


def version_key(map_id: int) -> str:
    return f"map:{map_id}:version"


def map_version(map_id: int) -> int:
    return current_version(version_key(map_id))


def invalidate_map(map_id: int | None) -> None:
    """The map's cached data is stale once the transaction commits, and so is every cached
    page (map pages, jurisdiction pages and the home page show policies)."""
    if map_id is None:
        return
    invalidate_pages()
    bump_after_commit(version_key(map_id))


def entry_key(map_id: int, *parts) -> str:
    return f"map:{map_id}:" + ":".join(str(p) for p in parts)
