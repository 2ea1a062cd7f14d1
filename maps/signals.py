"""Cache invalidation for map data, in one place: any saved or deleted policy or legend entry."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from jurisdictions.models import Jurisdiction

from .cache import invalidate_geometry, invalidate_map
from .models import MapCategory, Policy, PolicyMap


@receiver([post_save, post_delete], sender=Policy)
@receiver([post_save, post_delete], sender=MapCategory)
def policy_changed(sender, instance, **kwargs):
    invalidate_map(instance.policy_map_id)


@receiver([post_save, post_delete], sender=PolicyMap)
def map_changed(sender, instance, **kwargs):
    invalidate_map(instance.pk)


@receiver([post_save, post_delete], sender=Jurisdiction)
def jurisdiction_changed(sender, instance, **kwargs):
    # A boundary or an agency's location is part of every map's geometry document.
    invalidate_geometry()
