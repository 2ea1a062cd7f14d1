"""Upload checks by content, not by file name."""

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


def sniff_content_type(uploaded) -> str:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(position)
    content_type = magic.from_buffer(head, mime=True)
    # DOCX files are ZIP archives; libmagic needs more than the head to tell them apart.
    if content_type in {"application/zip", "application/octet-stream"} and b"word/" in head:
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
