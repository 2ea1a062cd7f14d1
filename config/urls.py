"""Top-level URLs: public pages (English unprefixed, Spanish under /es/), the API and the admin."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import set_language

from core.caching.pages import cache_public_page
from pages import views
from pages.sitemaps import SITEMAPS, RobotsTxtView
from resources.downloads import document_download

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("config.api_router")),
    # Publication files, in every environment: nothing serves MEDIA_ROOT directly.
    path("files/<int:pk>/<str:name>", document_download, name="resource-file"),
    path("robots.txt", RobotsTxtView.as_view(), name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("resources/", include("resources.urls")),
    path("jurisdictions/", include("pages.jurisdiction_urls")),
    path("maps/corrections/", include("corrections.urls")),
    path("maps/", include("maps.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.BENCH_VIEWS:
    from demo.views import trivial, trivial_bytes

    urlpatterns.insert(0, path("bench/trivial", trivial, name="bench-trivial"))
    urlpatterns.insert(0, path("bench/bytes", trivial_bytes, name="bench-bytes"))
