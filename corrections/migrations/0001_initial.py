"""Corrections, moved from the maps app with their table (maps_correction) as it was: the model
is taken over without a database operation, and the content type is renamed so that existing
permissions, admin log entries and group grants stay attached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def adopt_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="corrections", model="correction").exists():
        ContentType.objects.filter(app_label="maps", model="correction").update(
            app_label="corrections"
        )


def give_back_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="maps", model="correction").exists():
        ContentType.objects.filter(app_label="corrections", model="correction").update(
            app_label="maps"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('jurisdictions', '0001_initial'),
        ('maps', '0009_delete_correction'),
        ('resources', '0015_publishable_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('message', models.TextField(verbose_name='what is wrong')),
                ('source_url', models.URLField(blank=True, max_length=500, verbose_name='source link')),
                ('attachment', models.FileField(blank=True, upload_to='corrections/%Y/%m/', verbose_name='source file')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail for a reply')),
                ('language', models.CharField(blank=True, max_length=8, verbose_name='language')),
                ('client_hash', models.CharField(blank=True, max_length=64, verbose_name='sender (hashed address)')),
                ('status', models.CharField(choices=[('new', 'New'), ('accepted', 'Accepted'), ('rejected', 'Rejected')], db_index=True, default='new', max_length=10, verbose_name='status')),
                ('staff_note', models.TextField(blank=True, help_text='Why it was accepted or rejected; sent to the reader if they gave an e-mail.', verbose_name='staff note')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='received')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved')),
                ('jurisdiction', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='corrections', to='jurisdictions.jurisdiction', verbose_name='place')),
                ('policy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='corrections', to='maps.policy', verbose_name='policy')),
                ('policy_map', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='maps.policymap', verbose_name='map')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by')),
                ('resource', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='corrections', to='resources.resource', verbose_name='publication')),
            ],
            options={
                'verbose_name': 'correction',
                'verbose_name_plural': 'corrections',
                'db_table': 'maps_correction',
                'ordering': ['-created'],
            },
        )], database_operations=[]),
        migrations.RunPython(adopt_content_type, give_back_content_type),
    ]
