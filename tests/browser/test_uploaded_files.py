"""No uploaded file can run script in the site's origin, whatever its first bytes pretend."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from resources.models import ResourceFile
from tests.factories import ResourceFactory, ResourceFileFactory
from tests.resources.test_downloads import PDF_HTML, POLY_HTML, POLY_JS, SVG

TITLE = "A publication"


@pytest.fixture
def hostile_files(transactional_db):
    """Every polyglot of the attack, through the same save as the admin's; and, as if stored
    before the checks existed, the HTML one planted in storage under a .html name."""
    advisory = ResourceFactory(title=TITLE, slug="a-publication")
    stored = []
    for name, content in [
        ("poly.html", POLY_HTML),
        ("poly.js", POLY_JS),
        ("advisory.pdf", PDF_HTML),
        ("logo.svg", SVG),
    ]:
        document = ResourceFile(resource=advisory, label=name)
        try:
            document.file.save(name, ContentFile(content), save=True)
        except ValidationError:
            continue
        stored.append(document)
    assert [document.label for document in stored] == ["poly.js"]
    planted = ResourceFileFactory(resource=advisory, label="planted")
    name = default_storage.save("resources/planted.html", ContentFile(POLY_HTML))
    ResourceFile.objects.filter(pk=planted.pk).update(file=name, content_type="text/html")
    planted.refresh_from_db()
    return [*stored, planted]


def _owned(page) -> bool:
    return page.evaluate("document.title").startswith("owned") or page.evaluate("!!window.owned")


def test_no_uploaded_file_runs_script_in_the_site(page, hostile_files):
    console = []
    page.on("console", lambda message: console.append(message.text))
    for document in hostile_files:
        url = document.get_absolute_url()

        # 1. Opened directly: an image in a sandbox, or a download, never a page of the site.
        if document.content_type.startswith("image/"):
            response = page.goto(url)
            assert response.headers["content-type"] == document.content_type
            assert page.evaluate("document.title") != "owned by an upload"
            assert page.evaluate("window.origin") == "null"  # sandboxed: no origin of ours
        else:
            with page.expect_download():
                page.evaluate("url => { window.location.href = url }", url)

        # 2. Loaded as a script by a page of the site (which CSP's 'self' would allow).
        page.goto("/resources/a-publication/")
        outcome = page.evaluate(
            """url => new Promise(resolve => {
                const script = document.createElement("script");
                script.src = url;
                script.onload = () => resolve("loaded");
                script.onerror = () => resolve("refused");
                document.head.appendChild(script);
            })""",
            url,
        )
        assert outcome == "refused", url
        assert not _owned(page)
        assert page.title().startswith(TITLE)

        # 3. Framed by a page of the site.
        page.evaluate(
            """url => new Promise(resolve => {
                const frame = document.createElement("iframe");
                frame.src = url;
                frame.onload = () => resolve();
                document.body.appendChild(frame);
                setTimeout(resolve, 2000);
            })""",
            url,
        )
        assert not _owned(page)
        assert page.title().startswith(TITLE)
    assert any("MIME type" in line for line in console), console
