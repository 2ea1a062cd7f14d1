"""`python -m bench.explain [size] [url ...]`: the plans of the SQL behind uncached list and
search requests, from EXPLAIN (ANALYZE, BUFFERS), against the bench database of that size
(lrc_bench_<size>, as `bench.timing` uses it).

Each URL is requested once through the test client with the page cache bypassed; every query
it ran that took longer than a millisecond is explained (run again, so its buffers are warm),
and the plan is printed under the query's time.
"""

import os
import sys
import time

from bench.timing import DEFAULT_URLS

SLOW_MS = 1.0


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
        captured = []

        def capture(execute, sql, params, many, context, captured=captured):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((sql, params, (time.perf_counter() - started) * 1000))

        client.get(url)  # warm the caches of the database and of Django
        with connection.execute_wrapper(capture):
            client.get(url)
        print(f"=== {url}")
        for sql, params, spent in captured:
            if spent < SLOW_MS or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"--- {spent:.1f} ms: {sql[:300]}...\n{plan}\n", flush=True)


if __name__ == "__main__":
    main()
