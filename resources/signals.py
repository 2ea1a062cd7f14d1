"""Keeps old publication addresses working: a slug change records a redirect from the old one;
and reads the text of a file for the search whenever a file is saved.

Signals rather than service functions, because slugs change and files are attached through
the admin, the CSV importer and the shell alike; what they write is data (a redirect row, a
file's pages), nothing else.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .extraction import refresh_file_text_safely
from .models import Resource, ResourceFile, SlugRedirect, TextStatus


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


@receiver(post_save, sender=ResourceFile, dispatch_uid="resource_file_text")
def read_file_text(sender, instance, raw=False, **kwargs):
    # A save that keeps the same stored file (a new label, a new position) reads nothing.
    if raw or not instance.file:
        return
    if instance.text_source == instance.file.name and instance.text_status != TextStatus.PENDING:
        return
    # After the commit: the save stands whatever the file holds, and the child process reads a
    # file that is really stored.
    transaction.on_commit(partial(refresh_file_text_safely, instance.pk))
