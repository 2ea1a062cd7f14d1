"""Sitemaps of every public page, in English and Spanish, behind one sitemap index; robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.views.generic import TemplateView

from jurisdictions.models import Jurisdiction, Level
from maps.models import PolicyMap
from resources.models import Resource


class BilingualSitemap(Sitemap):
    # Each page once per language, each entry naming the other with hreflang alternates.
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(BilingualSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "resources:list", "maps:list"]

    def location(self, item):
        return reverse(item)


class ResourceSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Resource.objects.published().only("slug", "updated").order_by("id")

    def lastmod(self, resource):
        return resource.updated


class PolicyMapSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return PolicyMap.objects.published().only("slug", "updated").order_by("id")

    def lastmod(self, policy_map):
        return policy_map.updated


class JurisdictionSitemap(BilingualSitemap):
    """States and counties: the places people search for by name."""

    changefreq = "monthly"

    def items(self):
        return (
            Jurisdiction.objects.filter(level__in=[Level.STATE, Level.COUNTY])
            .only("geoid")
            .order_by("geoid")
        )


SITEMAPS = {
    "pages": PageSitemap,
    "resources": ResourceSitemap,
    "maps": PolicyMapSitemap,
    "jurisdictions": JurisdictionSitemap,
}


class RobotsTxtView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = self.request.build_absolute_uri(reverse("sitemap-index"))
        return context
