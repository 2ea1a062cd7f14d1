"""Views that exist only for benchmarks (BENCH_VIEWS=True): the framework's floor."""

from django.http import HttpResponse


def trivial(request):
    """No database, no template: what the stack costs for the smallest possible page."""
    return HttpResponse(b"ok", content_type="text/plain")
