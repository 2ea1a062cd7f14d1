"""Site-wide views: the home page and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from maps.models import PolicyMap
from resources.models import Resource
from resources.selectors import resource_cards

HOME_LATEST_COUNT = 8


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest"] = resource_cards(
            Resource.objects.published().newest_first()[:HOME_LATEST_COUNT]
        )
        context["maps"] = PolicyMap.objects.published()
        return context


@never_cache
def favicon(request):
    """Browsers ask for /favicon.ico on pages that link no icon (the admin, a PDF)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})
