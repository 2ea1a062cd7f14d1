"""Readers' corrections: a form on every map popup, jurisdiction page and publication page, and
the staff triage in the admin. It stands above the library and the maps, which it refers to."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "corrections"
    verbose_name = _("Corrections")
