"""Admin flows that lock rows or wait for a commit, tested the way the server runs them: in
autocommit, not inside the transaction pytest-django wraps around a test. The revert form
answered 500 (select_for_update outside a transaction) while the wrapped tests passed."""

import datetime

import pytest
from django.test import override_settings

from core.publishing import Status
from maps.models import Policy
from resources.models import Resource

from ..factories import MapCategoryFactory, PolicyFactory, ResourceFactory
from ..maps.test_admin_curation import _form as _policy_form
from .staff import staff_member
from .test_roles import CHANGELIST, _edit_form

pytestmark = pytest.mark.django_db(transaction=True)

POLICIES = "/admin/maps/policy/"


def test_publisher_reverts_a_publication(client):
    advisory = ResourceFactory(title="Bond hearings", status=Status.PUBLISHED)
    first = advisory.history.earliest()
    advisory.title = "Bond hearings (draft rewrite)"
    advisory.save()
    client.force_login(staff_member("Publisher"))
    url = f"{CHANGELIST}{advisory.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_form(first.instance, loaded_updated=_updated(advisory)))
    assert response.status_code == 302
    assert Resource.objects.get(pk=advisory.pk).title == "Bond hearings"


def test_a_stale_revert_is_refused_not_a_server_error(client):
    advisory = ResourceFactory(title="Bond hearings")
    first = advisory.history.earliest()
    stale = _updated(advisory)
    advisory.title = "Changed meanwhile"
    advisory.save()
    client.force_login(staff_member("Publisher"))
    url = f"{CHANGELIST}{advisory.pk}/history/{first.history_id}/"
    response = client.post(url, _edit_form(first.instance, loaded_updated=stale))
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert Resource.objects.get(pk=advisory.pk).title == "Changed meanwhile"


def test_map_editor_reverts_a_policy(client):
    policy = PolicyFactory(summary="Original summary.")
    first = policy.history.earliest()
    policy.summary = "Edited summary."
    policy.save()
    client.force_login(staff_member("Map editor"))
    url = f"{POLICIES}{policy.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200
    form = _policy_form(first.instance, loaded_updated=_updated(policy))
    assert client.post(url, form).status_code == 302
    assert Policy.objects.get(pk=policy.pk).summary == "Original summary."


def test_reverting_a_policy_brings_back_its_english_and_spanish_texts(client):
    policy = PolicyFactory(
        summary="The jail honours some detainers.",
        summary_es="La cárcel acata algunas órdenes de detención.",
        source_title="Sheriff's memo",
        source_title_es="Memorando del sheriff",
    )
    first = policy.history.earliest()
    policy.summary_en = "The jail honours every detainer."
    policy.summary_es = ""
    policy.source_title_es = "Memorando nuevo del sheriff"
    policy.save()
    client.force_login(staff_member("Map editor"))
    url = f"{POLICIES}{policy.pk}/history/{first.history_id}/"
    page = client.get(url)
    # The revert form offers the version's texts in both languages, not today's.
    form = page.context["adminform"].form
    assert form.initial["summary_en"] == "The jail honours some detainers."
    assert form.initial["summary_es"] == "La cárcel acata algunas órdenes de detención."
    assert form.initial["source_title_es"] == "Memorando del sheriff"
    data = _policy_form(
        first.instance,
        loaded_updated=_updated(policy),
        summary_es=form.initial["summary_es"],
        source_title_es=form.initial["source_title_es"],
    )
    assert client.post(url, data).status_code == 302
    reverted = Policy.objects.get(pk=policy.pk)
    assert reverted.summary_en == "The jail honours some detainers."
    assert reverted.summary_es == "La cárcel acata algunas órdenes de detención."
    assert reverted.source_title_en == "Sheriff's memo"
    assert reverted.source_title_es == "Memorando del sheriff"
    # The revert is itself a version holding both languages.
    latest = reverted.history.latest()
    assert latest.summary_es == "La cárcel acata algunas órdenes de detención."
    assert latest.summary_en == "The jail honours some detainers."


def test_bulk_publish_trash_and_restore_run_in_autocommit(client):
    draft = ResourceFactory(status=Status.REVIEW)
    client.force_login(staff_member("Publisher"))
    for action, trash in [("publish", ""), ("move_to_trash", ""), ("restore", "?trash=yes")]:
        response = client.post(
            CHANGELIST + trash, {"action": action, "_selected_action": [draft.pk]}
        )
        assert response.status_code == 302, action
    draft.refresh_from_db()
    assert draft.deleted_at is None and draft.status == Status.UNPUBLISHED


def test_new_policy_ends_the_one_in_force_in_autocommit(client):
    old = PolicyFactory(effective_date=datetime.date(2019, 1, 1))
    other = MapCategoryFactory(policy_map=old.policy_map, slug="no-holds", label="No holds")
    client.force_login(staff_member("Map editor"))
    data = _policy_form(old, category=other.pk, effective_date="2024-07-01", end_previous="on")
    del data["loaded_updated"]
    assert client.post(f"{POLICIES}add/", data).status_code == 302
    old.refresh_from_db()
    assert old.end_date == datetime.date(2024, 6, 30)


@override_settings(PAGE_CACHE_SECONDS=300)
def test_a_revert_reaches_the_cached_public_page(client):
    """The page cache is made stale on commit: with no transaction around the revert, a
    visitor who had the page cached sees the reverted title at once."""
    from django.test import Client

    advisory = ResourceFactory(title="Bond hearings", status=Status.PUBLISHED)
    first = advisory.history.earliest()
    advisory.title = "Bond hearings, rewritten"
    advisory.save()
    visitor = Client()
    assert "Bond hearings, rewritten" in visitor.get(advisory.get_absolute_url()).text
    client.force_login(staff_member("Publisher"))
    url = f"{CHANGELIST}{advisory.pk}/history/{first.history_id}/"
    client.post(url, _edit_form(first.instance, loaded_updated=_updated(advisory)))
    page = visitor.get(advisory.get_absolute_url()).text
    assert "Bond hearings, rewritten" not in page


def _updated(record) -> str:
    return type(record).objects.get(pk=record.pk).updated.isoformat()
