"""The five publication types of the current site, under its names (0012 renames a type
created before); staff add more in the admin."""

from django.db import migrations

TYPES = [
    ("practice-advisory", "Practice Advisory", "Aviso práctico", "Long legal guidance for practitioners."),
    ("faqs-explainers", "FAQs & Explainers", "Preguntas frecuentes y guías", "Short plain-language guides, one-pagers and fact sheets."),
    ("toolkits-reports", "Toolkit & Reports", "Herramientas e informes", "Campaign toolkits, research reports and maps released as reports."),
    ("public-comments", "Public Comments / Sign-on Letters", "Comentarios públicos y cartas", "Letters to agencies and comments on proposed rules."),
    ("community-alert", "Community Alert", "Alerta comunitaria", "Short notices for community members."),
]


def create_types(apps, schema_editor):
    ResourceType = apps.get_model("resources", "ResourceType")
    for position, (slug, name, name_es, description) in enumerate(TYPES):
        ResourceType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name,
                "name_es": name_es,
                "description": description,
                "description_en": description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
