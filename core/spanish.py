"""Flags records whose Spanish text is missing: the Spanish site then shows the English, and
staff are told so in the admin lists and when they save."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.translator import translator


def missing_spanish(record) -> list[str]:
    """Names of the translated fields that have English text and no Spanish text."""
    options = translator.get_options_for_model(type(record))
    return [
        str(record._meta.get_field(name).verbose_name)
        for name in options.fields
        if getattr(record, f"{name}_en", "") and not getattr(record, f"{name}_es", "")
    ]


class SpanishTextAdminMixin:
    """A "Spanish" list column and a warning on save when Spanish text is missing.

    An admin using this adds "spanish_text" to list_display; missing_spanish_of may be
    overridden to include related records (a map's legend).
    """

    def missing_spanish_of(self, obj) -> list[str]:
        return missing_spanish(obj)

    @admin.display(description=gettext_lazy("Spanish text"))
    def spanish_text(self, obj) -> str:
        missing = self.missing_spanish_of(obj)
        if missing:
            return _("Missing: %(fields)s") % {"fields": ", ".join(missing)}
        return _("Complete")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        missing = self.missing_spanish_of(form.instance)
        if missing:
            self.message_user(
                request,
                _(
                    "“%(record)s” has no Spanish text for: %(fields)s. The Spanish site shows "
                    "the English until it is added."
                )
                % {"record": form.instance, "fields": ", ".join(missing)},
                messages.WARNING,
            )
