"""Uploads in the publication admin are judged by their content, not their name."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from resources.models import ResourceFile

from ..factories import ResourceFactory
from .staff import staff_member
from .test_roles import CHANGELIST, _edit_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def png() -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            "/></Types>",
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, resource, name, content):
    data = _edit_form(resource)
    data.update(
        {
            "files-TOTAL_FORMS": "1",
            "files-0-file": SimpleUploadedFile(name, content),
            "files-0-language": "en",
            "files-0-position": "0",
        }
    )
    return client.post(f"{CHANGELIST}{resource.pk}/change/", data)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("advisory.pdf", PDF, "application/pdf"),
        ("map.png", png(), "image/png"),
        (
            "letter.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        # A misnamed file is still accepted for what it is.
        ("scan.bin", PDF, "application/pdf"),
    ],
)
def test_real_documents_are_stored_with_their_detected_type(client, name, content, content_type):
    client.force_login(staff_member("Editor"))
    # A draft: files of a published publication are a publisher's change.
    advisory = ResourceFactory(status="draft")
    response = _upload(client, advisory, name, content)
    assert response.status_code == 302
    stored = ResourceFile.objects.get(resource=advisory)
    assert stored.content_type == content_type
    assert stored.size == len(content)
    assert default_storage.exists(stored.file.name)


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [("advisory.pdf", EXE, "application/x-dosexec"), ("advisory.pdf", HTML, "text/html")],
)
def test_renamed_executables_and_pages_are_refused_with_the_reason(
    client, name, content, detected
):
    client.force_login(staff_member("Editor"))
    # A draft: files of a published publication are a publisher's change.
    advisory = ResourceFactory(status="draft")
    response = _upload(client, advisory, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"This file&#x27;s content is {detected}, which is not accepted." in page
    assert not ResourceFile.objects.filter(resource=advisory).exists()


def test_file_over_the_size_limit_is_refused_naming_the_limit(client, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(staff_member("Editor"))
    # A draft: files of a published publication are a publisher's change.
    advisory = ResourceFactory(status="draft")
    big = PDF + b"%" + b"x" * (1024 * 1024 + 500_000)
    response = _upload(client, advisory, "big.pdf", big)
    assert response.status_code == 200
    assert "The file is 1.5 MB; the limit is 1 MB." in response.content.decode()
    assert not ResourceFile.objects.filter(resource=advisory).exists()


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, settings, signed_in):
    settings.UPLOAD_MAX_MB = 2
    if signed_in:
        client.force_login(staff_member("Editor"))
    # A draft: files of a published publication are a publisher's change.
    advisory = ResourceFactory(status="draft")
    declared = 40 * 1024 * 1024

    # The body is one byte: the answer must come from the declared length alone.
    response = client.generic(
        "POST",
        f"{CHANGELIST}{advisory.pk}/change/",
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(declared),
    )

    assert response.status_code == 413
    assert response.content.decode() == "The request is 40.0 MB; the largest accepted is 3 MB."
    assert not ResourceFile.objects.filter(resource=advisory).exists()


def test_a_malformed_content_length_is_a_bad_request(client):
    response = client.generic("POST", "/resources/", b"x", CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_default_limit_is_fifty_megabytes(settings):
    assert settings.UPLOAD_MAX_MB == 50
