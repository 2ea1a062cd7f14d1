"""Staff roles as groups: Editor, Publisher, Map editor, Administrator.

The publish permissions are declared on their models (Resource and Policy Meta.permissions);
they are made here too because this migration grants them before those declarations existed
in the migration state."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLISH_CODENAME = "publish_resource"
PUBLISH_POLICY_CODENAME = "publish_policy"

CATALOG = ["resource", "resourcefile", "topic", "resourcetype", "organization", "project"]
EDITOR_ACTIONS = ["add", "change", "view"]
MAP_MODELS = {
    "maps": ["policy", "policymap", "mapcategory"],
    "jurisdictions": ["jurisdiction"],
}


def create_roles(apps, schema_editor):
    # post_migrate has not run yet on a fresh database, so the permissions may not exist.
    for label in ["auth", "contenttypes", "resources", "maps", "jurisdictions"]:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    resource_type = ContentType.objects.get(app_label="resources", model="resource")
    publish, _ = Permission.objects.get_or_create(
        content_type=resource_type,
        codename=PUBLISH_CODENAME,
        defaults={"name": "Can publish, unpublish and schedule publications"},
    )
    policy_type = ContentType.objects.get(app_label="maps", model="policy")
    publish_policy, _ = Permission.objects.get_or_create(
        content_type=policy_type,
        codename=PUBLISH_POLICY_CODENAME,
        defaults={"name": "Can publish, unpublish and schedule policies"},
    )

    def perms(app_label, models, actions):
        return list(
            Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{a}_{m}" for m in models for a in actions],
            )
        )

    editor_perms = perms("resources", CATALOG, EDITOR_ACTIONS)
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(editor_perms)

    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.set(
        editor_perms + perms("resources", ["resource", "resourcefile"], ["delete"]) + [publish]
    )

    map_perms = [publish_policy]
    for app_label, models in MAP_MODELS.items():
        map_perms += perms(app_label, models, ["add", "change", "view", "delete"])
    map_editor, _ = Group.objects.get_or_create(name="Map editor")
    map_editor.permissions.set(map_perms)

    administrator, _ = Group.objects.get_or_create(name="Administrator")
    administrator.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editor", "Publisher", "Map editor", "Administrator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("resources", "0005_slug_redirects"),
        ("maps", "0001_initial"),
        ("jurisdictions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
