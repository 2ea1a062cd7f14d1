"""Pending revisions of published publications, and no publication published in the trash."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def unpublish_trashed(apps, schema_editor):
    # A bulk publish from the Trash filter could publish a trashed row; the rule below
    # forbids it, so such a row goes back to unpublished, as trashing leaves it.
    Resource = apps.get_model("resources", "Resource")
    Resource.objects.filter(deleted_at__isnull=False, status="published").update(
        status="unpublished"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jurisdictions", "0001_initial"),
        ("resources", "0011_search_document"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "changes",
                    models.JSONField(
                        help_text="The edited fields and their new values, by field name.",
                        verbose_name="changes",
                    ),
                ),
                ("submitted_at", models.DateTimeField(auto_now=True, verbose_name="submitted at")),
            ],
            options={
                "verbose_name": "pending revision",
                "verbose_name_plural": "pending revisions",
            },
        ),
        migrations.RunPython(unpublish_trashed, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="resource",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("deleted_at__isnull", True),
                    models.Q(("status", "published"), _negated=True),
                    _connector="OR",
                ),
                name="resource_trashed_not_published",
                violation_error_message="A publication in the trash cannot be published; restore it first.",
            ),
        ),
        migrations.AddField(
            model_name="pendingrevision",
            name="resource",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pending_revision",
                to="resources.resource",
                verbose_name="publication",
            ),
        ),
        migrations.AddField(
            model_name="pendingrevision",
            name="submitted_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="submitted by",
            ),
        ),
    ]
