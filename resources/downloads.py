"""Publication files served by the app, in every environment, whatever the storage.

A file is served only under its detected type, with headers that keep it from ever running as
a page of this site: `nosniff`, a sandboxing Content-Security-Policy (a document opened from
here gets an origin of its own and no script), and `Content-Disposition: attachment` for
everything but images. The public may fetch a file while its publication is public; staff who
may view publications always can. Range requests and ETag let a phone resume a large PDF.
"""

import hashlib
import re

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from core.documents import ALLOWED_CONTENT_TYPES

from .models import Resource, ResourceFile

CHUNK = 64 * 1024
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
PUBLIC_MAX_AGE = 300
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single `Range: bytes=…` request, or None to send the whole file.

    Several ranges or a malformed header get the whole file, which the standard allows.
    """
    match = RANGE.match(header.strip())
    if not match or (not match[1] and not match[2]):
        return None
    if not match[1]:  # bytes=-N: the last N bytes
        length = int(match[2])
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size - 1
    first = int(match[1])
    if first >= size:
        raise Unsatisfiable
    last = int(match[2]) if match[2] else size - 1
    if first > last:
        return None
    return first, min(last, size - 1)


def _chunks(handle, first: int, length: int):
    try:
        handle.seek(first)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def may_download(request, document: ResourceFile) -> tuple[bool, bool]:
    """(allowed, public): the public while the publication is public; staff always."""
    if Resource.objects.published().filter(pk=document.resource_id).exists():
        return True, True
    user = request.user
    return bool(user.is_staff and user.has_perm("resources.view_resource")), False


@require_safe
def document_download(request, pk: int, name: str):
    document = (
        ResourceFile.objects.select_related("resource").filter(pk=pk).first()
        if pk < 2**63
        else None
    )
    if document is None or document.file.name.rsplit("/", 1)[-1] != name:
        raise Http404
    allowed, public = may_download(request, document)
    if not allowed:
        raise Http404
    try:
        size = default_storage.size(document.file.name)
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error

    # Only the detected, allowed types are ever named; anything else is opaque bytes.
    content_type = document.content_type
    if content_type not in ALLOWED_CONTENT_TYPES:
        content_type = "application/octet-stream"
    # Stored names are never reused for other content, so the name and size identify it.
    digest = hashlib.sha256(f"{document.file.name}:{size}".encode()).hexdigest()[:32]
    etag = f'"{digest}"'

    span = None
    if "HTTP_RANGE" in request.META and request.META.get("HTTP_IF_RANGE", etag) == etag:
        try:
            span = byte_range(request.META["HTTP_RANGE"], size)
        except Unsatisfiable:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return _file_headers(response, document, content_type, etag, public)

    first, last = span or (0, size - 1)
    length = max(0, last - first + 1)
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
    else:
        response = StreamingHttpResponse(
            _chunks(default_storage.open(document.file.name, "rb"), first, length),
            content_type=content_type,
        )
    response["Content-Length"] = str(length)
    if span:
        response.status_code = 206
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return _file_headers(response, document, content_type, etag, public)


def _file_headers(response, document, content_type, etag, public):
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Content-Disposition"] = content_disposition_header(
        content_type not in INLINE_TYPES, document.filename
    )
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    )
    return response
