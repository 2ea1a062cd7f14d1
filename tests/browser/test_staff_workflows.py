"""Staff tasks done in the admin the way staff do them: headless Chromium against the live
server, which runs in autocommit like production (no test transaction hides a missing one).

Each task counts the clicks and the screens (page loads) it took and leaves a screenshot;
the counts are written to test-artifacts/staff-tasks.json for the report on admin effort.
"""

import json

import pytest
from playwright.sync_api import expect

from core.publishing import Status
from resources.models import Resource
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

    def pick(self, locator, value=None, **by):
        """A choice from a drop-down list: one click (typing into fields is not counted)."""
        self.clicks += 1
        locator.select_option(value, **by)

    def upload(self, locator, path):
        """Choosing a file: one click on the file button (the file dialog is not counted)."""
        self.clicks += 1
        locator.set_input_files(str(path))

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


ADMIN = "/admin/resources/resource/"
POLICIES = "/admin/maps/policy/"


def bulk_action(task, page, pk: int, action: str):
    page.locator(f'input[name="_selected_action"][value="{pk}"]').check()
    task.clicks += 1
    task.pick(page.locator('select[name="action"]'), action)
    task.click(page.get_by_role("button", name="Go"))


def save(task, page):
    task.click(page.get_by_role("button", name="Save", exact=True))


def test_editor_adds_a_publication_with_a_file(page, tmp_path):
    pdf = tmp_path / "detainers-advisory.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    log_in(page, "Editor", "james")
    task = Task(page, "add-a-publication-with-a-file")
    page.goto(ADMIN)
    task.click(page.get_by_role("link", name="Add publication"))
    page.get_by_label("Title:").fill("Immigration Detainers: A Practice Advisory")
    task.pick(page.locator("#id_resource_type"), label="Practice Advisory")
    page.get_by_label("Publication date:").fill("2024-03-05")
    page.get_by_label("Summary:").fill("What a detainer is and how to challenge it.")
    task.upload(page.locator("#id_files-0-file"), pdf)
    page.locator("#id_files-0-label").fill("Full advisory (PDF)")
    save(task, page)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    advisory = Resource.objects.get(slug="immigration-detainers-a-practice-advisory")
    assert advisory.status == Status.DRAFT
    assert advisory.files.get().content_type == "application/pdf"
    task.done()


def test_editor_submits_and_publisher_reviews_and_publishes(page, browser, live_server):
    draft = ResourceFactory(title="U visas for survivors", status=Status.DRAFT)
    log_in(page, "Editor", "james")
    task = Task(page, "review-and-publish")
    page.goto(ADMIN)
    bulk_action(task, page, draft.pk, "submit_for_review")
    expect(page.locator(".messagelist")).to_contain_text("1 publication submitted for review.")
    # The editor is offered no publish action.
    assert page.locator('select[name="action"] option[value="publish"]').count() == 0

    publisher = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    second = publisher.new_page()
    log_in(second, "Publisher", "maria")
    task.page = second
    second.on("framenavigated", task._navigated)
    second.goto(ADMIN)
    task.click(second.get_by_role("link", name="In review", exact=True))
    expect(second.locator("#result_list")).to_contain_text("U visas for survivors")
    bulk_action(task, second, draft.pk, "publish")
    expect(second.locator(".messagelist")).to_contain_text("1 publication published.")
    assert Resource.objects.get(pk=draft.pk).status == Status.PUBLISHED
    task.done()
    publisher.close()


def test_publisher_schedules_a_publication(page):
    from django.utils import timezone

    advisory = ResourceFactory(title="DACA renewal", status=Status.REVIEW)
    log_in(page, "Publisher", "maria")
    task = Task(page, "schedule")
    page.goto(ADMIN)
    task.click(page.get_by_role("link", name="DACA renewal"))
    task.pick(page.locator("#id_status"), "published")
    when = timezone.localtime() + timezone.timedelta(days=3)
    page.locator("#id_publish_at_0").fill(when.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill("09:00:00")
    save(task, page)
    expect(page.locator("#result_list")).to_contain_text("Scheduled for")
    advisory.refresh_from_db()
    assert advisory.status == Status.PUBLISHED and not advisory.is_public
    assert not Resource.objects.published().filter(pk=advisory.pk).exists()
    task.done()


def test_editor_edit_of_a_published_item_waits_for_a_publisher(page, browser, live_server):
    live = ResourceFactory(title="Know your rights", summary="Published summary.")
    log_in(page, "Editor", "james")
    task = Task(page, "editor-edit-awaits-publisher")
    page.goto(ADMIN)
    task.click(page.get_by_role("link", name="Know your rights"))
    page.get_by_label("Summary:").fill("A clearer summary for families.")
    save(task, page)
    expect(page.locator(".messagelist")).to_contain_text("awaits a publisher")
    page.goto(live.get_absolute_url())
    expect(page.locator("body")).to_contain_text("Published summary.")

    publisher = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    second = publisher.new_page()
    log_in(second, "Publisher", "maria")
    task.page = second
    second.on("framenavigated", task._navigated)
    second.goto(ADMIN + "?pending=yes")
    task.click(second.get_by_role("link", name="Know your rights"))
    task.click(second.get_by_role("link", name="Review the edit"))
    expect(second.locator("#revision-differences")).to_contain_text("A clearer summary")
    task.click(second.get_by_role("button", name="Approve and publish the edit"))
    expect(second.locator(".messagelist")).to_contain_text("Edit approved")
    second.goto(live.get_absolute_url())
    expect(second.locator("body")).to_contain_text("A clearer summary for families.")
    task.done()
    publisher.close()


def test_editor_imports_publications_as_drafts(page, tmp_path):
    sheet = tmp_path / "catalogue.csv"
    sheet.write_text(
        "title,type,publication_date,summary,topics\n"
        "Sanctuary policies explained, Toolkit & Reports ,2023-05-01,What they do.,Sanctuary\n"
        "Bond hearings,practice advisory,2022-01-10,How to seek bond.,Detainers\n".replace(
            "practice advisory", "practice-advisory"
        ),
        encoding="utf-8",
    )
    log_in(page, "Editor", "james")
    task = Task(page, "import-publications")
    page.goto(ADMIN)
    task.click(page.get_by_role("link", name="Import CSV/XLSX"))
    task.upload(page.locator("#id_file"), sheet)
    task.click(page.get_by_role("button", name="Preview"))
    expect(page.locator("h2").first).to_contain_text("2 new, 0 changed")
    expect(page.locator("#import-new-topics")).to_contain_text("Sanctuary")
    task.click(page.get_by_role("button", name="Confirm import"))
    expect(page.locator(".messagelist")).to_contain_text("Imported: 2 new")
    assert set(Resource.objects.values_list("status", flat=True)) == {Status.DRAFT}
    task.done()
