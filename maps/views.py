"""Public map pages."""

from django.views.generic import ListView

from .models import PolicyMap


class PolicyMapListView(ListView):
    template_name = "maps/policymap_list.html"
    context_object_name = "maps"

    def get_queryset(self):
        return PolicyMap.objects.published()
