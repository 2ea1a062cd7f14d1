from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resource library")

    def ready(self):
        from config.page_cache import connect_signals

        from . import signals  # noqa: F401

        connect_signals()
