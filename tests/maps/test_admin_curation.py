"""Policies in the admin: who may publish, refused concurrent saves, history and revert."""

import re

import pytest

from core.publishing import Status
from maps.models import Policy

from ..factories import PolicyFactory
from ..resources.staff import staff_member

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/maps/policy/"


def _form(policy, **changes):
    data = {
        "policy_map": policy.policy_map_id,
        "jurisdiction": policy.jurisdiction_id,
        "category": policy.category_id,
        "status": policy.status,
        "effective_date": policy.effective_date.isoformat(),
        "summary_en": policy.summary,
        "source_title_en": policy.source_title,
        "source_url": policy.source_url,
        "loaded_updated": policy.updated.isoformat(),
    }
    data.update(
        {f"{k}_en" if k in ("summary", "source_title") else k: v for k, v in changes.items()}
    )
    return data


@pytest.mark.parametrize(("role", "may"), [("Map editor", True), ("Administrator", True)])
def test_map_editors_publish_and_unpublish_policies(client, role, may):
    client.force_login(staff_member(role))
    draft = PolicyFactory(status=Status.REVIEW)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.status == Status.PUBLISHED) is may
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.UNPUBLISHED


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_library_roles_cannot_touch_policies(client, role):
    client.force_login(staff_member(role))
    policy = PolicyFactory(status=Status.REVIEW)
    assert client.get(CHANGELIST).status_code == 403
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [policy.pk]})
    policy.refresh_from_db()
    assert policy.status == Status.REVIEW


def test_map_editor_without_publish_permission_sees_no_publish_action(client):
    from django.contrib.auth.models import Permission

    user = staff_member("Map editor")
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_policy", "change_policy"])
    )
    client.force_login(user)
    page = client.get(CHANGELIST).content.decode()
    assert 'value="publish"' not in page
    policy = PolicyFactory(status=Status.REVIEW)
    response = client.post(f"{CHANGELIST}{policy.pk}/change/", _form(policy, status="published"))
    assert "Select a valid choice" in response.content.decode()


def test_second_policy_save_is_refused_with_the_difference(client):
    policy = PolicyFactory(summary="Honours no detainers.")
    url = f"{CHANGELIST}{policy.pk}/change/"
    first = _form(policy, summary="Honours no detainers since 2019.")
    second = _form(policy, source_title="Sheriff's memo")
    client.force_login(staff_member("Map editor", username="maria"))
    assert client.post(url, first).status_code == 302
    client.force_login(staff_member("Map editor", username="james"))
    response = client.post(url, second)
    page = response.content.decode()
    assert "Someone else saved this record" in page
    assert "now “Honours no detainers since 2019.”" in page
    policy.refresh_from_db()
    assert policy.summary == "Honours no detainers since 2019."
    assert policy.source_title == "Ordinance"


def test_policy_history_lists_the_change_and_revert_restores_it(client):
    policy = PolicyFactory(summary="Original summary.")
    url = f"{CHANGELIST}{policy.pk}/change/"
    client.force_login(staff_member("Map editor", username="maria"))
    client.post(url, _form(policy, summary="Edited summary."))
    history = client.get(f"{CHANGELIST}{policy.pk}/history/").content.decode()
    assert "maria" in history and "Original summary." in history and "Edited summary." in history
    first = policy.history.earliest()
    revert_url = f"{CHANGELIST}{policy.pk}/history/{first.history_id}/"
    policy.refresh_from_db()
    revert_page = client.get(revert_url)
    assert revert_page.status_code == 200
    client.post(
        revert_url,
        _form(
            first.instance, summary="Original summary.", loaded_updated=policy.updated.isoformat()
        ),
    )
    assert Policy.objects.get(pk=policy.pk).summary == "Original summary."


IMPORT = f"{CHANGELIST}import/"
POLICY_CSV = (
    "jurisdiction,category,effective_date,summary,source_title,source_url\n"
    "48201,hold-policy,2019-03-01,Honours some holds.,Sheriff's memo,https://example.org/harris\n"
)


