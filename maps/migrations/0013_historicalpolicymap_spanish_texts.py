from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('maps', '0012_historicalpolicy_spanish_texts'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpolicymap',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='historicalpolicymap',
            name='description_es',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='historicalpolicymap',
            name='methodology_en',
            field=models.TextField(blank=True, null=True, verbose_name='methodology'),
        ),
        migrations.AddField(
            model_name='historicalpolicymap',
            name='methodology_es',
            field=models.TextField(blank=True, null=True, verbose_name='methodology'),
        ),
        migrations.AddField(
            model_name='historicalpolicymap',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='historicalpolicymap',
            name='title_es',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        # Every version saved so far holds English texts: they become its English version, so
        # reverting a map to an old version keeps its title, description and methodology.
        migrations.RunSQL(
            "UPDATE maps_historicalpolicymap "
            "SET title_en = title, description_en = description, methodology_en = methodology",
            "UPDATE maps_historicalpolicymap "
            "SET title = COALESCE(title_en, ''), description = COALESCE(description_en, ''), "
            "methodology = COALESCE(methodology_en, '')",
        ),
        # Unlike the description and methodology, a title may not be blank: given a default,
        # the column can come back for existing versions when migrating back, filled with ''
        # until the English title is copied into it.
        migrations.AlterField(
            model_name='historicalpolicymap',
            name='title',
            field=models.CharField(default='', max_length=200, verbose_name='title'),
        ),
        migrations.RemoveField(
            model_name='historicalpolicymap',
            name='title',
        ),
        migrations.RemoveField(
            model_name='historicalpolicymap',
            name='description',
        ),
        migrations.RemoveField(
            model_name='historicalpolicymap',
            name='methodology',
        ),
    ]
