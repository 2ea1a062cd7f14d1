"""Fields staff translate into Spanish in the admin."""

from modeltranslation.translator import TranslationOptions, register

from .models import ResourceType, Topic


@register(ResourceType)
class ResourceTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
