"""`python -m bench.timing [size] [url ...]`: time at the server of uncached list and search
requests, in this process, against the bench database of that size (lrc_bench_<size>, built by
`python -m bench <size>` or `manage.py generate_catalog`), split into SQL, rendering (HTML
templates or JSON), DRF serializers and the rest of the Python.

Quicker than a full `make bench` when working on one query: no gunicorn, no wrk. Each URL is
requested through the test client with the page cache bypassed, as the bench's serial timing
does; the median and p95 of the whole request and the median of each part are printed.
"""

import json
import os
import statistics
import sys
import time

DEFAULT_URLS = [
    "/resources/?q=asylum",
    "/resources/?q=detainer",
    "/resources/?q=know+your+rights",
    "/resources/?type=practice-advisory&topic={topic}",
    "/resources/",
    "/api/resources/",
    "/api/resources/?q=asylum",
    "/api/resources/?type=practice-advisory&topic={topic}",
]
RUNS = 15


class Clock:
    """Time spent in SQL, in rendering templates and in DRF serializers during one request.
    SQL run while a template renders or a serializer reads counts as SQL, not as either."""

    def __init__(self):
        self.sql = self.template = self.serializer = 0.0
        self.queries = 0

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started
            self.queries += 1

    def around(self, kind: str, function):
        clock = self

        def timed(*args, **kwargs):
            started, sql_before = time.perf_counter(), clock.sql
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started - (clock.sql - sql_before)
                setattr(clock, kind, getattr(clock, kind) + spent)

        return timed


CURRENT = [Clock()]


def CURRENT_AROUND(kind: str, function):  # noqa: N802 - reads as the Clock method it calls
    def timed(*args, **kwargs):
        return CURRENT[0].around(kind, function)(*args, **kwargs)

    return timed


def instrument() -> None:
    """Wrap template rendering and serializer output so each request's Clock sees them."""
    from django.template.response import SimpleTemplateResponse
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer

    def wrap_property(cls, name, kind):
        original = getattr(cls, name).fget

        def getter(self):
            return CURRENT[0].around(kind, original)(self)

        setattr(cls, name, property(getter))

    wrap_property(SimpleTemplateResponse, "rendered_content", "template")
    JSONRenderer.render = CURRENT_AROUND("template", JSONRenderer.render)
    # The outermost serializer of an API list is a ListSerializer; nested ones run inside it.
    # The library's list is written from plain rows (resources/api/listing.py): the same part.
    wrap_property(serializers.ListSerializer, "data", "serializer")
    from resources.api import listing

    listing.page_json = CURRENT_AROUND("serializer", listing.page_json)


def median(values) -> float:
    return statistics.median(values)


def split_times(urls: list[str], runs: int = RUNS) -> list[dict]:
    """Per URL: the medians of the whole request and of its parts, in milliseconds, uncached."""
    from django.db import connection
    from django.test import Client

    from bench.__main__ import BYPASS_HEADER
    from resources.models import Topic

    topics = list(Topic.objects.order_by("slug"))
    topic = topics[len(topics) // 4].slug if topics else ""
    client = Client(headers={BYPASS_HEADER: "1"})
    instrument()
    results = []
    for url in [item.format(topic=topic) for item in urls]:
        clocks, totals = [], []
        client.get(url)  # warm Django's and the database's caches
        for _ in range(runs):
            clock = CURRENT[0] = Clock()
            started = time.perf_counter()
            with connection.execute_wrapper(clock.execute):
                response = client.get(url)
            totals.append((time.perf_counter() - started) * 1000)
            clocks.append(clock)
        ordered = sorted(totals)
        parts = {
            "sql": median(c.sql * 1000 for c in clocks),
            "render": median(c.template * 1000 for c in clocks),
            "serializer": median(c.serializer * 1000 for c in clocks),
            "other": median(
                t - (c.sql + c.template + c.serializer) * 1000
                for t, c in zip(totals, clocks, strict=True)
            ),
        }
        results.append(
            {
                "url": url,
                "status": response.status_code,
                "total_p50": round(median(totals), 2),
                "total_p95": round(ordered[max(int(runs * 0.95) - 1, 0)], 2),
                **{name: round(value, 2) for name, value in parts.items()},
                # Everything but SQL: templates or JSON, serializers and the rest.
                "python": round(
                    median(t - c.sql * 1000 for t, c in zip(totals, clocks, strict=True)), 2
                ),
                "queries": max(c.queries for c in clocks),
            }
        )
    return results


def main() -> None:
    args = sys.argv[1:]
    as_json = "--json" in args
    args = [arg for arg in args if arg != "--json"]
    size = int(args.pop(0)) if args and args[0].isdigit() else 100000
    from bench.__main__ import database_url, environment

    os.environ.update(environment(database_url(f"lrc_bench_{size}"), port=0, redis_db=15))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    results = split_times(args or DEFAULT_URLS)
    if as_json:
        json.dump(results, sys.stdout)
        return
    for r in results:
        print(
            f"{r['url']:60} {r['status']} total p50 {r['total_p50']:6.1f} ms"
            f"  p95 {r['total_p95']:6.1f} | sql {r['sql']:6.1f}  render {r['render']:5.1f}"
            f"  serializer {r['serializer']:5.1f}  other python {r['other']:5.1f}"
            f"  | queries {r['queries']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
