"""Corrections move to their own app (corrections 0001), which keeps the table maps_correction:
only Django's idea of which app owns the model changes; no row is touched."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('maps', '0008_publishable_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Correction')],
            database_operations=[],
        ),
    ]
