"""Production: secure defaults; every secret and host comes from the environment."""

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# gis.W001 warns that GDAL < 3.9 cannot be told to refuse file and network access while
# parsing a spatial reference. No spatial reference or geometry file from a visitor reaches
# GDAL here: boundaries come from the shipped files through `load_boundaries`, run by an
# operator, and no public endpoint accepts an SRS. Debian 12 ships GDAL 3.6; with 3.9+ the
# check passes by itself and this line can go.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# The demo app is never installed in production, but for the benchmark's reference views.
if BENCH_VIEWS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
