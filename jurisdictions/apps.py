from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JurisdictionsConfig(AppConfig):
    name = "jurisdictions"
    verbose_name = _("Jurisdictions")

    def ready(self):
        from core.caching.pages import register_content

        register_content(self.label)
