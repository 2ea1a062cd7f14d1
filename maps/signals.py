"""Cache invalidation for map data, in one place: any saved or deleted policy or legend entry."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from jurisdictions.models import Jurisdiction
from jurisdictions.signals import boundaries_changed

from .cache import invalidate_geometry, invalidate_map
from .models import MapCategory, Policy, PolicyMap


@receiver([post_save, post_delete], sender=Policy)
@receiver([post_save, post_delete], sender=MapCategory)
def policy_changed(sender, instance, **kwargs):
    invalidate_map(instance.policy_map_id)


@receiver([post_save, post_delete], sender=PolicyMap)
def map_changed(sender, instance, **kwargs):
    invalidate_map(instance.pk)


@receiver(boundaries_changed, dispatch_uid="maps_boundaries_changed")
def boundaries_changed_receiver(sender, **kwargs):
    # Cached map features and geometry carry the shapes: new ones make every map's stale.
    invalidate_geometry()
    for map_id in PolicyMap.objects.values_list("pk", flat=True):
        invalidate_map(map_id)


@receiver([post_save, post_delete], sender=Jurisdiction)
def jurisdiction_changed(sender, instance, **kwargs):
    # A boundary or an agency's location is part of every map's geometry document.
    invalidate_geometry()
