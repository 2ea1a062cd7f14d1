"""Editors and publishers, each action, each state: an Editor never changes what the public
sees. An Editor's edit or revert of a published (or scheduled) publication waits as a pending
revision until a publisher approves it; drafts and items in review are edited in place."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.publishing import Status
from resources.models import PendingRevision, Resource

from ..factories import ResourceFactory, TopicFactory
from .staff import staff_member
from .test_roles import CHANGELIST, _edit_form

pytestmark = pytest.mark.django_db

STATES = ["draft", "review", "scheduled", "published"]
LATER = timezone.now() + datetime.timedelta(days=3)


def _in_state(state: str) -> Resource:
    """A publication first saved as "Original", then retitled "Current", in the given state."""
    status = Status.PUBLISHED if state == "scheduled" else state
    publish_at = LATER if state == "scheduled" else None
    resource = ResourceFactory(title="Original", status=status, publish_at=publish_at)
    resource.title = "Current"
    resource.save()
    return resource


def _edit(client, resource):
    return client.post(f"{CHANGELIST}{resource.pk}/change/", _edit_form(resource, title="Edited"))


def _publish(client, resource):
    return client.post(CHANGELIST, {"action": "publish", "_selected_action": [resource.pk]})


def _schedule(client, resource):
    when = timezone.localtime(LATER + datetime.timedelta(days=7))
    data = _edit_form(
        resource, publish_at_0=when.date().isoformat(), publish_at_1=when.strftime("%H:%M:%S")
    )
    return client.post(f"{CHANGELIST}{resource.pk}/change/", data)


def _revert(client, resource):
    first = resource.history.earliest()
    data = _edit_form(first.instance, loaded_updated=resource.updated.isoformat())
    return client.post(f"{CHANGELIST}{resource.pk}/history/{first.history_id}/", data)


def _trash(client, resource):
    return client.post(CHANGELIST, {"action": "move_to_trash", "_selected_action": [resource.pk]})


ACTIONS = {
    "edit": _edit,
    "publish": _publish,
    "schedule": _schedule,
    "revert": _revert,
    "trash": _trash,
}


def _outcome(resource: Resource) -> str:
    """What happened, in the words of the matrix below."""
    stored = Resource.objects.get(pk=resource.pk)
    if stored.deleted_at is not None:
        return "trashed"
    if PendingRevision.objects.filter(resource=stored).exists():
        return "pending"
    if stored.title != resource.title:
        return "applied"
    if stored.status != resource.status:
        return stored.status
    if stored.publish_at != resource.publish_at:
        return "scheduled"
    return "unchanged"


# (role, action) -> outcome per state: draft, review, scheduled, published.
EXPECTED = {
    ("Editor", "edit"): ["applied", "applied", "pending", "pending"],
    ("Editor", "publish"): ["unchanged"] * 4,
    ("Editor", "schedule"): ["unchanged"] * 4,
    ("Editor", "revert"): ["applied", "applied", "pending", "pending"],
    ("Editor", "trash"): ["unchanged"] * 4,
    ("Publisher", "edit"): ["applied"] * 4,
    ("Publisher", "publish"): ["published", "published", "unchanged", "unchanged"],
    ("Publisher", "schedule"): ["scheduled"] * 4,
    ("Publisher", "revert"): ["applied"] * 4,
    ("Publisher", "trash"): ["trashed"] * 4,
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_role_action_state(client, role, action, state):
    client.force_login(staff_member(role))
    resource = _in_state(state)
    ACTIONS[action](client, resource)
    assert _outcome(resource) == EXPECTED[(role, action)][STATES.index(state)]


def test_the_public_keeps_the_published_text_until_a_publisher_approves(client):
    topic = TopicFactory(name="U visas")
    live = ResourceFactory(title="U visas", summary="Published summary.")
    visitor = Client()
    client.force_login(staff_member("Editor", username="james"))
    edit = _edit_form(live, summary="Editor's new summary.", topics=[topic.pk])
    response = client.post(f"{CHANGELIST}{live.pk}/change/", edit, follow=True)
    assert "awaits a publisher" in response.content.decode()
    assert "Published summary." in visitor.get(live.get_absolute_url()).text
    assert not Resource.objects.get(pk=live.pk).topics.exists()

    # The editor reopens the form and sees their edit, not the published text.
    form = client.get(f"{CHANGELIST}{live.pk}/change/").content.decode()
    assert "Editor&#x27;s new summary." in form or "Editor's new summary." in form

    client.force_login(staff_member("Publisher", username="maria"))
    review_url = f"{CHANGELIST}{live.pk}/revision/"
    assert "Review the edit" in client.get(f"{CHANGELIST}{live.pk}/change/").text
    review = client.get(review_url).content.decode()
    assert "Published summary." in review and "Editor&#x27;s new summary." in review
    client.post(review_url, {"approve": "1"})
    stored = Resource.objects.get(pk=live.pk)
    assert stored.summary == "Editor's new summary."
    assert list(stored.topics.all()) == [topic]
    assert "Editor&#x27;s new summary." in visitor.get(live.get_absolute_url()).text
    version = stored.history.first()
    assert version.history_user.username == "maria"
    assert version.history_change_reason == "Approved edit by james"
    assert not PendingRevision.objects.exists()


def test_a_publisher_rejects_an_edit_and_the_published_text_stays(client):
    live = ResourceFactory(title="U visas")
    client.force_login(staff_member("Editor"))
    client.post(f"{CHANGELIST}{live.pk}/change/", _edit_form(live, title="U-visas!!"))
    client.force_login(staff_member("Publisher"))
    client.post(f"{CHANGELIST}{live.pk}/revision/", {"reject": "1"})
    assert Resource.objects.get(pk=live.pk).title == "U visas"
    assert not PendingRevision.objects.exists()


def test_an_editor_cannot_approve_their_own_edit(client):
    live = ResourceFactory(title="U visas")
    client.force_login(staff_member("Editor"))
    client.post(f"{CHANGELIST}{live.pk}/change/", _edit_form(live, title="U-visas!!"))
    page = client.get(f"{CHANGELIST}{live.pk}/revision/").content.decode()
    assert "A publisher approves or rejects this edit." in page
    assert client.post(f"{CHANGELIST}{live.pk}/revision/", {"approve": "1"}).status_code == 403
    assert Resource.objects.get(pk=live.pk).title == "U visas"


def test_editor_sees_no_file_controls_on_a_published_publication(client):
    live = ResourceFactory()
    draft = ResourceFactory(status=Status.DRAFT)
    client.force_login(staff_member("Editor"))
    assert 'name="files-0-file"' not in client.get(f"{CHANGELIST}{live.pk}/change/").text
    assert 'name="files-0-file"' in client.get(f"{CHANGELIST}{draft.pk}/change/").text


def test_a_trashed_publication_cannot_be_published_from_the_trash(client):
    from core.trash import trash_rows

    advisory = ResourceFactory()
    trash_rows(rows=Resource.objects.filter(pk=advisory.pk))
    client.force_login(staff_member("Publisher"))
    client.post(
        CHANGELIST + "?trash=yes", {"action": "publish", "_selected_action": [advisory.pk]}
    )
    advisory.refresh_from_db()
    assert advisory.status == Status.UNPUBLISHED and advisory.deleted_at is not None
    assert not Resource.objects.published().filter(pk=advisory.pk).exists()


def test_the_database_refuses_a_published_row_in_the_trash():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ResourceFactory(status=Status.PUBLISHED, deleted_at=timezone.now())
