"""Fields staff translate into Spanish in the admin."""

import simple_history
from django.db import models
from modeltranslation.translator import TranslationOptions, register, translator

from .models import MapCategory, Policy, PolicyMap


@register(PolicyMap)
class PolicyMapTranslation(TranslationOptions):
    fields = ("title", "description", "methodology")


@register(MapCategory)
class MapCategoryTranslation(TranslationOptions):
    fields = ("label", "description")


@register(Policy)
class PolicyTranslation(TranslationOptions):
    fields = ("summary", "source_title")


def register_history(model: type[models.Model]) -> None:
    """Give `model` its `history`, each version keeping the English and Spanish texts.

    Called once `model` is registered for translation, so that its _en and _es copies exist:
    declared on the model, the history would be made before modeltranslation adds them, and
    a revert would take them from the current row. The plain columns only echo the text of the
    language active when the record was saved; versions leave them out, so a change is listed
    once, per language.
    """
    translated = translator.get_options_for_model(model).fields
    simple_history.register(model, excluded_fields=sorted(translated))


register_history(PolicyMap)
register_history(Policy)
