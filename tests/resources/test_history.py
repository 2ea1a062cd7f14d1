"""History of a publication in the admin: who changed what, a field diff, revert."""

import pytest
from django.test import Client

from ..factories import ResourceFactory
from .staff import staff_member
from .test_roles import CHANGELIST, _edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_twice(client):
    advisory = ResourceFactory(title="Bond hearings", summary="First summary.")
    url = f"{CHANGELIST}{advisory.pk}/change/"
    client.force_login(staff_member("Publisher", username="maria"))
    client.post(url, _edit_form(advisory, title="Bond hearings in 2026", summary="Second."))
    advisory.refresh_from_db()
    client.force_login(staff_member("Editor", username="james"))
    client.post(url, _edit_form(advisory, summary="Third."))
    advisory.refresh_from_db()
    return advisory


def test_history_shows_who_changed_which_field_from_what_to_what(client, edited_twice):
    client.force_login(staff_member("Administrator", is_superuser=True))
    page = client.get(f"{CHANGELIST}{edited_twice.pk}/history/").content.decode()
    assert "maria" in page and "james" in page
    assert "Bond hearings in 2026" in page
    assert "First summary." in page and "Second." in page and "Third." in page
    diff = " ".join(page.split())
    assert "<strong>Summary:</strong> Second. &nbsp;&rarr;&nbsp;&nbsp;Third." in diff
    assert (
        "<strong>Title:</strong> Bond hearings &nbsp;&rarr;&nbsp;&nbsp;Bond hearings in 2026"
        in diff
    )


def test_revert_restores_the_exact_earlier_values(client, edited_twice):
    first = edited_twice.history.earliest()
    client.force_login(staff_member("Publisher", username="ana"))
    url = f"{CHANGELIST}{edited_twice.pk}/history/{first.history_id}/"
    form = client.get(url)
    assert form.status_code == 200
    assert "First summary." in form.content.decode()
    page = form.content.decode()
    loaded = edited_twice.updated.isoformat()
    assert f'value="{loaded}"' in page
    data = _edit_form(first.instance, loaded_updated=loaded)
    assert client.post(url, data).status_code == 302
    edited_twice.refresh_from_db()
    assert edited_twice.title == "Bond hearings"
    assert edited_twice.summary == "First summary."
    latest = edited_twice.history.latest()
    assert latest.history_user.username == "ana"


def _action(client, action, *resources, trash=False, **extra):
    return client.post(
        CHANGELIST + ("?trash=yes" if trash else ""),
        {"action": action, "_selected_action": [r.pk for r in resources], **extra},
        follow=True,
    )


def test_deleting_moves_to_the_trash_and_restore_brings_it_back(client):
    from resources.models import Resource, Status

    advisory = ResourceFactory(title="Sheriffs and 287(g)")
    client.force_login(staff_member("Publisher"))
    # A live publication has no delete page: it goes to the trash first.
    assert client.get(f"{CHANGELIST}{advisory.pk}/delete/").status_code == 403
    page = _action(client, "move_to_trash", advisory).content.decode()
    assert "1 publication moved to the trash" in page
    assert "Sheriffs and 287(g)" not in client.get(CHANGELIST).content.decode()
    assert "Sheriffs and 287(g)" in client.get(f"{CHANGELIST}?trash=yes").content.decode()
    assert Client().get(advisory.get_absolute_url()).status_code == 404
    assert Resource.objects.filter(pk=advisory.pk).exists()

    _action(client, "restore", advisory, trash=True)
    advisory.refresh_from_db()
    assert advisory.deleted_at is None
    assert advisory.status == Status.UNPUBLISHED
    assert "Sheriffs and 287(g)" in client.get(CHANGELIST).content.decode()


def test_hard_delete_only_from_the_trash_after_a_confirmation_page(client):
    from resources.models import Resource

    advisory = ResourceFactory(title="Old flyer")
    client.force_login(staff_member("Publisher"))
    _action(client, "move_to_trash", advisory)
    delete_url = f"{CHANGELIST}{advisory.pk}/delete/"
    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert "Are you sure" in confirm.content.decode()
    assert Resource.objects.filter(pk=advisory.pk).exists()
    client.post(delete_url, {"post": "yes"})
    assert not Resource.objects.filter(pk=advisory.pk).exists()


def test_bulk_delete_of_live_items_moves_them_to_the_trash(client):
    from resources.models import Resource

    live = ResourceFactory(title="Live one")
    client.force_login(staff_member("Publisher"))
    page = _action(client, "delete_selected", live, post="yes").content.decode()
    assert "1 publication moved to the trash" in page
    assert Resource.objects.get(pk=live.pk).deleted_at is not None
    # From the trash, the same action asks for confirmation, then deletes for good.
    confirm = _action(client, "delete_selected", live, trash=True).content.decode()
    assert "Are you sure" in confirm
    assert Resource.objects.filter(pk=live.pk).exists()
    _action(client, "delete_selected", live, trash=True, post="yes")
    assert not Resource.objects.filter(pk=live.pk).exists()


def test_editor_cannot_trash(client):
    advisory = ResourceFactory()
    client.force_login(staff_member("Editor"))
    assert 'value="move_to_trash"' not in client.get(CHANGELIST).content.decode()
    _action(client, "move_to_trash", advisory)
    advisory.refresh_from_db()
    assert advisory.deleted_at is None


def test_editor_cannot_unpublish_by_reverting_to_a_draft_version(client):
    from resources.models import Status

    advisory = ResourceFactory(title="Know your rights", status=Status.DRAFT)
    client.force_login(staff_member("Publisher", username="maria"))
    _action(client, "publish", advisory)
    advisory.refresh_from_db()
    draft_version = advisory.history.earliest()
    client.force_login(staff_member("Editor", username="james"))
    url = f"{CHANGELIST}{advisory.pk}/history/{draft_version.history_id}/"
    response = client.post(
        url, _edit_form(draft_version.instance, loaded_updated=advisory.updated.isoformat())
    )
    assert "Select a valid choice" in response.content.decode()
    advisory.refresh_from_db()
    assert advisory.status == Status.PUBLISHED


def test_editor_revert_keeps_the_current_schedule(client):
    import datetime

    from django.utils import timezone

    advisory = ResourceFactory(status="review", publish_at=None, summary="Old.")
    version = advisory.history.earliest()
    advisory.publish_at = timezone.now() + datetime.timedelta(days=3)
    advisory.summary = "New."
    advisory.save()
    client.force_login(staff_member("Editor"))
    url = f"{CHANGELIST}{advisory.pk}/history/{version.history_id}/"
    client.post(url, _edit_form(version.instance, loaded_updated=advisory.updated.isoformat()))
    reverted = type(advisory).objects.get(pk=advisory.pk)
    assert reverted.summary == "Old."
    assert reverted.publish_at == advisory.publish_at
