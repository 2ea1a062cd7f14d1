"""import_287g on small spreadsheets shaped like ICE's lists, with each flaw of the real ones."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from core.importing.rows import Action
from jurisdictions.models import Jurisdiction, Level
from maps.ice287g import agreements_import, list_date_from_name, read_list, unwrap_safelink
from maps.models import Policy, SourceList
from tests.factories import MapCategoryFactory, PolicyMapFactory

pytestmark = pytest.mark.django_db

HEADER = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA"]
MOA = "https://www.ice.gov/doclib/about/offices/ero/287g/harrisTX-jem.pdf"
SAFELINK = (
    "https://gcc02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.ice.gov%2Fdoclib"
    "%2Fabout%2Foffices%2Fero%2F287g%2FharrisTX-jem.pdf&data=05%7C02%7Cx&reserved=0"
)
HARRIS_SO = ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County"]
HOUSTON_PD = ["TEXAS", "Houston Police Department", "Municipality", "#N/A"]
DPS = ["TEXAS", "Texas Department of Public Safety", "State Agency", "#N/A"]


def workbook(rows, header=HEADER) -> bytes:
    """An xlsx like ICE's: a header row, then rows; a row's last cell may be (text, link)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        cells = list(row)
        link = None
        if cells and isinstance(cells[-1], tuple):
            cells[-1], link = cells[-1]
        sheet.append(cells)
        if link:
            sheet.cell(row=sheet.max_row, column=len(cells)).hyperlink = link
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def agreements_map(texas_with_counties):
    policy_map = PolicyMapFactory(
        slug="287g-agreements",
        level="county",
        show_agencies=True,
        multiple_categories=True,
        is_published=True,
    )
    for position, slug in enumerate(
        ["jail-enforcement", "task-force", "warrant-service-officer", "pending"]
    ):
        MapCategoryFactory(policy_map=policy_map, slug=slug, label=slug, position=position)
    return policy_map


def run(policy_map, rows, date, *, dry_run=False, places=None, header=HEADER):
    return agreements_import(
        list_file=read_list(workbook(rows, header)),
        list_date=datetime.date.fromisoformat(date),
        policy_map=policy_map,
        dry_run=dry_run,
        file_name=f"list-{date}.xlsx",
        places=places or {},
    )


def in_force(policy_map, date):
    return (
        Policy.objects.filter(policy_map=policy_map, status="published")
        .in_force(datetime.date.fromisoformat(date))
        .select_related("jurisdiction", "category")
    )


def test_one_sheriff_with_three_agreements_and_each_flaw_of_the_list(agreements_map):
    rows = [
        [*HARRIS_SO, "Jail Enforcement Model", datetime.datetime(2025, 2, 20), ("link", SAFELINK)],
        # Another apostrophe, a trailing space in the support type, a SIGNED typed without
        # the slash before the year.
        [
            "TEXAS",
            "Harris County Sheriff\u2019s Office ",
            "County",
            "Harris County",
            "Task Force Model ",
            "05/082025",
            "link pending",
        ],  # fmt: skip
        [*HARRIS_SO, "Warrant Service Officer", datetime.datetime(2025, 3, 1), "link pending"],
        [*HOUSTON_PD, "Task Force Model", datetime.datetime(2025, 4, 1), "link pending"],
        [*DPS, "Task Force Model", datetime.datetime(2025, 4, 2), "link pending"],
        # The same agreement twice: counted once, said once.
        [*DPS, "Task Force Model", datetime.datetime(2025, 4, 2), "link pending"],
    ]
    report = run(agreements_map, rows, "2025-07-18")

    assert report.saved, [row.errors for row in report.errors]
    harris_so = Jurisdiction.objects.get(name="Harris County Sheriff's Office")
    assert harris_so.level == Level.AGENCY and harris_so.parent.geoid == "48201"
    agreements = {p.category.slug: p for p in in_force(agreements_map, "2025-07-18")}
    held = in_force(agreements_map, "2025-07-18").filter(jurisdiction=harris_so)
    assert {p.category.slug for p in held} == {
        "jail-enforcement",
        "task-force",
        "warrant-service-officer",
    }
    jail = held.get(category__slug="jail-enforcement")
    assert jail.source_url == MOA  # the safelinks wrapper is gone
    assert jail.source_title == "ICE, list of 2025-07-18"
    assert (jail.first_listed, jail.last_listed) == ((datetime.date(2025, 7, 18),) * 2)
    assert held.get(category__slug="task-force").effective_date == datetime.date(2025, 5, 8)
    by_line = {row.line: row for row in report.rows}
    assert any("slash before the year" in note for note in by_line[3].notes)
    assert by_line[7].action == Action.UNCHANGED
    assert any("line 6" in note for note in by_line[7].notes)

    houston = Jurisdiction.objects.get(name="Houston Police Department")
    assert houston.parent.geoid == "48201"  # GeoNames: Houston lies in Harris County
    assert houston.point is not None
    dps = Jurisdiction.objects.get(name="Texas Department of Public Safety")
    assert dps.parent.geoid == "48"
    assert len(agreements) == 3
    assert in_force(agreements_map, "2025-07-18").count() == 5


