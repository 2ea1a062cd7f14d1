"""The publishing, importing and caching floor every content app stands on."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from .caching.pages import connect_signals

        connect_signals()
