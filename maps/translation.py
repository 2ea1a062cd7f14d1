"""Fields staff translate into Spanish in the admin."""

from modeltranslation.translator import TranslationOptions, register

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
