"""Staff tasks done in the admin the way staff do them: headless Chromium against the live
server, which runs in autocommit like production (no test transaction hides a missing one).

Each task counts the clicks and the screens (page loads) it took and leaves a screenshot;
the counts are written to test-artifacts/staff-tasks.json for the report on admin effort.
"""

import json

import pytest
from playwright.sync_api import expect

from resources.models import Resource, Status
from tests.factories import ResourceFactory
from tests.resources.staff import staff_member

from .conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TASKS = ARTIFACTS / "staff-tasks.json"


class Task:
    """A staff task: counts clicks and screens, ends with a screenshot and a line in TASKS."""

    def __init__(self, page, name: str):
        self.page, self.name = page, name
        self.clicks = 0
        self.screens = 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.screens += 1

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def done(self) -> None:
        path = screenshot(self.page, f"staff-{self.name}")
        TASKS.parent.mkdir(parents=True, exist_ok=True)
        tasks = json.loads(TASKS.read_text()) if TASKS.exists() else {}
        tasks[self.name] = {
            "clicks": self.clicks,
            "screens": self.screens,
            "screenshot": str(path.relative_to(ARTIFACTS.parent)),
        }
        TASKS.write_text(json.dumps(tasks, indent=2, sort_keys=True))


def log_in(page, role: str, username: str):
    staff_member(role, username=username)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(username)


def test_publisher_reverts_a_publication(page):
    advisory = ResourceFactory(title="Bond hearings", status=Status.PUBLISHED)
    advisory.title = "Bond hearings (mistaken rewrite)"
    advisory.save()
    log_in(page, "Publisher", "maria")
    task = Task(page, "revert-a-publication")
    page.goto(f"/admin/resources/resource/{advisory.pk}/change/")
    task.click(page.get_by_role("link", name="History"))
    # Newest first: the oldest version is the last link.
    task.click(page.locator('#change-history a[href*="/history/"]').last)
    expect(page.get_by_label("Title:")).to_have_value("Bond hearings")
    task.click(page.get_by_role("button", name="Revert"))
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert Resource.objects.get(pk=advisory.pk).title == "Bond hearings"
    task.done()
