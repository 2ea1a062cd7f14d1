from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('maps', '0011_policy_spanish_texts'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpolicy',
            name='source_title_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='source title'),
        ),
        migrations.AddField(
            model_name='historicalpolicy',
            name='source_title_es',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='source title'),
        ),
        migrations.AddField(
            model_name='historicalpolicy',
            name='summary_en',
            field=models.TextField(blank=True, null=True, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='historicalpolicy',
            name='summary_es',
            field=models.TextField(blank=True, null=True, verbose_name='summary'),
        ),
        # Every version saved so far holds English texts: they become its English version, so
        # reverting to an old version keeps its summary and source title.
        migrations.RunSQL(
            "UPDATE maps_historicalpolicy "
            "SET summary_en = summary, source_title_en = source_title",
            "UPDATE maps_historicalpolicy "
            "SET summary = COALESCE(summary_en, ''), source_title = COALESCE(source_title_en, '')",
        ),
        migrations.RemoveField(
            model_name='historicalpolicy',
            name='summary',
        ),
        migrations.RemoveField(
            model_name='historicalpolicy',
            name='source_title',
        ),
    ]
