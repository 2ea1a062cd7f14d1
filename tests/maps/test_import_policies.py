"""import_policies: row-numbered errors, all or nothing, no duplicates, dry run."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from maps.importers import Action, policies_import, read_csv
from maps.management.commands.import_policies import Command as ImportPolicies
from maps.models import Policy
from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

from ..resources.staff import staff_member

pytestmark = pytest.mark.django_db

HEADER = (
    "jurisdiction,category,effective_date,end_date,summary,source_title,source_url,last_verified\n"
)
GOOD = (
    HEADER
    + "48201,hold-policy,2019-03-01,,Honours some holds.,Sheriff's memo,https://example.org/harris,2024-05-01\n"
    + "48453,No ICE holds; no ICE access,01/15/2018,,Refuses holds.,Sheriff's policy,https://example.org/travis,\n"
)


@pytest.fixture
def detainer_legend(texas_with_counties):
    policy_map = PolicyMapFactory(slug="detainer-policies", level="county")
    MapCategoryFactory(policy_map=policy_map, slug="hold-policy", label="ICE hold policy")
    MapCategoryFactory(
        policy_map=policy_map, slug="no-holds-no-access", label="No ICE holds; no ICE access"
    )
    return policy_map


@pytest.fixture
def state_legend(texas, california):
    policy_map = PolicyMapFactory(slug="state-enforcement-laws", level="state")
    MapCategoryFactory(
        policy_map=policy_map, slug="limits-cooperation", label="Limits cooperation"
    )
    MapCategoryFactory(policy_map=policy_map, slug="mandates-cooperation", label="Mandates")
    return policy_map


def run(text: str, policy_map, dry_run=False):
    return policies_import(rows=read_csv(text.encode()), policy_map=policy_map, dry_run=dry_run)


def test_imports_rows_by_geoid_and_category_slug_or_label(detainer_legend):
    report = run(GOOD, detainer_legend)
    assert report.saved and not report.has_errors
    assert [row.action for row in report.rows] == [Action.NEW, Action.NEW]
    harris = Policy.objects.get(jurisdiction__geoid="48201")
    assert harris.category.slug == "hold-policy"
    assert harris.last_verified == datetime.date(2024, 5, 1)
    travis = Policy.objects.get(jurisdiction__geoid="48453")
    assert travis.category.slug == "no-holds-no-access"
    assert travis.effective_date == datetime.date(2018, 1, 15)
    assert harris.history.count() == 1  # who imported it is on record


def test_state_postal_codes_name_states(state_legend):
    report = run(
        HEADER
        + "TX,mandates-cooperation,2017-09-01,,SB 4.,Texas SB 4,https://capitol.texas.gov/,\n"
        + "ca,limits-cooperation,2018-01-01,,SB 54.,California SB 54,https://leginfo.legislature.ca.gov/,\n",
        state_legend,
    )
    assert report.saved, report.errors
    assert set(Policy.objects.values_list("jurisdiction__postal_code", flat=True)) == {"TX", "CA"}


def test_dry_run_saves_nothing_and_counts_what_would_change(detainer_legend):
    report = run(GOOD, detainer_legend, dry_run=True)
    assert not report.saved
    assert report.count(Action.NEW) == 2
    assert not Policy.objects.exists()

    run(GOOD, detainer_legend)
    changed = GOOD.replace("Honours some holds.", "Honours all holds.")
    report = run(changed, detainer_legend, dry_run=True)
    assert (report.count(Action.CHANGED), report.count(Action.UNCHANGED)) == (1, 1)
    assert report.rows[0].changes == ["summary"]
    assert Policy.objects.get(jurisdiction__geoid="48201").summary == "Honours some holds."


def test_reimporting_the_same_file_creates_no_duplicates(detainer_legend):
    run(GOOD, detainer_legend)
    report = run(GOOD, detainer_legend)
    assert report.count(Action.UNCHANGED) == 2
    assert Policy.objects.count() == 2


def test_a_changed_field_updates_the_saved_policy(detainer_legend):
    run(GOOD, detainer_legend)
    report = run(GOOD.replace("2024-05-01", "2025-01-31"), detainer_legend)
    assert report.rows[0].action == Action.CHANGED
    assert Policy.objects.count() == 2
    assert Policy.objects.get(jurisdiction__geoid="48201").last_verified == datetime.date(
        2025, 1, 31
    )


def test_a_later_row_ends_the_policy_in_force_the_day_before(detainer_legend):
    run(GOOD, detainer_legend)
    later = (
        HEADER
        + "48201,no-holds-no-access,2022-07-01,,Stopped holds.,Commissioners' order,https://example.org/order,\n"
    )
    report = run(later, detainer_legend)
    assert report.saved
    history = Policy.objects.filter(jurisdiction__geoid="48201").order_by("effective_date")
    assert [(p.category.slug, p.end_date) for p in history] == [
        ("hold-policy", datetime.date(2022, 6, 30)),
        ("no-holds-no-access", None),
    ]
    # The whole history in one file, imported again, changes nothing.
    both = GOOD + later.removeprefix(HEADER)
    assert run(both, detainer_legend).count(Action.UNCHANGED) == 3


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_saved(detainer_legend):
    text = (
        HEADER
        + "48201,hold-policy,2019-03-01,,Fine.,Memo,https://example.org/a,\n"
        + "99999,hold-policy,2019-03-01,,,Memo,https://example.org/b,\n"
        + "48453,no-such-category,2019-03-01,,,Memo,https://example.org/c,\n"
        + "48141,hold-policy,March 2019,,,Memo,https://example.org/d,\n"
        + "48141,hold-policy,2019-03-01,2019-02-01,,Memo,https://example.org/e,\n"
        + "48141,hold-policy,2019-03-01,,,,,\n"
        + "48,hold-policy,2019-03-01,,,Memo,https://example.org/g,\n"
    )
    report = run(text, detainer_legend)
    assert not report.saved
    errors = {row.line: " ".join(row.errors) for row in report.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "no jurisdiction has the GEOID or postal code “99999”" in errors[3]
    assert "“no-such-category” is not a category of this map" in errors[4]
    assert "hold-policy" in errors[4]  # the known categories are listed
    assert "“March 2019” is not a date" in errors[5]
    assert "before the effective date" in errors[6]
    assert "both are required" in errors[7]
    assert "Texas is a state; this map shows county" in errors[8]
    assert not Policy.objects.exists()


def test_overlapping_rows_are_errors_on_the_later_row(detainer_legend):
    text = (
        HEADER
        + "48201,hold-policy,2018-01-01,2020-12-31,,Memo,https://example.org/a,\n"
        + "48201,no-holds-no-access,2020-06-01,,,Memo,https://example.org/b,\n"
        + "48201,hold-policy,2018-01-01,,,Memo,https://example.org/c,\n"
    )
    report = run(text, detainer_legend)
    errors = {row.line: " ".join(row.errors) for row in report.errors}
    assert "overlaps line 2" in errors[3]
    assert "also on line 2" in errors[4]
    assert not Policy.objects.exists()


def test_a_row_overlapping_a_saved_policy_is_an_error(detainer_legend, texas_with_counties):
    hold = detainer_legend.categories.get(slug="hold-policy")
    PolicyFactory(
        category=hold,
        jurisdiction=texas_with_counties[1]["Harris County"],
        effective_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    report = run(
        HEADER + "48201,no-holds-no-access,2020-01-01,,,Memo,https://example.org/b,\n",
        detainer_legend,
    )
    assert "overlaps the saved policy from 2018-01-01" in report.errors[0].errors[0]
    assert Policy.objects.count() == 1


def test_missing_and_unknown_columns_are_reported_on_line_1(detainer_legend):
    report = run("jurisdiction,colour\n48201,red\n", detainer_legend)
    (row,) = report.errors
    assert row.line == 1
    assert "Missing required column “category”." in row.errors
    assert any("Unknown column “colour”" in error for error in row.errors)


def test_command_reports_errors_on_stderr_with_line_numbers(detainer_legend, tmp_path, capsys):
    path = tmp_path / "policies.csv"
    path.write_text(HEADER + "48201,hold-policy,2019-13-45,,,Memo,https://example.org/a,\n")
    with pytest.raises(CommandError, match="1 row\\(s\\) with errors; nothing was saved"):
        call_command("import_policies", str(path), "--map", "detainer-policies")
    assert f"{path}:2: effective_date: “2019-13-45” is not a date" in capsys.readouterr().err


def test_command_exits_with_status_1_on_errors(detainer_legend, tmp_path):
    path = tmp_path / "policies.csv"
    path.write_text(HEADER + "48201,hold-policy,,,,Memo,https://example.org/a,\n")
    with pytest.raises(SystemExit) as exit_info:
        # As from the shell: a CommandError becomes a message and exit status 1.
        ImportPolicies().run_from_argv(
            ["manage.py", "import_policies", str(path), "--map", "detainer-policies"]
        )
    assert exit_info.value.code == 1


def test_command_dry_run_and_import(detainer_legend, tmp_path, capsys):
    path = tmp_path / "policies.csv"
    path.write_text(GOOD)
    call_command("import_policies", str(path), "--map", "detainer-policies", "--dry-run")
    assert "Would import into “detainer-policies”: 2 new" in capsys.readouterr().out
    assert not Policy.objects.exists()
    call_command("import_policies", str(path), "--map", "detainer-policies")
    assert Policy.objects.count() == 2


def test_command_names_an_unknown_map(detainer_legend, tmp_path):
    path = tmp_path / "policies.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError, match="No map has the slug “nope”. Maps: detainer-policies"):
        call_command("import_policies", str(path), "--map", "nope")


SPANISH = (
    "jurisdiction,category,effective_date,summary,source_title,source_url,"
    "summary_es,source_title_es\n"
    "48201,hold-policy,2019-03-01,Honours some holds.,Sheriff's memo,https://example.org/harris,"
    "Acata algunas órdenes.,Memorando del sheriff\n"
    "48453,no-holds-no-access,2018-01-15,Refuses holds.,Sheriff's policy,"
    "https://example.org/travis,,\n"
)


def test_spanish_columns_give_the_spanish_texts(detainer_legend):
    report = run(SPANISH, detainer_legend)
    assert report.saved and not report.has_errors
    harris = Policy.objects.get(jurisdiction__geoid="48201")
    assert (harris.summary_en, harris.summary_es) == (
        "Honours some holds.",
        "Acata algunas órdenes.",
    )
    assert harris.source_title_es == "Memorando del sheriff"
    assert harris.history.get().summary_es == "Acata algunas órdenes."  # kept in the version
    travis = Policy.objects.get(jurisdiction__geoid="48453")
    assert travis.summary_en == "Refuses holds." and not travis.summary_es


def test_a_file_without_spanish_columns_keeps_the_spanish_texts(detainer_legend):
    run(SPANISH, detainer_legend)
    english_only = (
        "jurisdiction,category,effective_date,summary,source_title,source_url\n"
        "48201,hold-policy,2019-03-01,Honours some holds.,Sheriff's memo,https://example.org/harris\n"
    )
    report = run(english_only, detainer_legend)
    assert report.rows[0].action == Action.UNCHANGED
    harris = Policy.objects.get(jurisdiction__geoid="48201")
    assert harris.summary_es == "Acata algunas órdenes."
    assert harris.source_title_es == "Memorando del sheriff"


def test_a_changed_spanish_text_is_a_change_and_an_empty_cell_removes_it(detainer_legend):
    run(SPANISH, detainer_legend)
    changed = SPANISH.replace("Acata algunas órdenes.", "Acata las órdenes.").replace(
        "Memorando del sheriff", ""
    )
    report = run(changed, detainer_legend, dry_run=True)
    assert report.rows[0].action == Action.CHANGED
    assert report.rows[0].changes == ["summary_es", "source_title_es"]
    assert ("summary_es", "Acata algunas órdenes.", "Acata las órdenes.") in (
        report.rows[0].differences
    )
    run(changed, detainer_legend)
    harris = Policy.objects.get(jurisdiction__geoid="48201")
    assert (harris.summary_es, harris.source_title_es) == ("Acata las órdenes.", "")
    assert harris.summary_en == "Honours some holds."


def test_a_too_long_spanish_source_title_is_an_error(detainer_legend):
    report = run(SPANISH.replace("Memorando del sheriff", "M" * 301), detainer_legend)
    assert not report.saved
    assert "source_title_es: at most 300 characters." in report.rows[0].errors


def test_the_policy_template_imports_as_it_is(client, detainer_legend):
    client.force_login(staff_member("Map editor"))
    template = client.get("/admin/maps/policy/import/template.csv").content
    assert run(template.decode("utf-8-sig"), detainer_legend).saved
    harris = Policy.objects.get(jurisdiction__geoid="48201")
    assert harris.summary_es.startswith("La cárcel del condado")
    assert harris.source_title_es == "Memorando del sheriff"
