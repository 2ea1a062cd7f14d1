"""Spreadsheet import and export in the publication admin: preview every row, then confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.publishing import Status
from resources.models import Resource

from ..factories import ResourceFactory
from .staff import staff_member
from .test_roles import CHANGELIST

pytestmark = pytest.mark.django_db

IMPORT = f"{CHANGELIST}import/"
HEADER = "title,type,publication_date,summary,status\n"
GOOD = (
    HEADER
    + "What is an ICE hold?,FAQs & Explainers,02/20/2017,Short answers.,draft\n"
    + "Bond hearings,practice-advisory,2020-01-21,How to seek bond in 2026.,review\n"
)


def _preview(client, content: bytes, name="items.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def _token(response) -> str:
    return response.context["token"]


def test_preview_shows_every_row_then_confirm_saves(client):
    ResourceFactory(title="Bond hearings", summary="How to seek bond.", status=Status.DRAFT)
    client.force_login(staff_member("Editor"))
    assert "Import CSV/XLSX" in client.get(CHANGELIST).content.decode()
    response = _preview(client, GOOD.encode())
    page = response.content.decode()
    assert "1 new, 1 changed, 0 unchanged, 0 with errors" in page
    assert "What is an ICE hold?" in page
    assert Resource.objects.count() == 1  # nothing saved by the preview

    response = client.post(IMPORT, {"token": _token(response)}, follow=True)
    assert "Imported: 1 new, 1 changed" in response.content.decode()
    assert Resource.objects.get(slug="bond-hearings").summary == "How to seek bond in 2026."
    assert Resource.objects.get(slug="what-is-an-ice-hold").status == Status.DRAFT


def test_a_row_with_an_error_blocks_the_whole_import(client):
    client.force_login(staff_member("Editor"))
    bad = GOOD + "Broken row,no-such-type,31/31/2020,x,draft\n"
    response = _preview(client, bad.encode())
    page = response.content.decode()
    assert "Nothing will be saved" in page
    assert "Confirm import" not in page
    assert "token" not in response.context
    assert "4" in page  # the line of the broken row
    assert Resource.objects.count() == 0


def test_xlsx_is_read_like_csv(client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "type", "publication_date", "summary"])
    sheet.append(["U visa toolkit", "practice-advisory", "2021-05-04", "For survivors."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(staff_member("Publisher"))
    response = _preview(client, buffer.getvalue(), name="items.xlsx")
    assert "1 new, 0 changed" in response.content.decode()
    client.post(IMPORT, {"token": _token(response)})
    assert Resource.objects.filter(title="U visa toolkit").exists()


def test_editor_may_not_publish_through_an_import(client):
    client.force_login(staff_member("Editor"))
    response = _preview(
        client, (HEADER + "Live now,practice-advisory,2020-01-01,x,published\n").encode()
    )
    assert "only a publisher may publish or unpublish" in response.content.decode()
    assert "token" not in response.context


def test_editor_import_without_status_makes_drafts(client):
    client.force_login(staff_member("Editor"))
    text = "title,type,publication_date,summary\nNew one,practice-advisory,2020-01-01,x\n"
    response = _preview(client, text.encode())
    assert "1 new, 0 changed, 0 unchanged, 0 with errors" in response.content.decode()
    client.post(IMPORT, {"token": _token(response)})
    assert Resource.objects.get(title="New one").status == Status.DRAFT


def test_import_without_status_keeps_an_existing_publications_status(client):
    ResourceFactory(title="Bond hearings", summary="Old.", status=Status.REVIEW)
    client.force_login(staff_member("Publisher"))
    text = "title,type,publication_date,summary\nBond hearings,practice-advisory,2020-01-15,New.\n"
    client.post(IMPORT, {"token": _token(_preview(client, text.encode()))})
    bond = Resource.objects.get(title="Bond hearings")
    assert (bond.summary, bond.status) == ("New.", Status.REVIEW)


def test_editor_import_cannot_change_a_published_item(client):
    ResourceFactory(title="Bond hearings", summary="Old.", status=Status.PUBLISHED)
    client.force_login(staff_member("Editor"))
    keep = HEADER + "Bond hearings,practice-advisory,2020-01-15,New.,published\n"
    page = _preview(client, keep.encode()).content.decode()
    assert "This publication is published: a publisher imports changes to it" in page
    demote = HEADER + "Bond hearings,practice-advisory,2020-01-15,New.,draft\n"
    response = _preview(client, demote.encode())
    assert "only a publisher may publish or unpublish" in response.content.decode()
    assert Resource.objects.get(title="Bond hearings").summary == "Old."


def test_a_trashed_publication_is_not_published_again_by_an_import(client):
    from core.trash import trash_rows

    bond = ResourceFactory(title="Bond hearings", slug="bond-hearings")
    trash_rows(rows=Resource.objects.filter(pk=bond.pk))
    client.force_login(staff_member("Publisher"))
    text = HEADER + "Bond hearings,practice-advisory,2020-01-15,New.,published\n"
    page = _preview(client, text.encode()).content.decode()
    assert "“bond-hearings” is a publication in the trash; restore it" in page
    bond.refresh_from_db()
    assert bond.status == Status.UNPUBLISHED and bond.deleted_at is not None


def test_publisher_may_publish_through_an_import(client):
    client.force_login(staff_member("Publisher"))
    response = _preview(
        client, (HEADER + "Live now,practice-advisory,2020-01-01,x,published\n").encode()
    )
    client.post(IMPORT, {"token": _token(response)})
    assert Resource.objects.get(slug="live-now").status == Status.PUBLISHED


@pytest.mark.parametrize("role", ["Map editor", None])
def test_import_needs_add_permission(client, role):
    client.force_login(staff_member(role))
    assert client.get(IMPORT).status_code == 403
    assert _preview(client, GOOD.encode()).status_code == 403
    assert Resource.objects.count() == 0


def test_a_token_from_another_user_confirms_nothing(client):
    client.force_login(staff_member("Editor", username="maria"))
    token = _token(_preview(client, GOOD.encode()))
    client.force_login(staff_member("Editor", username="james"))
    response = client.post(IMPORT, {"token": token}, follow=True)
    assert "The preview expired" in response.content.decode()
    assert Resource.objects.count() == 0


def test_file_that_is_not_text_gets_a_clear_message(client):
    client.force_login(staff_member("Editor"))
    response = _preview(client, b"\xff\xfe\x00garbage")
    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()


def test_row_limit_is_enforced_with_a_message(client, settings):
    settings.IMPORT_MAX_ROWS = 2
    client.force_login(staff_member("Editor"))
    many = GOOD + "Third,practice-advisory,2020-01-01,x,draft\n"
    response = _preview(client, many.encode())
    assert "more than 2 rows" in response.content.decode()


def test_file_over_the_size_limit_is_refused_naming_the_limit(client, settings):
    settings.IMPORT_MAX_MB = 1
    client.force_login(staff_member("Publisher"))
    # Valid rows, just too many bytes: the size alone refuses it.
    row = "Bond hearings,practice-advisory,2020-01-21,{},draft\n".format("x" * 1000)
    big = (HEADER + row * 1100).encode()
    assert len(big) > 1024 * 1024
    response = _preview(client, big)
    page = response.content.decode()
    assert "the limit for an import is 1 MB" in page
    assert "token" not in response.context
    assert "Confirm import" not in page
    assert Resource.objects.count() == 0
    # The limit is shown on the form before anyone uploads.
    limits = f"at most {settings.IMPORT_MAX_ROWS} rows and 1 MB"
    assert limits in client.get(IMPORT).content.decode()


@pytest.mark.parametrize(("file_format", "magic_start"), [(0, b"id,"), (1, b"PK")])
def test_export_selected_publications_as_csv_or_xlsx(client, file_format, magic_start):
    chosen = ResourceFactory(title="Detainers advisory")
    ResourceFactory(title="Not selected")
    client.force_login(staff_member("Editor"))
    page = client.post(
        CHANGELIST, {"action": "export_admin_action", "_selected_action": [chosen.pk]}
    )
    assert page.status_code == 200
    form = page.context["form"]
    assert [label for _, label in form.fields["format"].choices][-2:] == ["csv", "xlsx"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    data.update(format=file_format, export_items=[chosen.pk])
    response = client.post(f"{CHANGELIST}export/", data)
    assert response.status_code == 200
    body = response.content
    assert body.startswith(magic_start)
    if file_format == 0:
        assert b"Detainers advisory" in body
        assert b"Not selected" not in body


def test_export_needs_view_permission(client):
    client.force_login(staff_member("Map editor"))
    assert client.get(f"{CHANGELIST}export/").status_code == 403
