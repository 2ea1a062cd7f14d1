"""A policy's versions keep its English and Spanish texts, including versions saved before
there were Spanish texts."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from maps.models import Policy

from ..factories import PolicyFactory
from ..resources.staff import staff_member
from .test_admin_curation import CHANGELIST, _form

BEFORE = ("maps", "0011_policy_spanish_texts")
AFTER = ("maps", "0012_historicalpolicy_spanish_texts")


@pytest.mark.django_db
def test_each_version_keeps_both_languages():
    policy = PolicyFactory(summary="Honours some detainers.", summary_es="Acata algunas órdenes.")
    policy.summary_es = "Acata algunas órdenes de ICE."
    policy.save()
    first, latest = policy.history.earliest(), policy.history.latest()
    assert (first.summary_en, first.summary_es) == (
        "Honours some detainers.",
        "Acata algunas órdenes.",
    )
    assert latest.summary_es == "Acata algunas órdenes de ICE."
    assert first.instance.summary_es == "Acata algunas órdenes."


@pytest.mark.django_db(transaction=True)
def test_versions_saved_before_the_spanish_texts_keep_their_summary():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("maps", "HistoricalPolicy")
    now = timezone.now()
    old.objects.create(
        id=1,
        history_date=now,
        history_type="+",
        policy_map_id=1,
        jurisdiction_id=1,
        category_id=1,
        effective_date=datetime.date(2019, 3, 1),
        summary="Harris County jail honours some detainers.",
        source_title="Sheriff's memo",
        source_url="https://example.org/harris-memo",
        exclusive=True,
        status="published",
        created=now,
        updated=now,
    )
    _migrate(AFTER)
    _migrate(BEFORE)  # and back: the summary returns to its old column
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, source_title FROM maps_historicalpolicy")
        assert cursor.fetchall() == [
            ("Harris County jail honours some detainers.", "Sheriff's memo")
        ]
    _migrate(None)

    version = Policy.history.get(id=1)
    assert version.summary_en == "Harris County jail honours some detainers."
    assert version.source_title_en == "Sheriff's memo"
    assert version.summary_es is None
    # Reverting to it would bring the summary back.
    assert version.instance.summary_en == "Harris County jail honours some detainers."


def _migrate(target: tuple[str, str] | None) -> None:
    """Migrate to `target`, or to the latest migrations with None."""
    executor = MigrationExecutor(connection)
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_history_lists_a_text_change_once_per_language(client):
    policy = PolicyFactory(summary="Honours some detainers.")
    client.force_login(staff_member("Map editor", username="maria"))
    client.post(
        f"{CHANGELIST}{policy.pk}/change/",
        _form(policy, summary="Honours every detainer.", summary_es="Acata todas las órdenes."),
    )
    page = client.get(f"{CHANGELIST}{policy.pk}/history/").content.decode()
    assert page.count("Honours some detainers. → Honours every detainer.") == 1
    assert "— → Acata todas las órdenes." in page
