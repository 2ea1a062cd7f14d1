"""Under the production settings, served by gunicorn, a publication's file downloads: nothing
else serves MEDIA_ROOT there, so the app's own view must."""

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from core.publishing import Status
from tests.factories import ResourceFileFactory

from .servers import gunicorn
from .test_multiprocess import database_url

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def production_server(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-download-test-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CACHE_URL": "",
    }
    with gunicorn(env, tmp_path / "gunicorn.log", "-w", "1", "--timeout", "60") as base:
        yield base


def fetch(url: str, **headers):
    # The load balancer ends TLS and says so; without it the site redirects to https.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.django_db(transaction=True)
def test_a_public_file_downloads_under_production_settings(production_server):
    document = ResourceFileFactory(file__data=PDF, label="Advisory")
    draft = ResourceFileFactory(file__data=PDF, resource__status=Status.DRAFT)

    status, headers, body = fetch(production_server + document.get_absolute_url())
    assert status == 200, body[:500]
    assert body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="advisory.pdf"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")

    status, headers, body = fetch(
        production_server + document.get_absolute_url(), Range="bytes=0-3"
    )
    assert (status, body, headers["Content-Range"]) == (206, b"%PDF", f"bytes 0-3/{len(PDF)}")

    status, _headers, body = fetch(production_server + draft.get_absolute_url())
    assert status != 200 and PDF not in body
    status, _headers, _body = fetch(f"{production_server}/media/{document.file.name}")
    assert status != 200
