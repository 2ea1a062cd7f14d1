"""Who may do what in the publication admin: Editor, Publisher, Map editor, Administrator."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from core.publishing import Status
from resources.models import Resource

from ..factories import ResourceFactory
from .staff import staff_member

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/resources/resource/"
ROLES = ["Editor", "Publisher", "Map editor", "Administrator"]


def test_migration_creates_the_four_roles_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    editor = {p.codename for p in Group.objects.get(name="Editor").permissions.all()}
    assert {"add_resource", "change_resource", "view_resource", "add_topic"} <= editor
    assert "publish_resource" not in editor
    assert "delete_resource" not in editor
    publisher = {p.codename for p in Group.objects.get(name="Publisher").permissions.all()}
    assert editor | {"publish_resource"} <= publisher
    map_editor = {p.codename for p in Group.objects.get(name="Map editor").permissions.all()}
    assert {"change_policy", "publish_policy", "change_jurisdiction"} <= map_editor
    assert "change_resource" not in map_editor


def _action(client, action, *resources):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in resources]},
        follow=True,
    )


@pytest.mark.parametrize(
    ("role", "may_publish"),
    [("Editor", False), ("Publisher", True), ("Administrator", True)],
)
def test_publish_and_unpublish_bulk_actions_only_for_publishers(client, role, may_publish):
    client.force_login(staff_member(role))
    draft = ResourceFactory(title="Detainers advisory", status=Status.REVIEW)
    live = ResourceFactory(title="287(g) explainer", status=Status.PUBLISHED)

    offered = client.get(CHANGELIST).content.decode()
    assert ('value="publish"' in offered) is may_publish
    assert ('value="unpublish"' in offered) is may_publish
    assert 'value="submit_for_review"' in offered

    _action(client, "publish", draft)
    _action(client, "unpublish", live)
    draft.refresh_from_db()
    live.refresh_from_db()
    if may_publish:
        assert draft.status == Status.PUBLISHED
        assert live.status == Status.UNPUBLISHED
    else:
        assert draft.status == Status.REVIEW
        assert live.status == Status.PUBLISHED


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_submit_for_review_moves_only_drafts(client, role):
    client.force_login(staff_member(role))
    draft = ResourceFactory(status=Status.DRAFT)
    live = ResourceFactory(status=Status.PUBLISHED)
    response = _action(client, "submit_for_review", draft, live)
    assert "1 publication submitted for review." in response.content.decode()
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert live.status == Status.PUBLISHED


def test_map_editor_cannot_open_publications(client):
    client.force_login(staff_member("Map editor"))
    assert client.get(CHANGELIST).status_code == 403
    assert _action(client, "publish", ResourceFactory(status=Status.DRAFT)).status_code == 403


def test_staff_without_role_sees_no_publications(client):
    client.force_login(staff_member(None))
    assert client.get(CHANGELIST).status_code == 403


def _edit_form(resource, **changes):
    data = {
        "title": resource.title,
        "slug": resource.slug,
        "resource_type": resource.resource_type_id,
        "status": resource.status,
        "publication_date": resource.publication_date.isoformat(),
        "summary": resource.summary,
        "language": resource.language,
        "loaded_updated": resource.updated.isoformat(),
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_editor_status_choices_are_draft_and_review(client):
    client.force_login(staff_member("Editor"))
    draft = ResourceFactory(status=Status.DRAFT)
    page = client.get(f"{CHANGELIST}{draft.pk}/change/").content.decode()
    assert 'value="review"' in page
    assert 'value="published"' not in page
    # publish_at is shown, not editable: scheduling is publishing.
    assert 'name="publish_at' not in page


def test_editor_cannot_publish_through_the_form(client):
    client.force_login(staff_member("Editor"))
    draft = ResourceFactory(status=Status.DRAFT, title="Bond hearings")
    response = client.post(
        f"{CHANGELIST}{draft.pk}/change/", _edit_form(draft, status=Status.PUBLISHED)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_submits_for_review_through_the_form(client):
    client.force_login(staff_member("Editor"))
    draft = ResourceFactory(status=Status.DRAFT)
    response = client.post(f"{CHANGELIST}{draft.pk}/change/", _edit_form(draft, status="review"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW


def test_editor_edit_of_a_published_item_waits_for_review_and_keeps_it_published(client):
    client.force_login(staff_member("Editor"))
    live = ResourceFactory(status=Status.PUBLISHED, title="U visas")
    page = client.get(f"{CHANGELIST}{live.pk}/change/").content.decode()
    assert 'value="draft"' not in page  # back to draft would unpublish it
    refused = client.post(f"{CHANGELIST}{live.pk}/change/", _edit_form(live, status="draft"))
    assert "Select a valid choice" in refused.content.decode()
    response = client.post(
        f"{CHANGELIST}{live.pk}/change/", _edit_form(live, title="U visas (updated)")
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.title, live.status) == ("U visas", Status.PUBLISHED)
    assert live.pending_revision.changes == {"title": "U visas (updated)"}


def test_publisher_schedules_publication(client):
    client.force_login(staff_member("Publisher"))
    draft = ResourceFactory(status=Status.REVIEW)
    response = client.post(
        f"{CHANGELIST}{draft.pk}/change/",
        _edit_form(draft, status="published", publish_at_0="2030-01-02", publish_at_1="09:00:00"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.publish_at.year == 2030
    assert not Resource.objects.published().filter(pk=draft.pk).exists()


@pytest.mark.parametrize(("role", "may"), [("Editor", True), ("Map editor", False)])
def test_adding_a_publication(client, role, may):
    client.force_login(staff_member(role))
    assert (client.get(f"{CHANGELIST}add/").status_code == 200) is may


@pytest.mark.parametrize(("role", "may"), [("Editor", False), ("Publisher", True)])
def test_deleting_a_publication(client, role, may):
    client.force_login(staff_member(role))
    resource = ResourceFactory(deleted_at=timezone.now())
    assert (client.get(f"{CHANGELIST}{resource.pk}/delete/").status_code == 200) is may
