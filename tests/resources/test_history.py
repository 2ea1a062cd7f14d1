"""History of a publication in the admin: who changed what, a field diff, revert."""

import pytest

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
