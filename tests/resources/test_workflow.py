"""Scheduled publishing, staff preview of drafts, and the publish_scheduled command."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from core.publishing import Status
from maps.cache import map_version
from resources.models import Resource

from ..factories import PolicyFactory, ResourceFactory
from .staff import staff_member

pytestmark = pytest.mark.django_db

NINE_AM = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def test_scheduled_publication_goes_public_at_its_time_without_anyone_acting(client):
    with time_machine.travel(NINE_AM - datetime.timedelta(hours=1), tick=False):
        advisory = ResourceFactory(
            title="Texas SB 4 advisory", status=Status.PUBLISHED, publish_at=NINE_AM
        )
        assert client.get(advisory.get_absolute_url()).status_code == 404
        assert "Texas SB 4 advisory" not in client.get("/resources/").content.decode()
    with time_machine.travel(NINE_AM + datetime.timedelta(minutes=1), tick=False):
        assert client.get(advisory.get_absolute_url()).status_code == 200
        assert "Texas SB 4 advisory" in client.get("/resources/").content.decode()


def test_draft_is_hidden_from_the_public(client):
    draft = ResourceFactory(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED])
def test_staff_preview_a_non_public_item_with_a_banner_and_noindex(client, status):
    item = ResourceFactory(title="DACA renewal guide", status=status)
    client.force_login(staff_member("Editor"))
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "DACA renewal guide" in page
    assert "Draft — not public." in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_published_item_has_no_banner_for_staff(client):
    item = ResourceFactory(status=Status.PUBLISHED)
    client.force_login(staff_member("Editor"))
    response = client.get(item.get_absolute_url())
    assert "Draft — not public." not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_staff_without_view_permission_get_404_for_drafts(client):
    client.force_login(staff_member("Map editor"))
    assert client.get(ResourceFactory(status=Status.DRAFT).get_absolute_url()).status_code == 404


def test_publish_scheduled_refreshes_the_map_of_a_policy_that_became_public(
    django_capture_on_commit_callbacks,
):
    cache.clear()
    with time_machine.travel(NINE_AM - datetime.timedelta(hours=1), tick=False):
        policy = PolicyFactory(status=Status.PUBLISHED, publish_at=NINE_AM)
        other = PolicyFactory(status=Status.PUBLISHED, publish_at=None)
        call_command("publish_scheduled", stdout=StringIO())
        before = map_version(policy.policy_map_id)
        other_before = map_version(other.policy_map_id)
    with time_machine.travel(NINE_AM + datetime.timedelta(minutes=5), tick=False):
        ResourceFactory(status=Status.PUBLISHED, publish_at=NINE_AM)
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled", stdout=out)
        assert map_version(policy.policy_map_id) != before
        assert map_version(other.policy_map_id) == other_before
        assert "1 publication(s) and 1 polic" in out.getvalue()
        # A second run finds nothing new.
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
        assert "0 publication(s) and 0 polic" in out.getvalue()


def test_publish_scheduled_rejects_a_bad_since():
    err = StringIO()
    call_command("publish_scheduled", since="yesterday", stderr=err, stdout=StringIO())
    assert "not a date-time" in err.getvalue()
    assert Resource.objects.count() == 0
