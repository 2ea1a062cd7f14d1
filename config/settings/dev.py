"""Local development: debug on, everything on this machine."""

from .base import *  # noqa: F401,F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The cache is shared by `runserver` and every command (imports, publish_scheduled, the shell):
# Redis, which `make run` starts, so an edit from the command line makes the running site's
# pages stale at once. Keys are prefixed per checkout, so two checkouts never share pages.
if not CACHE_URL:  # noqa: F405
    import hashlib

    CACHES = {
        "default": {
            "BACKEND": "core.caching.backends.ReusingRedisCache",
            "LOCATION": env("DEV_CACHE_URL", default="redis://127.0.0.1:6379/0"),  # noqa: F405
            "KEY_PREFIX": env(  # noqa: F405
                "CACHE_KEY_PREFIX",
                default="lrc-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10],  # noqa: F405
            ),
        }
    }

# Demo data and its commands (load_demo_data, generate_catalog): development only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
