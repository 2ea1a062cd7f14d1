"""Map editors triage corrections: they are the ones e-mailed when one arrives, so their group
may view and resolve them (not add or delete: corrections come from readers)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Map editor": ["view_correction", "change_correction"]}


def grant(apps, schema_editor):
    # On a fresh database post_migrate has not made the permissions yet.
    create_permissions(global_apps.get_app_config("corrections"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="corrections", codename__in=codenames
                )
            )


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="corrections", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_initial"),
        ("resources", "0006_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, take_back)]
