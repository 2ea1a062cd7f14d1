"""`python -m bench.map_sizes`: bytes (plain and gzipped) a visitor downloads for each published
map: the map data as one GeoJSON document per date, and, where the map page splits it, the
geometry (once, cached for a year) and the data of one date (on every date change).

Runs in-process against DATABASE_URL (the demo data of `make run` has the county 287(g) map and
the state map) and prints one JSON object; `--dates` sets the two dates compared.
"""

import argparse
import gzip
import json
import os
import sys

import django


def sizes(body: bytes) -> dict:
    return {"bytes": len(body), "gzip_bytes": len(gzip.compress(body, 6))}


def body_of(response) -> bytes:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def measure(dates: list[str]) -> dict:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from maps.models import PolicyMap

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for policy_map in PolicyMap.objects.published().order_by("level", "slug"):
        slug = policy_map.slug
        entry = {"level": policy_map.level, "features_per_date": {}}
        for day in dates:
            response = client.get(
                reverse("api:map-features", kwargs={"slug": slug}), {"as_of": day}
            )
            entry["features_per_date"][day] = sizes(body_of(response))
        try:
            places_url = reverse("api:map-places", kwargs={"slug": slug})
        except NoReverseMatch:
            places_url = None  # before the map data was split: one document per date only
        if places_url:
            from maps.api.views import geometry_url
            from maps.selectors import cached_geometry

            url = geometry_url(policy_map, cached_geometry(policy_map)["digest"])
            entry["geometry"] = {"url": url, **sizes(body_of(client.get(url)))}
            entry["data_per_date"] = {}
            for day in dates:
                response = client.get(places_url, {"as_of": day, "lang": "en"})
                entry["data_per_date"][day] = sizes(body_of(response))
        result[slug] = entry
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dates", nargs=2, default=["2025-06-01", "2025-07-20"])
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    json.dump(measure(args.dates), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
