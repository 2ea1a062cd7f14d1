"""Corrections are suggested about the maps' places: the maps' fixtures, shared."""

from tests.maps.conftest import _empty_cache, detainer_legend, detainer_map, harris  # noqa: F401
