"""Publication files: stored under a random name with the detected type's extension, served by
the app with headers that keep them from running as pages, and only while public."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.publishing import Status
from resources.models import ResourceFile

from ..factories import ResourceFactory, ResourceFileFactory
from .staff import staff_member
from .test_uploads import PDF, _upload, png

pytestmark = pytest.mark.django_db

# The files of the attack: each starts with bytes libmagic reads as an allowed type.
POLY_HTML = b'GIF89a<html><script src="poly.js"></script></html>'
POLY_JS = b"GIF89a=1;document.title='owned by an upload';"
PDF_HTML = b"%PDF-1.4\n<html><body><script>document.title='owned'</script></body></html>\n"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="document.title=\'owned\'">'
    b"<script>document.title='owned'</script></svg>"
)


def _download(client, document, **headers):
    return client.get(document.get_absolute_url(), **headers)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("poly.html", POLY_HTML, "This file starts as GIF but also holds web-page markup"),
        ("advisory.pdf", PDF_HTML, "This file starts as PDF but also holds web-page markup"),
        ("logo.svg", SVG, "This file&#x27;s content is image/svg+xml, which is not accepted."),
    ],
)
def test_polyglot_pages_are_refused_with_the_reason(client, name, content, message):
    client.force_login(staff_member("Editor"))
    # A draft: files of a published publication are a publisher's change.
    advisory = ResourceFactory(status=Status.DRAFT)
    response = _upload(client, advisory, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ResourceFile.objects.filter(resource=advisory).exists()


def test_a_script_named_upload_is_stored_as_the_image_it_claims_to_be(client):
    # A publisher: the file goes straight onto the published publication.
    client.force_login(staff_member("Publisher"))
    advisory = ResourceFactory()
    assert _upload(client, advisory, "poly.js", POLY_JS).status_code == 302
    stored = ResourceFile.objects.get(resource=advisory)
    # The extension comes from the content; the uploaded name is not part of the stored name.
    assert re.fullmatch(r"resources/[A-Za-z0-9_-]{24}\.gif", stored.file.name)
    assert stored.content_type == "image/gif"
    client.logout()
    response = _download(client, stored)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    assert _body(response) == POLY_JS


def test_names_are_random_and_two_uploads_of_one_name_do_not_collide():
    first = ResourceFileFactory()
    second = ResourceFileFactory()
    assert first.file.name != second.file.name
    assert "advisory" not in first.file.name
    assert first.file.name.endswith(".pdf")


def test_a_shell_save_is_checked_too():
    advisory = ResourceFactory()
    document = ResourceFile(resource=advisory)
    with pytest.raises(Exception, match="web-page markup"):
        document.file.save("poly.gif", ContentFile(POLY_HTML), save=False)
    document.file.save("anything.txt", ContentFile(png()), save=True)
    assert document.file.name.endswith(".png")
    assert document.content_type == "image/png"


def test_a_public_pdf_is_downloaded_as_an_attachment_with_its_type(client):
    document = ResourceFileFactory(label="Full advisory (PDF)", file__data=PDF)
    response = _download(client, document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="full-advisory-pdf.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "public, max-age=300"
    assert _body(response) == PDF


def test_an_image_is_shown_inline(client):
    document = ResourceFileFactory(file__data=png(), file__filename="map.png")
    response = _download(client, document)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")


def test_a_stored_row_of_another_type_is_served_as_opaque_bytes(client):
    document = ResourceFileFactory()
    # A row from before the checks, or edited in the database: never served as a page.
    ResourceFile.objects.filter(pk=document.pk).update(content_type="text/html")
    document.refresh_from_db()
    response = _download(client, document)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED])
def test_files_of_non_public_publications_are_hidden_from_the_public_not_from_staff(
    client, status
):
    document = ResourceFileFactory(resource__status=status)
    assert _download(client, document).status_code == 404
    client.force_login(staff_member("Editor"))
    response = _download(client, document)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_scheduled_publication_keeps_its_files_hidden_until_its_time(client):
    import datetime

    from django.utils import timezone

    document = ResourceFileFactory(
        resource__publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert _download(client, document).status_code == 404


def test_a_signed_in_visitor_without_staff_rights_is_the_public(client, django_user_model):
    document = ResourceFileFactory(resource__status=Status.DRAFT)
    client.force_login(django_user_model.objects.create_user("visitor", password="x" * 12))
    assert _download(client, document).status_code == 404


def test_the_address_needs_the_stored_name_not_only_the_number(client):
    document = ResourceFileFactory()
    assert client.get(f"/files/{document.pk}/advisory.pdf").status_code == 404
    assert client.get(f"/files/{2**64}/x.pdf").status_code == 404
    # Nothing serves the storage folder itself.
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_a_missing_stored_file_is_not_found(client):
    document = ResourceFileFactory()
    default_storage.delete(document.file.name)
    assert _download(client, document).status_code == 404


@pytest.mark.parametrize(
    ("header", "status", "content_range", "part"),
    [
        ("bytes=0-3", 206, "bytes 0-3/{size}", PDF[:4]),
        ("bytes=5-", 206, "bytes 5-{last}/{size}", PDF[5:]),
        ("bytes=-6", 206, "bytes {tail}-{last}/{size}", PDF[-6:]),
        ("bytes=10-100000", 206, "bytes 10-{last}/{size}", PDF[10:]),
        ("bytes=0-1,4-5", 200, None, PDF),  # several ranges: the whole file
        ("lines=1-2", 200, None, PDF),
    ],
)
def test_range_requests_resume_a_download(client, header, status, content_range, part):
    document = ResourceFileFactory(file__data=PDF)
    response = _download(client, document, HTTP_RANGE=header)
    assert response.status_code == status
    size = len(PDF)
    if content_range:
        assert response["Content-Range"] == content_range.format(
            size=size, last=size - 1, tail=size - 6
        )
    assert response["Content-Length"] == str(len(part))
    assert _body(response) == part


def test_a_range_past_the_end_is_unsatisfiable(client):
    document = ResourceFileFactory(file__data=PDF)
    response = _download(client, document, HTTP_RANGE=f"bytes={len(PDF)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(PDF)}"


def test_etag_answers_not_modified_and_guards_if_range(client):
    document = ResourceFileFactory(file__data=PDF)
    etag = _download(client, document)["ETag"]
    assert _download(client, document, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # A resumed download of a file that changed since gets the whole new file.
    stale = _download(client, document, HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200
    fresh = _download(client, document, HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE=etag)
    assert fresh.status_code == 206


def test_head_gives_the_headers_without_the_body(client):
    document = ResourceFileFactory(file__data=PDF)
    response = client.head(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(PDF))
    assert response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "delete", "trace"])
def test_other_methods_are_not_allowed(client, method):
    document = ResourceFileFactory()
    response = client.generic(method.upper(), document.get_absolute_url())
    assert response.status_code == 405


def test_the_publication_page_and_the_api_link_to_the_served_file(client):
    document = ResourceFileFactory()
    page = client.get(document.resource.get_absolute_url()).content.decode()
    assert f'href="{document.get_absolute_url()}"' in page
    api = client.get(f"/api/resources/{document.resource.slug}/").json()
    assert api["files"][0]["url"] == f"http://testserver{document.get_absolute_url()}"
    assert _download(client, document).status_code == 200
