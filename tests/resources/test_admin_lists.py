"""The admin lists tell scheduled items from published ones and find what waits for someone."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.publishing import Status
from resources.models import PendingRevision

from ..factories import PolicyFactory, ResourceFactory
from .staff import staff_member
from .test_roles import CHANGELIST

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(days=3)


@pytest.fixture
def catalog():
    return {
        "draft": ResourceFactory(title="A draft", status=Status.DRAFT),
        "review": ResourceFactory(title="In review now", status=Status.REVIEW),
        "scheduled": ResourceFactory(title="Out on Thursday", publish_at=LATER),
        "live": ResourceFactory(title="Live already"),
    }


def _titles(client, query: str) -> set[str]:
    response = client.get(f"{CHANGELIST}?{query}")
    return {obj.title for obj in response.context["cl"].result_list}


def test_list_says_scheduled_for_when_not_published(client, catalog):
    client.force_login(staff_member("Publisher"))
    page = client.get(CHANGELIST).content.decode()
    when = timezone.localtime(LATER).strftime("%m/%d/%Y")
    assert f"Scheduled for {when}" in page
    rows = {row.split("</th>")[0]: row for row in page.split('<th class="field-title">')[1:]}
    live_row = next(row for title, row in rows.items() if "Live already" in title)
    assert "Published" in live_row and "Scheduled" not in live_row


@pytest.mark.parametrize(
    ("workflow", "expected"),
    [
        ("draft", {"A draft"}),
        ("review", {"In review now"}),
        ("scheduled", {"Out on Thursday"}),
        ("live", {"Live already"}),
    ],
)
def test_workflow_filter_finds_what_waits(client, catalog, workflow, expected):
    client.force_login(staff_member("Publisher"))
    assert _titles(client, f"workflow={workflow}") == expected


def test_edits_awaiting_review_are_flagged_and_filtered(client, catalog):
    PendingRevision.objects.create(resource=catalog["live"], changes={"title": "Live, edited"})
    client.force_login(staff_member("Publisher"))
    assert _titles(client, "pending=yes") == {"Live already"}
    assert "Published · edit awaiting review" in client.get(CHANGELIST).content.decode()


def test_list_queries_do_not_grow_with_rows(client, catalog):
    client.force_login(staff_member("Publisher"))
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for n in range(10):
        ResourceFactory(title=f"More {n}", publish_at=LATER)
    with CaptureQueriesContext(connection) as many:
        client.get(CHANGELIST)
    assert len(many) == len(few)


def test_policy_list_says_scheduled(client):
    PolicyFactory(publish_at=LATER)
    client.force_login(staff_member("Map editor"))
    page = client.get("/admin/maps/policy/?workflow=scheduled").content.decode()
    assert "Scheduled for" in page
