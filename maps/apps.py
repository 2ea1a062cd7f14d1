from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Policy maps")

    def ready(self):
        from core.caching.pages import register_content
        from core.scheduling import register_scheduled

        from . import signals  # noqa: F401
        from .cache import invalidate_maps_of
        from .models import Policy

        register_content(self.label)
        register_scheduled(
            Policy, counted="%(count)d polic(y/ies)", went_public=invalidate_maps_of
        )
