"""Every API route, in one place."""

from django.http import JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.caching.pages import cache_public_page
from jurisdictions.api import views as jurisdiction_views
from maps.api import views as map_views
from maps.api.urls import urlpatterns as map_urlpatterns
from resources.api import views as resource_views

router = DefaultRouter()


def api_not_found(request):
    return JsonResponse({"detail": "Not found."}, status=404)


app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *map_urlpatterns,
    path(
        "resources/",
        cache_public_page(resource_views.ResourceListAPIView.as_view()),
        name="resource-list",
    ),
    path(
        "resources/<slug:slug>/",
        cache_public_page(resource_views.ResourceDetailAPIView.as_view()),
        name="resource-detail",
    ),
    path("types/", resource_views.ResourceTypeListAPIView.as_view(), name="type-list"),
    path("topics/", resource_views.TopicListAPIView.as_view(), name="topic-list"),
    path(
        "jurisdictions/",
        jurisdiction_views.JurisdictionListAPIView.as_view(),
        name="jurisdiction-list",
    ),
    path(
        "jurisdictions/<str:geoid>/",
        map_views.JurisdictionDetailAPIView.as_view(),
        name="jurisdiction-detail",
    ),
    *router.urls,
    # Last: any other address under /api/ answers a JSON 404, as API clients expect.
    re_path(r"^", api_not_found, name="not-found"),
]
