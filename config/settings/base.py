"""Settings shared by every environment; everything that differs comes from the environment."""

import re
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "simple_history",
    "import_export",
    "axes",
    "csp",
]
LOCAL_APPS = [
    "core",
    "pages",
    "corrections",
    "resources",
    "jurisdictions",
    "maps",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.http.security.RejectNullBytesMiddleware",
    "core.http.security.RequestSizeLimitMiddleware",
    "core.http.security.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET response, and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it adjusts the response before CSP and X-Frame-Options are written.
    "core.http.security.SecurityHeadersMiddleware",
    # Innermost: a view that cannot reach the database answers 503, not 500.
    "core.http.security.DatabaseUnavailableMiddleware",
]

# Benchmarks only: a Server-Timing header on every response, and the /bench/trivial view.
SERVER_TIMING = env.bool("SERVER_TIMING", default=False)
if SERVER_TIMING:
    MIDDLEWARE.insert(0, "core.http.timing.ServerTimingMiddleware")
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: PostgreSQL + PostGIS only. `make` points DATABASE_URL at a local cluster when unset.
DATABASES = {"default": env.db("DATABASE_URL", default="postgis://lrc@127.0.0.1:54329/lrc")}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DATABASE_CONNECT_TIMEOUT", default=3
)
# A web request's queries are small: parallel workers made them no faster on one request and
# starved the other requests of cores under load (benchmarks, issue 7). 0 turns them off.
# JIT compilation is off too: it starts on the planner's cost alone, and a query that reads six
# rows down an index after a large estimate (the publications related to a map) spent 25 ms
# compiling to run in 16. DATABASE_JIT=on turns it back on, for reporting on a replica.
DATABASES["default"]["OPTIONS"]["options"] = (
    f"-c max_parallel_workers_per_gather={env.int('DATABASE_PARALLEL_WORKERS', default=0)}"
    f" -c jit={'on' if env.bool('DATABASE_JIT', default=False) else 'off'}"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when CACHE_URL is set (redis://host:6379/0), local memory otherwise.
CACHE_URL = env("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.caching.backends.ReusingRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="lrc"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds an anonymous visitor's copy of a public page may be served from the cache; any edit
# to public content makes every copy stale at once (config/page_cache.py). 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Memory each server process may use for its own copies of large cached pages (the map data).
PAGE_CACHE_LOCAL_MB = env.int("PAGE_CACHE_LOCAL_MB", default=32)

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Internationalisation: English at unprefixed URLs, Spanish under /es/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# Static and uploaded files.
STATIC_URL = env("STATIC_URL", default="/static/")
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "file_overwrite": False,
        },
    }
# Largest accepted upload, in megabytes.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=50)
# Largest spreadsheet accepted by the importers, in rows.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)
# Largest spreadsheet accepted by the admin import and the import commands, in megabytes.
IMPORT_MAX_MB = env.int("IMPORT_MAX_MB", default=10)
# Exporting from the admin needs the view permission of what is exported.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Maps: the base-map tiles are a setting; with none reachable the shapes draw on a plain background.
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (39.5, -98.35),
    "DEFAULT_ZOOM": 4,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 12,
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    "TILES": [(_("Base map"), MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})]
    if MAP_TILE_URL
    else [],
}

# Content-Security-Policy (django-csp), in every environment so browser tests see violations.
# Scripts only from this site; an inline <script> needs the request's nonce
# ({{ CSP_NONCE }} in templates; django-leaflet's admin widget reads request.csp_nonce, and
# {% leaflet_map ... csp_nonce=CSP_NONCE %} passes it on). style-src-attr allows style=""
# attributes: Leaflet and the admin's widgets position elements with them; an attribute
# cannot run script, while <style> elements and stylesheets stay limited to this site.
# A CDN in STATIC_URL and an object-storage domain for uploads are added to the sources.
_TILE_ORIGIN = re.match(r"^(https?://[^/]+)", MAP_TILE_URL.replace("{s}", "*"))
_STATIC_ORIGIN = re.match(r"^((?:https?:)?//[^/]+)", STATIC_URL)
_STATIC = [_STATIC_ORIGIN.group(1)] if _STATIC_ORIGIN else []
_MEDIA_ORIGIN = re.match(r"^((?:https?:)?//[^/]+)", MEDIA_URL)
_MEDIA = [_MEDIA_ORIGIN.group(1)] if _MEDIA_ORIGIN else []
if env("AWS_S3_CUSTOM_DOMAIN", default=""):
    _MEDIA.append("https://" + env("AWS_S3_CUSTOM_DOMAIN"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *_STATIC],
        "style-src": [SELF, *_STATIC],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", *_STATIC, *_MEDIA]
        + ([_TILE_ORIGIN.group(1)] if _TILE_ORIGIN else []),
        "font-src": [SELF, *_STATIC],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    default="accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Site identity, shown in templates.
SITE_NAME = env("SITE_NAME", default="Immigrant Justice Resource Center")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["core.http.throttling.AnonWindowRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", default="600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Resource library and policy maps API",
    "DESCRIPTION": "Read-only public data: publications, jurisdictions, policy maps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from the app's own static files (no CDN), with no inline script.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api_schema.document_common_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "JurisdictionLevelEnum": "jurisdictions.models.Level",
        "MapLevelEnum": "maps.models.MapLevel",
    },
}

# The only sign-in page is the admin's: after it, the admin (also when `next` is refused).
LOGIN_REDIRECT_URL = "admin:index"
LOGIN_URL = "admin:login"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_RESET_ON_SUCCESS = True
# Lock a user name at one address: five wrong passwords from one visitor lock that account
# there, not every staff member behind the same load balancer, nor the account everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.http.security.client_ip"
# Addresses or networks of the proxies in front of the app (the load balancer), whose
# TRUSTED_PROXY_HEADER names the visitor; empty: the connecting address is the visitor's.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", default="X-Forwarded-For")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
