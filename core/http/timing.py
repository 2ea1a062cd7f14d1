"""Server-side timing for benchmarks: off unless the SERVER_TIMING setting is true."""

import time

from django.db import connection


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>, db;dur=<ms>` to every response.

    It sits first in MIDDLEWARE, so `app` is the whole time Django spends on the request;
    `db` is the time spent waiting for the database. Benchmarks read the header to report
    the time at the server, apart from the network and the load generator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        db_time = [0.0]

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                db_time[0] += time.perf_counter() - started

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        total = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={total:.2f}, db;dur={db_time[0] * 1000:.2f}"
        return response
