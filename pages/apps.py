"""Pages that put the library and the maps together: home, a jurisdiction's page, sitemaps,
robots.txt and the health check."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"
