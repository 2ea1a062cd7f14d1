"""Views that exist only for benchmarks (BENCH_VIEWS=True): the framework's floor."""

import os

from django.http import HttpResponse, HttpResponseBadRequest

# Random bytes do not compress: the body leaves as large as it is asked for.
_PAYLOAD = os.urandom(1024 * 1024)


def trivial(request):
    """No database, no template: what the stack costs for the smallest possible page."""
    return HttpResponse(b"ok", content_type="text/plain")


def trivial_bytes(request):
    """The same, answering `size` bytes: the floor for a response as large as the map data."""
    try:
        size = int(request.GET.get("size", "0"))
    except ValueError:
        return HttpResponseBadRequest("size: a number of bytes")
    if not 0 <= size <= len(_PAYLOAD):
        return HttpResponseBadRequest("size: at most 1 MiB")
    return HttpResponse(_PAYLOAD[:size], content_type="application/octet-stream")
