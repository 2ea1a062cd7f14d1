"""Two staff members editing the same publication: the second save is refused, not lost."""

import pytest

from resources.models import Resource

from ..factories import ResourceFactory
from .staff import staff_member
from .test_roles import CHANGELIST, _edit_form

pytestmark = pytest.mark.django_db


def test_second_save_is_refused_with_what_changed_in_between(client):
    advisory = ResourceFactory(title="Detainers: a practice advisory")
    url = f"{CHANGELIST}{advisory.pk}/change/"
    # Both open the form and carry the same loaded time.
    maria_form = _edit_form(advisory, title="Detainers: practice advisory (2026)")
    james_form = _edit_form(advisory, summary="What a detainer is and is not.")

    client.force_login(staff_member("Publisher", username="maria"))
    assert client.post(url, maria_form).status_code == 302

    client.force_login(staff_member("Publisher", username="james"))
    response = client.post(url, james_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record" in page
    assert "Nothing was saved." in page
    # The field, their value and the current value.
    assert (
        "title: yours “Detainers: a practice advisory”, now “Detainers: practice advisory (2026)”"
        in page
    )
    advisory.refresh_from_db()
    assert advisory.title == "Detainers: practice advisory (2026)"
    assert advisory.summary == "A summary."

    # Saving again from the refused form is a deliberate overwrite and goes through.
    resubmitted = dict(james_form, loaded_updated=advisory.updated.isoformat())
    resubmitted["title"] = advisory.title
    assert client.post(url, resubmitted).status_code == 302
    advisory.refresh_from_db()
    assert advisory.summary == "What a detainer is and is not."
    assert advisory.title == "Detainers: practice advisory (2026)"


def test_a_bulk_publish_in_between_also_refuses_a_stale_form(client):
    draft = ResourceFactory(status="review", title="T visas")
    url = f"{CHANGELIST}{draft.pk}/change/"
    stale = _edit_form(draft, title="T visas for survivors")
    client.force_login(staff_member("Publisher"))
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "status: yours “review”, now “published”" in response.content.decode()
    assert Resource.objects.get(pk=draft.pk).title == "T visas"


def test_refused_form_carries_the_new_time_so_a_second_save_overwrites(client):
    advisory = ResourceFactory()
    url = f"{CHANGELIST}{advisory.pk}/change/"
    stale = _edit_form(advisory, title="Mine")
    Resource.objects.filter(pk=advisory.pk).update(title="Theirs")
    advisory.refresh_from_db()
    advisory.save()
    client.force_login(staff_member("Editor"))
    response = client.post(url, stale)
    advisory.refresh_from_db()
    assert f'value="{advisory.updated.isoformat()}"' in response.content.decode()
