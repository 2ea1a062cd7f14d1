"""Publication types carry the names the centre's current site uses, so a catalogue exported
from it imports: "Toolkit & Reports", not "Toolkits & Reports". The slug, part of shared
library addresses (?type=toolkits-reports), stays."""

from django.db import migrations

RENAMED = [("toolkits-reports", "Toolkits & Reports", "Toolkit & Reports")]


def rename(apps, schema_editor, *, forward=True):
    ResourceType = apps.get_model("resources", "ResourceType")
    for slug, old, new in RENAMED:
        before, after = (old, new) if forward else (new, old)
        # Only a name staff have not changed since.
        ResourceType.objects.filter(slug=slug, name=before).update(name=after, name_en=after)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("resources", "0012_pending_revisions_and_trash_rule")]

    operations = [migrations.RunPython(rename, rename_back)]
