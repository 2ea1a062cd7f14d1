"""No CSV or XLSX the site writes runs a formula, and importers refuse formula cells."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from resources.models import Resource, Topic
from tests.factories import ResourceFactory
from tests.resources.staff import staff_member

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/resources/resource/"
ATTACKS = [
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
]


def _read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_library_csv_export_neutralises_formulas(client, attack):
    ResourceFactory(title=attack, summary=attack)
    rows = list(
        csv.DictReader(io.StringIO(_read(client.get("/resources/export.csv")).decode("utf-8-sig")))
    )
    assert rows[0]["title"] == "'" + attack
    assert rows[0]["summary"] == "'" + attack


@pytest.mark.parametrize("file_format", [0, 1])
def test_the_admin_exports_neutralise_formulas(client, file_format):
    chosen = ResourceFactory(title=ATTACKS[0], summary=ATTACKS[2])
    client.force_login(staff_member("Editor"))
    page = client.post(
        CHANGELIST, {"action": "export_admin_action", "_selected_action": [chosen.pk]}
    )
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    data.update(format=file_format, export_items=[chosen.pk])
    body = client.post(f"{CHANGELIST}export/", data).content
    if file_format == 0:
        row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        cells = list(row.values())
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        cells = [cell.value for cell in list(sheet.iter_rows())[1]]
        assert all(cell.data_type != "f" for cell in list(sheet.iter_rows())[1])
    assert "'" + ATTACKS[0] in cells and "'" + ATTACKS[2] in cells
    assert not any(isinstance(cell, str) and cell and cell[0] in "=+-@" for cell in cells)


def test_the_import_command_refuses_formula_cells(tmp_path: Path):
    path = tmp_path / "items.csv"
    path.write_text(
        "title,type,publication_date,summary,topics\n"
        "Bond hearings,practice-advisory,2020-01-21,How to seek bond.,=cmd|' /C calc'!A0\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_resources", str(path), stderr=err, stdout=io.StringIO())
    assert "topics: “=cmd|' /C calc'!A0…” starts with “=”" in err.getvalue()
    assert (
        not Resource.objects.exists() and not Topic.objects.filter(name__startswith="=").exists()
    )


def test_plain_numbers_are_not_formulas():
    from core.spreadsheets import spreadsheet_safe

    assert spreadsheet_safe("-5") == "-5"
    assert spreadsheet_safe("+1.5") == "+1.5"
    assert spreadsheet_safe("-5 people") == "'-5 people"
    assert spreadsheet_safe(None) == ""