def test_a_signed_value_that_is_no_date_refuses_the_whole_file(agreements_map):
    rows = [
        [*HARRIS_SO, "Jail Enforcement Model", datetime.datetime(2025, 2, 20), "link"],
        [*DPS, "Task Force Model", "spring 2025", "link"],
    ]
    report = run(agreements_map, rows, "2025-07-18")

    assert not report.saved
    assert [row.line for row in report.errors] == [3]
    assert "SIGNED: “spring 2025” is not a date" in report.errors[0].errors[0]
    assert not Policy.objects.exists()
    assert not Jurisdiction.objects.filter(level=Level.AGENCY).exists()


def test_an_agency_that_cannot_be_placed_is_reported_then_settled_once(agreements_map):
    rows = [
        [*HARRIS_SO, "Jail Enforcement Model", datetime.datetime(2025, 2, 20), "link"],
        [
            "TEXAS",
            "Nowhere Creek Police Department",
            "Municipality",
            "#N/A",
            "Task Force Model",
            datetime.datetime(2025, 3, 1),
            "link",
        ],  # fmt: skip
    ]
    report = run(agreements_map, rows, "2025-07-18")
    assert not report.saved
    (bad,) = report.errors
    assert bad.line == 3
    assert "Nowhere Creek Police Department cannot be placed" in bad.errors[0]
    assert not Policy.objects.exists()

    places = {
        ("TX", "nowhere creek police department"): {
            "jurisdiction": "48453",
            "lat": "30.3",
            "lng": "-97.7",
        }
    }
    report = run(agreements_map, rows, "2025-07-18", places=places)
    assert report.saved
    agency = Jurisdiction.objects.get(name="Nowhere Creek Police Department")
    assert agency.parent.geoid == "48453" and agency.point.x == pytest.approx(-97.7)

    # Settled once: the next list finds the agency without the places file.
    report = run(agreements_map, rows, "2025-07-25")
    assert report.saved
    assert Jurisdiction.objects.filter(name="Nowhere Creek Police Department").count() == 1


MAY = [
    [*HARRIS_SO, "Jail Enforcement Model", datetime.datetime(2025, 2, 20), "link"],
    [*HOUSTON_PD, "Task Force Model", datetime.datetime(2025, 4, 1), "link"],
    # Signed a day later than the July list says: a correction, one agreement.
    [*DPS, "Task Force Model", datetime.datetime(2025, 4, 3), "link"],
]
JULY = [
    [*HARRIS_SO, "Jail Enforcement Model", datetime.datetime(2025, 2, 20), ("link", MOA)],
    [*DPS, "Task Force Model", datetime.datetime(2025, 4, 2), "link"],
    [*HARRIS_SO, "Task Force Model", datetime.datetime(2025, 6, 1), "link"],
]


def _state(policy_map):
    return sorted(
        Policy.objects.filter(policy_map=policy_map).values_list(
            "jurisdiction__name",
            "category__slug",
            "effective_date",
            "end_date",
            "first_listed",
            "last_listed",
            "source_url",
        )
    )


@pytest.mark.parametrize("order", [("05-16", "07-18"), ("07-18", "05-16")])
def test_lists_in_any_order_give_the_same_history(agreements_map, order):
    lists = {"05-16": MAY, "07-18": JULY}
    for day in order:
        assert run(agreements_map, lists[day], f"2025-{day}").saved

    houston = Policy.objects.get(jurisdiction__name="Houston Police Department")
    # Missing from the July list: ends the day before it, kept as history.
    assert houston.end_date == datetime.date(2025, 7, 17)
    dps = Policy.objects.get(jurisdiction__name="Texas Department of Public Safety")
    assert dps.effective_date == datetime.date(2025, 4, 2)  # the latest list's date
    assert in_force(agreements_map, "2025-07-18").count() == 3
    assert in_force(agreements_map, "2025-05-16").count() == 3
    assert _state(agreements_map) == sorted(
        [
            ("Harris County Sheriff's Office", "jail-enforcement", datetime.date(2025, 2, 20),
             None, datetime.date(2025, 5, 16), datetime.date(2025, 7, 18), MOA),
            ("Harris County Sheriff's Office", "task-force", datetime.date(2025, 6, 1),
             None, datetime.date(2025, 7, 18), datetime.date(2025, 7, 18),
             "https://www.ice.gov/identify-and-arrest/287g"),
            ("Houston Police Department", "task-force", datetime.date(2025, 4, 1),
             datetime.date(2025, 7, 17), datetime.date(2025, 5, 16), datetime.date(2025, 5, 16),
             "https://www.ice.gov/identify-and-arrest/287g"),
            ("Texas Department of Public Safety", "task-force", datetime.date(2025, 4, 2),
             None, datetime.date(2025, 5, 16), datetime.date(2025, 7, 18),
             "https://www.ice.gov/identify-and-arrest/287g"),
        ]
    )  # fmt: skip
    assert SourceList.objects.filter(policy_map=agreements_map).count() == 2
    # Readers see the data as of the newest list, whichever came last.
    agreements_map.refresh_from_db()
    assert agreements_map.data_as_of == datetime.date(2025, 7, 18)

    before = _state(agreements_map)
    again = run(agreements_map, JULY, "2025-07-18")
    assert again.saved and again.count(Action.UNCHANGED) == 3
    assert _state(agreements_map) == before


