"""An import run from the command line shows at once on a running `make run` server: the two
are separate processes, so they must share the cache the pages are invalidated in."""

import json
import os
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings

from tests.factories import ResourceFactory

from .servers import gunicorn
from .test_multiprocess import database_url

ROOT = Path(__file__).resolve().parents[2]
CSV = (
    "title,type,publication_date,summary,topics,language,url,jurisdictions,status\n"
    "Bond hearings,practice-advisory,2020-01-21,How to seek bond.,Detainers,en,,,published\n"
)


@pytest.fixture
def dev_environment(tmp_path):
    """The environment `make run` gives the server and a command typed beside it: the
    development settings, and no CACHE_URL (only a prefix of this test's own)."""
    prefix = f"test-cli-{secrets.token_hex(4)}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "DEV_CACHE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "CACHE_KEY_PREFIX": prefix,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
    )
    yield env
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def dev_server(dev_environment, tmp_path):
    with gunicorn(dev_environment, tmp_path / "server.log") as base:
        yield base


def titles(url: str) -> tuple[list[str], str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.loads(response.read())
        return [item["title"] for item in body["results"]], response.headers["X-Page-Cache"]


@pytest.mark.django_db(transaction=True)
def test_an_import_from_the_command_line_shows_at_once_on_the_running_site(
    dev_environment, dev_server, tmp_path
):
    ResourceFactory(title="Detainer advisory")
    assert titles(f"{dev_server}/api/resources/") == (["Detainer advisory"], "miss")
    assert titles(f"{dev_server}/api/resources/") == (["Detainer advisory"], "hit")

    path = tmp_path / "items.csv"
    path.write_text(CSV, encoding="utf-8")
    subprocess.run(
        [sys.executable, "manage.py", "import_resources", str(path)],
        cwd=ROOT,
        env=dev_environment,
        check=True,
        capture_output=True,
    )

    found, _state = titles(f"{dev_server}/api/resources/")
    assert sorted(found) == ["Bond hearings", "Detainer advisory"]
