"""A policy map's versions keep its English and Spanish title, description and methodology,
including versions saved before they were kept, and reverting a map brings them back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from maps.models import PolicyMap

from ..factories import PolicyMapFactory
from ..resources.staff import staff_member
from .test_policy_history_languages import _migrate

MAPS = "/admin/maps/policymap/"
BEFORE = ("maps", "0012_historicalpolicy_spanish_texts")
AFTER = ("maps", "0013_historicalpolicymap_spanish_texts")


def _texts(record) -> dict[str, str | None]:
    return {
        f"{name}_{code}": getattr(record, f"{name}_{code}")
        for name in ("title", "description", "methodology")
        for code in ("en", "es")
    }


def _as_saved(page, **changes) -> dict:
    """What an admin page's form sends when saved as shown: the map, and its legend where the
    page shows one (the revert form does not)."""
    forms = [page.context["adminform"].form]
    for inline in page.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [getattr(item, "pk", item) for item in value]
            else:
                data[field.html_name] = value
    data.update(changes)
    return data


OLD = {
    "title_en": "Detainer policies",
    "title_es": "Políticas de órdenes de detención",
    "description_en": "Which jails honour ICE detainers.",
    "description_es": "Qué cárceles acatan las órdenes de ICE.",
    "methodology_en": "Sheriffs' written policies, checked yearly.",
    "methodology_es": "Políticas escritas de los sheriffs, revisadas cada año.",
}


@pytest.mark.django_db
def test_each_version_keeps_both_languages():
    policy_map = PolicyMapFactory(**OLD)
    policy_map.methodology_es = "Políticas escritas, revisadas cada mes."
    policy_map.save()
    first, latest = policy_map.history.earliest(), policy_map.history.latest()
    assert _texts(first) == OLD
    assert latest.methodology_es == "Políticas escritas, revisadas cada mes."
    assert _texts(first.instance) == OLD


@pytest.mark.django_db(transaction=True)
def test_reverting_a_map_brings_back_its_english_and_spanish_texts(client):
    policy_map = PolicyMapFactory(**OLD)
    first = policy_map.history.earliest()
    policy_map.title_en = "Detainers"
    policy_map.title_es = ""
    policy_map.description_en = "Jails and ICE."
    policy_map.description_es = "Cárceles e ICE."
    policy_map.methodology_en = ""
    policy_map.methodology_es = "Otra metodología."
    policy_map.save()
    client.force_login(staff_member("Map editor"))
    url = f"{MAPS}{policy_map.pk}/history/{first.history_id}/"
    page = client.get(url)
    # The revert form offers the version's texts in both languages, not today's.
    form = page.context["adminform"].form
    assert {name: form[name].value() for name in OLD} == OLD
    assert client.post(url, _as_saved(page)).status_code == 302
    reverted = PolicyMap.objects.get(pk=policy_map.pk)
    assert _texts(reverted) == OLD
    # The revert is itself a version holding both languages.
    assert _texts(reverted.history.latest()) == OLD


@pytest.mark.django_db(transaction=True)
def test_versions_saved_before_the_spanish_texts_keep_their_texts():
    _migrate(BEFORE)
    state = MigrationExecutor(connection).loader.project_state([BEFORE])
    now = timezone.now()
    state.apps.get_model("maps", "HistoricalPolicyMap").objects.create(
        id=1,
        history_date=now,
        history_type="+",
        slug="detainers",
        title="Detainer policies",
        description="Which jails honour ICE detainers.",
        methodology="Sheriffs' written policies.",
        level="county",
        show_agencies=False,
        multiple_categories=False,
        sample_data=False,
        is_published=True,
        position=0,
        created=now,
        updated=now,
    )
    _migrate(AFTER)
    _migrate(BEFORE)  # and back: the texts return to their old columns
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, description, methodology FROM maps_historicalpolicymap")
        assert cursor.fetchall() == [
            (
                "Detainer policies",
                "Which jails honour ICE detainers.",
                "Sheriffs' written policies.",
            )
        ]
    _migrate(None)

    version = PolicyMap.history.get(id=1)
    assert _texts(version) == {
        "title_en": "Detainer policies",
        "title_es": None,
        "description_en": "Which jails honour ICE detainers.",
        "description_es": None,
        "methodology_en": "Sheriffs' written policies.",
        "methodology_es": None,
    }
    # Reverting to it would bring the texts back.
    assert version.instance.title_en == "Detainer policies"
    assert version.instance.methodology_en == "Sheriffs' written policies."


@pytest.mark.django_db
def test_the_history_lists_a_text_change_once_per_language(client):
    policy_map = PolicyMapFactory(title="Detainer policies")
    client.force_login(staff_member("Map editor", username="maria"))
    change = f"{MAPS}{policy_map.pk}/change/"
    response = client.post(
        change,
        _as_saved(
            client.get(change),
            title_en="Detainers",
            title_es="Órdenes de detención",
            methodology_es="Políticas escritas.",
        ),
    )
    assert response.status_code == 302
    page = client.get(f"{MAPS}{policy_map.pk}/history/").content.decode()
    assert page.count("Detainer policies → Detainers") == 1
    assert "— → Órdenes de detención" in page
    assert "— → Políticas escritas." in page
