"""Upload checks by content, not by file name."""

import re

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/msword": "DOC",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
}
# A stored file's extension comes from its detected content, never from the uploaded name, so
# no upload is ever stored (or served by a web server) as .html, .svg or .js.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
# Markup that makes a file a polyglot: an image or PDF header followed by a web page, which a
# browser would run if it were ever served as HTML. Real images and PDFs do not carry it in
# their first bytes (a PDF's page content is compressed).
MARKUP = re.compile(
    rb"<\s*(?:script|html|body|head|svg|iframe|object|embed|meta|!doctype|\?xml-stylesheet)\b",
    re.IGNORECASE,
)
MARKUP_CHECKED = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def _head(uploaded, size: int = 8192) -> bytes:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(position)
    return head


def sniff_content_type(uploaded) -> str:
    head = _head(uploaded)
    content_type = magic.from_buffer(head, mime=True)
    # DOCX files are ZIP archives; libmagic needs more than the head to tell them apart.
    if content_type in {"application/zip", "application/octet-stream"} and b"word/" in head:
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return content_type


def check_document(uploaded) -> str:
    """The detected content type of an acceptable document; ValidationError otherwise."""
    content_type = sniff_content_type(uploaded)
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise ValidationError(
            _(
                "This file's content is %(content_type)s, which is not accepted. "
                "Upload a PDF, a Word document (DOCX) or an image (PNG, JPEG, GIF, WebP)."
            ),
            params={"content_type": content_type},
            code="bad_type",
        )
    if content_type in MARKUP_CHECKED and MARKUP.search(_head(uploaded, 64 * 1024)):
        raise ValidationError(
            _(
                "This file starts as %(kind)s but also holds web-page markup (HTML, SVG or "
                "script); it is not accepted. Export the document again and upload that copy."
            ),
            params={"kind": ALLOWED_CONTENT_TYPES[content_type]},
            code="polyglot",
        )
    return content_type


def validate_upload(uploaded):
    limit_mb = settings.UPLOAD_MAX_MB
    if uploaded.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB."),
            params={"size": uploaded.size / 1024 / 1024, "limit": limit_mb},
            code="too_large",
        )
    # Files already stored were checked when they were uploaded.
    if getattr(uploaded, "_committed", False) and not hasattr(uploaded, "content_type"):
        return
    check_document(uploaded)
