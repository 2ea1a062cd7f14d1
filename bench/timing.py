"""`python -m bench.timing [size] [url ...]`: time at the server of uncached list and search
requests, in this process, against the bench database of that size (lrc_bench_<size>, built by
`python -m bench <size>` or `manage.py generate_catalog`), split into SQL and Python.

Quicker than a full `make bench` when working on one query: no gunicorn, no wrk. Each URL is
requested through the test client with the page cache bypassed, as the bench's serial timing
does; the median and p95 of the whole request and of its SQL are printed.
"""

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


def main() -> None:
    args = sys.argv[1:]
    size = int(args.pop(0)) if args and args[0].isdigit() else 100000
    from bench.__main__ import BYPASS_HEADER, database_url, environment

    os.environ.update(environment(database_url(f"lrc_bench_{size}"), port=0, redis_db=15))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from resources.models import Topic

    topics = list(Topic.objects.order_by("slug"))
    topic = topics[len(topics) // 4].slug if topics else ""
    client = Client(headers={BYPASS_HEADER: "1"})
    for url in [item.format(topic=topic) for item in (args or DEFAULT_URLS)]:
        totals, sqls, counts = [], [], []
        for _ in range(RUNS):
            spent = [0.0, 0]

            def timed(execute, sql, params, many, context, spent=spent):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent[0] += time.perf_counter() - started
                    spent[1] += 1

            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                response = client.get(url)
            totals.append((time.perf_counter() - started) * 1000)
            sqls.append(spent[0] * 1000)
            counts.append(spent[1])
        totals.sort()
        print(
            f"{url:60} {response.status_code} total p50 {statistics.median(totals):7.1f} ms"
            f"  p95 {totals[int(RUNS * 0.95) - 1]:7.1f}  sql p50 {statistics.median(sqls):7.1f}"
            f"  python p50 {statistics.median(t - s for t, s in zip(totals, sqls, strict=True)):6.1f}"
            f"  queries {max(counts)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
