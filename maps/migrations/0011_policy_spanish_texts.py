from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('maps', '0010_publish_permission'),
    ]

    operations = [
        migrations.AddField(
            model_name='policy',
            name='source_title_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='source title'),
        ),
        migrations.AddField(
            model_name='policy',
            name='source_title_es',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='source title'),
        ),
        migrations.AddField(
            model_name='policy',
            name='summary_en',
            field=models.TextField(blank=True, null=True, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='policy',
            name='summary_es',
            field=models.TextField(blank=True, null=True, verbose_name='summary'),
        ),
        # Every existing text is English: it becomes the English version.
        migrations.RunSQL(
            "UPDATE maps_policy SET summary_en = summary, source_title_en = source_title",
            migrations.RunSQL.noop,
        ),
    ]
