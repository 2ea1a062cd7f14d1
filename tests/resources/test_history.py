"""History of a publication in the admin: who changed what, a field diff, revert."""

import pytest
from django.test import Client

from ..factories import ResourceFactory
from .staff import staff_member
from .test_roles import CHANGELIST, _edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_twice(client):
    # In review: an editor's edit of a published item would wait for a publisher instead.
    advisory = ResourceFactory(title="Bond hearings", summary="First summary.", status="review")
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
    assert "<strong>Summary:</strong> Second. → Third." in diff
    assert "<strong>Title:</strong> Bond hearings → Bond hearings in 2026" in diff


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
    from core.publishing import Status
    from resources.models import Resource

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
    from core.publishing import Status

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


@pytest.fixture
def relinked(client, texas, california):
    """An advisory whose topics, co-authors, projects and places a publisher then replaced."""
    from resources.models import Project

    from ..factories import OrganizationFactory, TopicFactory

    detainers, daca, u_visas = (TopicFactory(name=n) for n in ("Detainers", "DACA", "U visas"))
    aclu, nilc = OrganizationFactory(name="ACLU of Texas"), OrganizationFactory(name="NILC")
    network = Project.objects.create(name="Crim-imm network", slug="crim-imm-network")
    advisory = ResourceFactory(title="Detainers in Texas", topics=[detainers, daca])
    advisory.coauthors.set([aclu])
    advisory.projects.set([network])
    advisory.jurisdictions.set([texas])
    before = advisory.history.first()
    client.force_login(staff_member("Publisher", username="maria"))
    edit = _edit_form(
        advisory, topics=[u_visas.pk], coauthors=[nilc.pk], jurisdictions=[california.pk]
    )
    assert client.post(f"{CHANGELIST}{advisory.pk}/change/", edit).status_code == 302
    advisory.refresh_from_db()
    assert set(advisory.topics.all()) == {u_visas}
    assert not advisory.projects.exists()
    advisory.before = before
    advisory.links_before = {
        "topics": {detainers, daca},
        "coauthors": {aclu},
        "projects": {network},
        "jurisdictions": {texas},
    }
    return advisory


def _links(resource):
    return {name: set(getattr(resource, name).all()) for name in _LINK_FIELDS}


_LINK_FIELDS = ("topics", "coauthors", "projects", "jurisdictions")


def _revert_form_data(response) -> dict:
    """What the revert form submits as shown: its initial values, including the links."""
    form = response.context["adminform"].form
    data = _edit_form(form.instance, loaded_updated=form["loaded_updated"].value())
    for name in _LINK_FIELDS:
        data[name] = [getattr(value, "pk", value) for value in form.initial[name]]
    return data


def test_one_version_per_admin_save_holding_the_links_as_saved(relinked):
    latest = relinked.history.first()
    assert latest.prev_record.history_id == relinked.before.history_id
    assert {link.topic.name for link in latest.topics.all()} == {"U visas"}
    assert {link.topic.name for link in relinked.before.topics.all()} == {"Detainers", "DACA"}


def test_history_diff_shows_the_changed_links(client, relinked):
    client.force_login(staff_member("Administrator", is_superuser=True))
    page = " ".join(client.get(f"{CHANGELIST}{relinked.pk}/history/").content.decode().split())
    assert "<strong>Topics:</strong>" in page
    assert "<strong>Co-authors:</strong>" in page
    assert "<strong>Projects:</strong>" in page
    assert "<strong>Jurisdictions:</strong>" in page
    assert "DACA" in page and "U visas" in page and "NILC" in page


def test_revert_restores_the_exact_earlier_links(client, relinked):
    url = f"{CHANGELIST}{relinked.pk}/history/{relinked.before.history_id}/"
    client.force_login(staff_member("Publisher", username="james"))
    form = client.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    # The form offers the version's links, not today's.
    assert "DACA" in page and "ACLU of Texas" in page and "Crim-imm network" in page
    assert client.post(url, _revert_form_data(form)).status_code == 302
    relinked.refresh_from_db()
    assert _links(relinked) == relinked.links_before
    reverted = relinked.history.first()
    assert reverted.history_user.username == "james"
    assert {link.topic.name for link in reverted.topics.all()} == {"Detainers", "DACA"}


def test_revert_keeps_the_topic_counts_of_the_library_exact(client, relinked):
    from resources.models import Topic
    from resources.selectors import catalog_totals

    def topic_counts():
        by_topic = catalog_totals()[1]
        return {name: by_topic.get(pk, 0) for pk, name in Topic.objects.values_list("pk", "name")}

    assert topic_counts() == {"DACA": 0, "Detainers": 0, "U visas": 1}
    url = f"{CHANGELIST}{relinked.pk}/history/{relinked.before.history_id}/"
    client.force_login(staff_member("Publisher", username="ana"))
    client.post(url, _revert_form_data(client.get(url)))
    assert topic_counts() == {"DACA": 1, "Detainers": 1, "U visas": 0}


@pytest.mark.parametrize("role", ["Map editor", None])
def test_roles_without_publication_rights_cannot_revert_links(client, relinked, role):
    url = f"{CHANGELIST}{relinked.pk}/history/{relinked.before.history_id}/"
    client.force_login(staff_member("Publisher", username="ana"))
    data = _revert_form_data(client.get(url))
    client.force_login(staff_member(role))
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    relinked.refresh_from_db()
    assert {t.name for t in relinked.topics.all()} == {"U visas"}


def test_import_versions_hold_the_imported_links(tmp_path):
    from django.core.management import call_command

    from resources.models import Resource

    header = "title,type,publication_date,summary,topics\n"
    path = tmp_path / "items.csv"
    path.write_text(header + "Bond hearings,practice-advisory,2020-01-21,x,Detainers;DACA\n")
    call_command("import_resources", str(path))
    path.write_text(header + "Bond hearings,practice-advisory,2020-01-21,x,U visas\n")
    call_command("import_resources", str(path))
    advisory = Resource.objects.get(slug="bond-hearings")
    first, second = advisory.history.order_by("history_date", "history_id")
    assert {link.topic.name for link in first.topics.all()} == {"Detainers", "DACA"}
    assert {link.topic.name for link in second.topics.all()} == {"U visas"}


def test_a_publication_added_in_the_admin_has_one_version_with_its_links(client):
    from resources.models import Resource

    from ..factories import TopicFactory

    detainers = TopicFactory(name="Detainers")
    client.force_login(staff_member("Editor"))
    new = ResourceFactory.build(title="Know your rights", slug="know-your-rights", status="draft")
    new.updated = new.publication_date  # the form of a new publication carries no time
    data = _edit_form(new, loaded_updated="", topics=[detainers.pk])
    assert client.post(f"{CHANGELIST}add/", data).status_code == 302
    added = Resource.objects.get(slug="know-your-rights")
    assert added.history.count() == 1
    assert [link.topic for link in added.history.get().topics.all()] == [detainers]
