"""Run inside Django against the bench database: choose the URLs, count SQL per request.

Prints one JSON object. Queries are counted with the test client in this process, which
goes through the same URLconf, middleware and views as gunicorn does.
"""

import json
import sys

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SEARCH_WORDS = "asylum"


def choose_urls() -> tuple[dict, list[str]]:
    from django.db.models import Count

    from maps.models import MapLevel, PolicyMap
    from resources.models import Resource, ResourceType, Topic

    notes = []
    common_type = ResourceType.objects.annotate(n=Count("resources")).order_by("-n").first()
    # The same topic at every catalog size, so sizes compare like with like.
    topics = list(Topic.objects.order_by("slug"))
    topic = topics[len(topics) // 4] if topics else None
    filters = f"type={common_type.slug}&topic={topic.slug}" if common_type and topic else ""
    detail = (
        Resource.objects.published()
        .filter(files__isnull=False, topics__isnull=False)
        .order_by("-publication_date", "-id")
        .values_list("slug", flat=True)
        .first()
    )
    urls = {
        "trivial": "/bench/trivial",
        "resources": "/resources/",
        "resources_filtered": f"/resources/?{filters}",
        "resources_q": f"/resources/?q={SEARCH_WORDS}",
        "api_resources": "/api/resources/",
        "api_resources_filtered": f"/api/resources/?{filters}",
        "api_resources_q": f"/api/resources/?q={SEARCH_WORDS}",
    }
    county_map = (
        PolicyMap.objects.published()
        .filter(level=MapLevel.COUNTY)
        .annotate(n=Count("policies"))
        .order_by("-n")
        .first()
    )
    if county_map is not None:
        urls["map"] = f"/maps/{county_map.slug}/"
        urls["map_features"] = f"/api/maps/{county_map.slug}/features/"
        # What the map page asks for instead: its shapes once, then the shading of a date.
        from maps.api.views import geometry_url
        from maps.selectors import cached_geometry

        urls["map_geometry"] = geometry_url(county_map, cached_geometry(county_map)["digest"])
        urls["map_places"] = f"/api/maps/{county_map.slug}/places/"
    else:
        notes.append("No published county map: map page and features endpoint skipped.")
    if detail:
        urls["resource_detail"] = f"/resources/{detail}/"
    return urls, notes


def mixed_paths(urls: dict) -> list[tuple[str, str]]:
    """What the mixed workload asks for: (kind, path) with kind page, search or date."""
    import datetime
    from pathlib import Path
    from urllib.parse import urlencode

    from jurisdictions.models import Jurisdiction
    from maps.models import PolicyMap

    maps = list(PolicyMap.objects.published().order_by("slug").values_list("slug", flat=True))
    places = [
        *Jurisdiction.objects.states().order_by("geoid").values_list("geoid", flat=True)[:10],
        *Jurisdiction.objects.counties()
        .filter(policies__isnull=False)
        .distinct()
        .order_by("geoid")
        .values_list("geoid", flat=True)[:30],
    ]
    pages = ["/", "/resources/", "/maps/"]
    pages += [f"/maps/{slug}/" for slug in maps]
    pages += [f"/jurisdictions/{geoid}/" for geoid in places]
    queries = (Path(__file__).parent / "search_queries.txt").read_text(encoding="utf-8")
    searches = [f"/resources/?{urlencode({'q': q})}" for q in queries.splitlines() if q]
    dates = []
    if "map_places" in urls:
        # The map's date control stepping a month at a time from 2015 to today.
        day, today = datetime.date(2015, 1, 1), datetime.date.today()
        while day <= today:
            dates.append(f"{urls['map_places']}?as_of={day.isoformat()}")
            day += datetime.timedelta(days=30)
    return (
        [("page", path) for path in pages]
        + [("search", path) for path in searches]
        + [("date", path) for path in dates]
    )


def main() -> None:
    django.setup()
    from django.conf import settings

    from core.caching.pages import BYPASS_HEADER
    from resources.models import Resource

    urls, notes = choose_urls()
    client = Client(HTTP_HOST="127.0.0.1")
    result = {"urls": {}, "queries": {}, "notes": notes}
    for name, url in urls.items():
        counts = []
        status = None
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            status = response.status_code
            counts.append(len(captured.captured_queries))
        if status != 200:
            notes.append(f"{url} answered {status}: skipped.")
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(url, headers={BYPASS_HEADER: "1"})
        result["urls"][name] = url
        # The first request fills caches (pages, map data); the second is the usual cost; the
        # page rendered without the page cache is what an index-driven request costs.
        result["queries"][name] = {
            "first": counts[0],
            "repeat": counts[1],
            "uncached": len(captured.captured_queries),
        }
    result["mixed"] = mixed_paths(result["urls"])
    result["published"] = Resource.objects.published().count()
    result["settings"] = {"DEBUG": settings.DEBUG, "module": settings.SETTINGS_MODULE}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