@pytest.fixture
def detainer_map(texas_with_counties):
    from ..factories import MapCategoryFactory, PolicyMapFactory

    policy_map = PolicyMapFactory(slug="detainer-policies", level="county")
    MapCategoryFactory(policy_map=policy_map, slug="hold-policy", label="ICE hold policy")
    return policy_map


def _upload(client, policy_map, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        IMPORT,
        {"policy_map": policy_map.pk, "file": SimpleUploadedFile("p.csv", text.encode())},
    )


def test_policy_import_preview_then_confirm(client, detainer_map):
    client.force_login(staff_member("Map editor"))
    assert "Import CSV/XLSX" in client.get(CHANGELIST).content.decode()
    response = _upload(client, detainer_map, POLICY_CSV)
    assert "1 new, 0 changed" in response.content.decode()
    assert not Policy.objects.exists()
    response = client.post(IMPORT, {"token": response.context["token"]}, follow=True)
    assert "Imported: 1 new" in response.content.decode()
    assert Policy.objects.get().jurisdiction.geoid == "48201"


def test_policy_import_with_an_error_saves_nothing(client, detainer_map):
    client.force_login(staff_member("Map editor"))
    bad = POLICY_CSV + "99999,hold-policy,2019-03-01,x,memo,https://example.org/x\n"
    response = _upload(client, detainer_map, bad)
    page = response.content.decode()
    assert "Nothing will be saved" in page
    assert "Confirm import" not in page
    assert not Policy.objects.exists()


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_library_roles_cannot_import_policies(client, detainer_map, role):
    client.force_login(staff_member(role))
    assert client.get(IMPORT).status_code == 403
    assert _upload(client, detainer_map, POLICY_CSV).status_code == 403
    assert not Policy.objects.exists()


def test_policy_export_action_is_offered(client):
    PolicyFactory()
    client.force_login(staff_member("Map editor"))
    assert 'value="export_admin_action"' in client.get(CHANGELIST).content.decode()


@pytest.mark.parametrize(("role", "may"), [("Map editor", True), ("Editor", False)])
def test_jurisdictions_and_maps_are_for_map_editors(client, texas, role, may):
    client.force_login(staff_member(role))
    for url in ["/admin/jurisdictions/jurisdiction/", "/admin/maps/policymap/"]:
        assert (client.get(url).status_code == 200) is may
    history = client.get(f"/admin/jurisdictions/jurisdiction/{texas.pk}/history/")
    assert (history.status_code == 200) is may


def test_jurisdiction_history_shows_the_changed_field(client, texas):
    texas.name = "State of Texas"
    texas.save()
    client.force_login(staff_member("Map editor"))
    page = client.get(f"/admin/jurisdictions/jurisdiction/{texas.pk}/history/").content.decode()
    diff = " ".join(page.split())
    assert "<strong>Name:</strong> Texas &nbsp;&rarr;&nbsp;&nbsp;State of Texas" in diff


def test_the_policy_list_and_form_say_when_spanish_text_is_missing(client):
    untranslated = PolicyFactory(summary="Honours some detainers.")
    PolicyFactory(
        summary="Honours no detainers.",
        summary_es="No acata ninguna orden.",
        source_title_es="Ordenanza",
    )
    client.force_login(staff_member("Map editor"))
    page = client.get(CHANGELIST).content.decode()
    assert "Spanish text" in page
    untranslated_cell, translated_cell = re.findall(r'field-spanish_text">([^<]*)', page)
    # The missing fields are named in no set order.
    assert untranslated_cell.startswith("Missing: ")
    assert set(untranslated_cell.removeprefix("Missing: ").split(", ")) == {
        "summary",
        "source title",
    }
    assert translated_cell == "Complete"
    response = client.post(
        f"{CHANGELIST}{untranslated.pk}/change/",
        _form(untranslated, summary_es="Acata algunas órdenes."),
        follow=True,
    )
    assert "has no Spanish text for: source title" in response.content.decode()
