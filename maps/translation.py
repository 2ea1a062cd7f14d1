"""Fields staff translate into Spanish in the admin."""

import simple_history
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


# A policy's history is made only now that summary_en, summary_es, source_title_en and
# source_title_es exist: every version keeps both languages, and reverting a policy brings back
# its English and Spanish texts as they were. (Declared on the model, the history would be made
# before modeltranslation adds the copies, and a revert would take them from the current row.)
# The plain summary and source_title columns only echo the text of the language active when the
# policy was saved; versions leave them out, so a change is listed once, per language.
simple_history.register(Policy, excluded_fields=["summary", "source_title"])
