"""Map editing in the admin as a map editor does it: a map with its legend, a policy import,
a correction and a policy change, in Chromium against the live server."""

import datetime

import pytest
from playwright.sync_api import expect

from maps.models import Policy, PolicyMap
from tests import factories

from .conftest import horizontal_overflow
from .test_staff_workflows import Task, log_in, save

pytestmark = pytest.mark.browser

POLICIES = "/admin/maps/policy/"


def test_map_editor_creates_a_map_with_its_legend(page):
    log_in(page, "Map editor", "ana")
    task = Task(page, "create-a-map-with-its-legend")
    page.goto("/admin/maps/policymap/")
    task.click(page.get_by_role("link", name="Add policy map"))
    # The form's scripts (the slug filled from the title, the legend rows) run at load: on a
    # busy machine typing before them loses the title.
    page.wait_for_load_state("load")
    page.locator("#id_title_en").fill("Detainer policies")
    page.locator("#id_title_es").fill("Políticas sobre órdenes de detención")
    task.pick(page.locator("#id_level"), "county")
    for index, (label, label_es, colour) in enumerate(
        [("ICE hold policy", "Retiene para ICE", "#1f78b4"), ("No ICE holds", "", "#1f78b6")]
    ):
        task.click(page.get_by_text("Add another Legend category"))
        page.locator(f"#id_categories-{index}-label_en").fill(label)
        page.locator(f"#id_categories-{index}-label_es").fill(label_es)
        page.locator(f"#id_categories-{index}-slug").fill(label.lower().replace(" ", "-"))
        page.locator(f"#id_categories-{index}-color").fill(colour)
    # The legend table fits a 1280 px screen beside the admin's navigation.
    right = page.locator("#categories-group table").evaluate(
        "t => t.getBoundingClientRect().right"
    )
    assert right <= 1280, right
    assert horizontal_overflow(page) == 0
    save(task, page)
    messages = page.locator(".messagelist")
    expect(messages).to_contain_text("look alike")
    expect(messages).to_contain_text("has no Spanish text for: legend “No ICE holds”: label")
    assert PolicyMap.objects.get().categories.count() == 2
    task.done()


@pytest.fixture
def harris_map(texas_with_counties):
    _, counties = texas_with_counties
    detainers = factories.PolicyMapFactory(slug="detainer-policies", level="county")
    hold = factories.MapCategoryFactory(
        policy_map=detainers, slug="hold-policy", label="ICE hold policy"
    )
    refuses = factories.MapCategoryFactory(
        policy_map=detainers, slug="no-holds", label="No ICE holds"
    )
    policy = factories.PolicyFactory(
        category=hold,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2019, 3, 1),
        summary="Honours some holds.",
    )
    return detainers, policy, refuses


def test_map_editor_imports_policies_and_sees_what_ends(page, harris_map, tmp_path):
    detainers, policy, _ = harris_map
    sheet = tmp_path / "policies.csv"
    sheet.write_text(
        "jurisdiction,category,effective_date,summary,source_title,source_url\n"
        "48201,no-holds,2024-07-01,No more holds.,Ordinance,https://example.org/o\n"
        "48453,hold-policy,2020-01-01,Honours holds.,Memo,https://example.org/m\n",
        encoding="utf-8",
    )
    log_in(page, "Map editor", "ana")
    task = Task(page, "import-policies")
    page.goto(POLICIES)
    task.click(page.get_by_role("link", name="Import CSV/XLSX"))
    task.pick(page.locator("#id_policy_map"), str(detainers.pk))
    task.upload(page.locator("#id_file"), sheet)
    task.click(page.get_by_role("button", name="Preview"))
    expect(page.locator("#import-preview")).to_contain_text(
        "Ends: ICE hold policy, in force since 2019-03-01, ends on 2024-06-30"
    )
    task.click(page.get_by_role("button", name="Confirm import"))
    expect(page.locator(".messagelist")).to_contain_text("Imported: 2 new")
    policy.refresh_from_db()
    assert policy.end_date == datetime.date(2024, 6, 30)
    task.done()


@pytest.mark.parametrize("kind", ["correct-a-policy", "record-a-policy-change"])
def test_map_editor_changes_a_policys_category(page, harris_map, kind):
    _, policy, refuses = harris_map
    log_in(page, "Map editor", "ana")
    task = Task(page, kind)
    page.goto(POLICIES)
    task.click(page.get_by_role("link", name="Harris County, TX").first)
    # Only this map's categories are offered.
    options = page.locator("#id_category option").all_inner_texts()
    assert all(text.startswith(str(policy.policy_map)) for text in options if text.strip("-"))
    task.pick(page.locator("#id_category"), str(refuses.pk))
    if kind == "correct-a-policy":
        task.click(page.get_by_label("this record was wrong", exact=False))
    else:
        task.click(page.get_by_label("the policy changed on a date", exact=False))
        page.locator("#id_change_date").fill("2024-07-01")
    save(task, page)
    expect(page.locator(".messagelist")).to_contain_text("successfully")
    if kind == "correct-a-policy":
        assert Policy.objects.get().category == refuses
    else:
        assert Policy.objects.get(pk=policy.pk).end_date == datetime.date(2024, 6, 30)
        assert Policy.objects.exclude(pk=policy.pk).get().category == refuses
    task.done()