def test_pending_agreements_are_a_category_of_their_own(agreements_map):
    header = HEADER[:5]
    rows = [[*HARRIS_SO, "Task Force Model"], [*HARRIS_SO, "Task Force Model"]]
    report = run(agreements_map, rows, "2025-07-18", header=header)
    assert report.saved
    (pending,) = Policy.objects.filter(policy_map=agreements_map)
    assert pending.category.slug == "pending"
    assert pending.source_title == "ICE, list of pending agreements of 2025-07-18"


def test_a_one_category_map_refuses_the_list(agreements_map):
    agreements_map.multiple_categories = False
    agreements_map.save()
    report = run(agreements_map, MAY, "2025-05-16")
    assert not report.saved
    assert "several categories at once" in report.errors[0].errors[0]


def test_helpers_read_the_date_and_unwrap_the_link():
    assert list_date_from_name("participatingAgencies07182025pm.xlsx") == datetime.date(
        2025, 7, 18
    )
    assert list_date_from_name("agreements.xlsx") is None
    assert unwrap_safelink(SAFELINK) == MOA
    assert unwrap_safelink(MOA) == MOA


def test_command_dates_the_list_from_its_name_and_dry_run_saves_nothing(agreements_map, tmp_path):
    path = tmp_path / "participatingAgencies05162025am.xlsx"
    path.write_bytes(workbook(MAY))
    out = io.StringIO()
    call_command("import_287g", str(path), map_slug="287g-agreements", dry_run=True, stdout=out)
    assert "Would import the signed list of 2025-05-16" in out.getvalue()
    assert not Policy.objects.exists()

    call_command("import_287g", str(path), map_slug="287g-agreements", stdout=out)
    assert Policy.objects.filter(first_listed=datetime.date(2025, 5, 16)).count() == 3

    other = tmp_path / "agreements.xlsx"
    other.write_bytes(workbook(MAY))
    with pytest.raises(CommandError, match="no date in the file name"):
        call_command("import_287g", str(other), map_slug="287g-agreements")
    call_command("import_287g", str(other), map_slug="287g-agreements", as_of="2025-06-06")
    assert Policy.objects.filter(last_listed=datetime.date(2025, 6, 6)).count() == 3


def test_command_refuses_a_file_that_is_not_a_workbook(agreements_map, tmp_path):
    path = tmp_path / "participatingAgencies05162025am.xlsx"
    path.write_text("STATE,AGENCY\n")
    with pytest.raises(CommandError, match="not an Excel workbook"):
        call_command("import_287g", str(path), map_slug="287g-agreements")


ADMIN_IMPORT = "/admin/maps/policy/import-287g/"


def test_the_admin_previews_every_row_then_saves_on_confirmation(admin_client, agreements_map):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("participatingAgencies05162025am.xlsx", workbook(MAY))
    response = admin_client.post(ADMIN_IMPORT, {"policy_map": agreements_map.pk, "file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.count(Action.NEW) == 3 and not report.has_errors
    html = response.content.decode()
    assert "Houston Police Department" in html
    assert "placed in Harris County" in html  # what the import did, said on the row
    assert not Policy.objects.exists()  # a preview saves nothing

    response = admin_client.post(ADMIN_IMPORT, {"token": response.context["token"]}, follow=True)
    assert Policy.objects.filter(first_listed=datetime.date(2025, 5, 16)).count() == 3


def test_the_admin_refuses_a_list_without_a_date(admin_client, agreements_map):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("agreements.xlsx", workbook(MAY))
    response = admin_client.post(ADMIN_IMPORT, {"policy_map": agreements_map.pk, "file": upload})
    assert "The file name carries no date" in response.content.decode()
    assert not Policy.objects.exists()
