"""Test settings: fast hashing, in-memory email and cache, a test database per run."""

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off by default: a test's transaction never commits, so an edit inside a test would not
# invalidate a page cached earlier in it. tests/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_lrc")}
DATABASES["default"]["CONN_MAX_AGE"] = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10000/minute"}
AXES_ENABLED = True

# The tests load demo data and generate catalogues.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
