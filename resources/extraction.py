"""The text of attached PDF and DOCX files, page by page, for the library search.

Read whenever a file is saved, whatever saves it (admin, shell, importer: a post_save signal in
resources/signals.py), after the save has committed, so a file that cannot be read never
undoes or blocks the save. The reading runs in a child process with a time limit and a memory
limit, on at most FILE_TEXT_MAX_MB: a malformed or hostile file costs that child, not the
server. PDFs are read with pypdf (pure Python, maintained, installs from PyPI with no system
library, reads a page at a time so the page of a match is known); DOCX is a zip of XML read
with the standard library. A PDF with no text on any page (a scan) is marked "no text" for
staff to see in the admin, never silently indexed as empty.

`python -m resources.extraction NAME < file` is the child: it prints {"status", "pages"}.
"""

import io
import json
import logging
import subprocess
import sys
import zipfile

from defusedxml import ElementTree
from django.conf import settings

logger = logging.getLogger(__name__)

# Limits, each overridable in settings.
FILE_TEXT_MAX_MB = 60
FILE_TEXT_SECONDS = 30
FILE_TEXT_MEMORY_MB = 1024
MAX_PAGES = 2000
MAX_PAGE_CHARS = 50_000
MAX_FILE_CHARS = 2_000_000
DOCX_MAX_XML_MB = 50

EXTRACTED, NO_TEXT, UNSUPPORTED, TOO_LARGE, FAILED = (
    "extracted",
    "no_text",
    "unsupported",
    "too_large",
    "failed",
)


def limit(name: str, default: float) -> float:
    return getattr(settings, name, default) if settings.configured else default


# --- In the child process -------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    pages, total = [], 0
    for page in reader.pages[:MAX_PAGES]:
        text = (page.extract_text() or "")[:MAX_PAGE_CHARS]
        pages.append(text)
        total += len(text)
        if total > MAX_FILE_CHARS:
            break
    return pages


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_pages(data: bytes) -> list[str]:
    """Paragraphs of word/document.xml, split into pages at the page breaks Word recorded."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > DOCX_MAX_XML_MB * 1024 * 1024:
            raise ValueError("document.xml is too large")
        xml = archive.read(info)
    pages, page, paragraph = [], [], []
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        if (
            event == "start"
            and element.tag == W + "lastRenderedPageBreak"
            or (event == "start" and element.tag == W + "br" and element.get(W + "type") == "page")
        ):
            page.append("".join(paragraph))
            paragraph = []
            pages.append("\n".join(page))
            page = []
        elif event == "end" and element.tag == W + "t":
            paragraph.append(element.text or "")
        elif event == "end" and element.tag == W + "p":
            page.append("".join(paragraph))
            paragraph = []
            element.clear()
    page.append("".join(paragraph))
    pages.append("\n".join(page))
    # A break at the very start leaves an empty first page that Word never shows.
    while len(pages) > 1 and not pages[0].strip():
        pages.pop(0)
    return [text[:MAX_PAGE_CHARS] for text in pages[:MAX_PAGES]]


def read_pages(data: bytes, name: str) -> dict:
    if data.startswith(b"%PDF"):
        pages = pdf_pages(data)
    elif data.startswith(b"PK") and name.lower().endswith(".docx"):
        pages = docx_pages(data)
    else:
        return {"status": UNSUPPORTED, "pages": []}
    pages = [" ".join(text.split()) for text in pages]
    if not any(pages):
        return {"status": NO_TEXT, "pages": []}
    return {"status": EXTRACTED, "pages": pages}


def _limit_memory() -> None:  # pragma: no cover - runs in the child before exec
    import resource

    size = FILE_TEXT_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    data = sys.stdin.buffer.read()
    try:
        result = read_pages(data, name)
    except Exception as error:  # any malformed file: reported, never raised to the parent
        result = {"status": FAILED, "pages": [], "error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(result))


# --- In the server ---------------------------------------------------------------------------


def read_file(data: bytes, name: str) -> dict:
    """{"status", "pages"} of a file's bytes, read in a child process within the limits."""
    try:
        done = subprocess.run(  # noqa: S603 - a fixed command; the file goes to standard input
            [sys.executable, "-m", "resources.extraction", name],
            input=data,
            capture_output=True,
            timeout=limit("FILE_TEXT_SECONDS", FILE_TEXT_SECONDS),
            cwd=settings.BASE_DIR,
            preexec_fn=_limit_memory,  # noqa: PLW1509 - no threads are started before exec
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": FAILED, "pages": [], "error": "time limit"}
    if done.returncode != 0:
        return {"status": FAILED, "pages": [], "error": done.stderr.decode()[-500:]}
    return json.loads(done.stdout)


def refresh_file_text(file_id: int) -> str | None:
    """Read one attached file again and replace its pages; returns the new text status."""
    from django.db import transaction

    from .models import ResourceFile, ResourceFilePage

    attached = ResourceFile.objects.filter(pk=file_id).first()
    if attached is None or not attached.file:
        return None
    name = attached.file.name
    max_bytes = int(limit("FILE_TEXT_MAX_MB", FILE_TEXT_MAX_MB) * 1024 * 1024)
    try:
        with attached.file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        result = {"status": FAILED, "pages": [], "error": str(error)}
    else:
        if len(data) > max_bytes:
            result = {"status": TOO_LARGE, "pages": []}
        else:
            result = read_file(data, name)
    if result.get("error"):
        logger.warning("Text of file %s (%s) not read: %s", file_id, name, result["error"])
    with transaction.atomic():
        ResourceFilePage.objects.filter(file_id=file_id).delete()
        ResourceFilePage.objects.bulk_create(
            ResourceFilePage(file_id=file_id, number=number, text=text)
            for number, text in enumerate(result["pages"], start=1)
            if text
        )
        ResourceFile.objects.filter(pk=file_id).update(
            text_status=result["status"], text_source=name
        )
    return result["status"]


def refresh_file_text_safely(file_id: int) -> None:
    """refresh_file_text for the save hook: whatever goes wrong is logged, never raised."""
    try:
        refresh_file_text(file_id)
    except Exception:
        logger.exception("Text of file %s not read", file_id)
        try:
            from .models import ResourceFile

            ResourceFile.objects.filter(pk=file_id).update(text_status=FAILED)
        except Exception:
            logger.exception("Text status of file %s not recorded", file_id)


if __name__ == "__main__":
    main()
