"""Corrections moved from the maps app to their own app with their table: a database holding
corrections under the old layout keeps every row, and the permissions keep their content type."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("maps", "0008_publishable_core")]


@pytest.mark.django_db(transaction=True)
def test_corrections_survive_the_move_to_their_own_app():
    executor = MigrationExecutor(connection)
    leaf = list(executor.loader.graph.leaf_nodes())
    executor.migrate(OLD)
    old = MigrationExecutor(connection).loader.project_state(OLD).apps
    # A correction and a permission on it, as the old layout stored them.
    Correction = old.get_model("maps", "Correction")
    correction = Correction.objects.create(message="The Harris County entry is out of date.")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="maps", model="correction")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="change_correction", defaults={"name": "Can change"}
    )
    group = Group.objects.create(name="Correction triage")
    group.permissions.add(permission)

    MigrationExecutor(connection).migrate(leaf)

    from django.contrib.auth.models import Group as CurrentGroup
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from corrections.models import Correction as MovedCorrection

    moved = MovedCorrection.objects.get(pk=correction.pk)
    assert moved.message == "The Harris County entry is out of date."
    assert MovedCorrection._meta.db_table == "maps_correction"
    CurrentContentType.objects.clear_cache()
    assert CurrentContentType.objects.get(pk=content_type.pk).app_label == "corrections"
    assert (
        CurrentGroup.objects.get(name="Correction triage")
        .permissions.filter(content_type__app_label="corrections", codename="change_correction")
        .exists()
    )
