"""Keeps old publication addresses working: a slug change records a redirect from the old one.

A pre_save signal rather than a service function, because slugs change through the admin,
the CSV importer and the shell alike; what it writes is data (a redirect row), nothing else.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import Resource, SlugRedirect


@receiver(pre_save, sender=Resource, dispatch_uid="resource_slug_redirect")
def record_slug_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "slug" not in update_fields):
        return
    # A live publication's slug always wins over an old address of another one.
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()
    if instance.pk is None:
        return
    old_slug = Resource.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != instance.slug:
        SlugRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"resource_id": instance.pk}
        )
