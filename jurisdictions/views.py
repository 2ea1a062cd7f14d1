"""Public jurisdiction pages."""

from django.views.generic import DetailView

from .models import Jurisdiction


class JurisdictionDetailView(DetailView):
    template_name = "jurisdictions/jurisdiction_detail.html"
    context_object_name = "jurisdiction"
    slug_field = "geoid"
    slug_url_kwarg = "geoid"

    def get_queryset(self):
        return Jurisdiction.objects.select_related("parent")
