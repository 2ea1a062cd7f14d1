"""Map data cache keys: bumping a map's version makes every cached copy of its data stale."""

from core.caching.pages import invalidate_pages
from core.caching.versioned import bump_after_commit, current_version

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


def invalidate_maps_of(policies) -> None:
    """Make stale the data of every map these policies are on."""
    for map_id in sorted(set(policies.values_list("policy_map_id", flat=True))):
        invalidate_map(map_id)
