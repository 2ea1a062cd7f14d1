"""Two app servers, one database and one Redis: a login on one works on the other, and a
policy edit saved through the admin form of one shows at once in the map data served by both."""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.contrib.auth import get_user_model
from django.db import connection

from bench.html_forms import form_fields
from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

ROOT = Path(__file__).resolve().parents[2]
PORTS = (8110, 8111)
REDIS_DB = 11
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
PREFIX = "test_h7_multi"


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgis://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def shared_redis(settings):
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    # The servers run with the default hashers, not the test settings' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    # This process writes through the same cache, as a third app server would.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": PREFIX,
        }
    }
    yield client
    client.flushdb()


@pytest.fixture
def two_servers(shared_redis, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "true",  # static files by plain name: no collectstatic needed
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": PREFIX,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    servers = [
        subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "--timeout",
                "60",
                "--control-socket",
                str(tmp_path / f"gunicorn-{port}.ctl"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            # Kept in the test's temporary directory: a server error's traceback is there.
            stderr=(tmp_path / f"gunicorn-{port}.log").open("w"),
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10):
                        break
                except OSError:  # refused, reset or timed out while the worker boots
                    assert time.monotonic() < deadline, f"server on {port} did not start"
                    time.sleep(0.3)
        yield [f"http://127.0.0.1:{port}" for port in PORTS]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=15)


def opener_with(jar):
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def category_of(features: dict, geoid: str) -> str:
    for feature in features["features"]:
        if str(feature.get("id")) == geoid or feature["properties"].get("geoid") == geoid:
            return json.dumps(feature["properties"])
    raise AssertionError(f"no feature {geoid}")


@pytest.mark.django_db(transaction=True)
def test_login_and_policy_edit_are_shared_between_two_app_servers(
    texas_with_counties, shared_redis, two_servers
):
    server_a, server_b = two_servers
    _texas, counties = texas_with_counties
    get_user_model().objects.create_superuser("editor", "editor@example.org", "s3cret-pass-77")
    policy_map = PolicyMapFactory(slug="detainer-policies", title="Detainer policies")
    declines = MapCategoryFactory(policy_map=policy_map, slug="declines", label="Declines")
    honours = MapCategoryFactory(policy_map=policy_map, slug="honours", label="Honours")
    policy = PolicyFactory(category=honours, jurisdiction=counties["Harris County"])
    features_path = f"/api/maps/{policy_map.slug}/features/"

    # A staff member signs in on server A ...
    jar = http.cookiejar.CookieJar()
    browser = opener_with(jar)
    login_page = browser.open(f"{server_a}/admin/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urllib.parse.urlencode(
        {"username": "editor", "password": "s3cret-pass-77", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{server_a}/admin/login/?next=/admin/", data=form, headers={"Referer": server_a}
    )
    assert "Site administration" in browser.open(request, timeout=10).read().decode()
    # ... and the same session cookie is signed in on server B.
    on_b = browser.open(f"{server_b}/admin/", timeout=10)
    assert on_b.geturl().rstrip("/").endswith("/admin")
    assert "Site administration" in on_b.read().decode()

    # Both servers have the map data cached in Redis.
    for server in two_servers:
        assert '"honours"' in category_of(get_json(server + features_path), "48201")
    assert shared_redis.dbsize() > 0

    # The staff member opens the policy's change form on server A and saves it with a new
    # category: a real POST with the form's CSRF token and its optimistic-locking field ...
    change_url = f"{server_a}/admin/maps/policy/{policy.pk}/change/"
    change_page = browser.open(change_url, timeout=10).read().decode()
    fields = form_fields(change_page, "policy_form")
    assert fields["csrfmiddlewaretoken"] and fields["loaded_updated"]
    assert fields["category"] == str(honours.pk)
    fields.update(category=str(declines.pk), summary_en="Declines every hold since the memo.")
    # A category change in place says it corrects the record (not a new policy from a date).
    fields["category_change"] = "correction"
    fields["_save"] = "Save"
    saved = browser.open(
        urllib.request.Request(
            change_url,
            data=urllib.parse.urlencode(fields, doseq=True).encode(),
            headers={"Referer": change_url},
        ),
        timeout=20,
    )
    # Saved: the admin redirects to the list and says so (a refused form stays on the page).
    assert saved.geturl().split("?")[0].endswith("/admin/maps/policy/"), saved.geturl()
    assert "was changed successfully" in saved.read().decode()

    # ... and server B serves the new map data at once, as server A does.
    for server in (server_b, server_a):
        properties = category_of(get_json(server + features_path), "48201")
        assert '"declines"' in properties
        assert "Declines every hold since the memo." in properties
    policy.refresh_from_db()
    assert policy.category == declines
