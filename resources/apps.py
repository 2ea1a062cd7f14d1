from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resource library")

    def ready(self):
        from core.caching.pages import register_content
        from core.scheduling import register_scheduled

        from . import signals  # noqa: F401
        from .models import Resource

        register_content(self.label)
        register_scheduled(Resource, counted="%(count)d publication(s)")
