"""Cache invalidation for map data, in one place: any saved or deleted policy or legend entry."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from jurisdictions.signals import boundaries_changed

from .cache import invalidate_map
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
    # Cached map features carry geometry: new shapes make every map's data stale.
    for map_id in PolicyMap.objects.values_list("pk", flat=True):
        invalidate_map(map_id)
