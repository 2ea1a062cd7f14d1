"""Map API routes, included by config/api_router.py under api/maps/."""

from django.urls import path

from core.caching.pages import cache_public_page

from . import views

urlpatterns = [
    path("maps/", views.PolicyMapListAPIView.as_view(), name="map-list"),
    path("maps/<slug:slug>/", views.PolicyMapDetailAPIView.as_view(), name="map-detail"),
    path(
        "maps/<slug:slug>/features/",
        # Any edit makes the stored copy stale at once, as it does the map's own data cache.
        cache_public_page(views.PolicyMapFeaturesAPIView.as_view()),
        name="map-features",
    ),
    path(
        "maps/<slug:slug>/geometry/<str:digest>/",
        views.PolicyMapGeometryAPIView.as_view(),
        name="map-geometry",
    ),
    path(
        "maps/<slug:slug>/names/<str:digest>/",
        views.PolicyMapNamesAPIView.as_view(),
        name="map-names",
    ),
    path(
        "maps/<slug:slug>/places/",
        cache_public_page(views.PolicyMapPlacesAPIView.as_view()),
        name="map-places",
    ),
    path(
        "maps/<slug:slug>/places/<str:geoid>/",
        cache_public_page(views.PolicyMapPlaceAPIView.as_view()),
        name="map-place",
    ),
    path(
        "maps/<slug:slug>/policies/",
        views.PolicyMapPoliciesAPIView.as_view(),
        name="map-policies",
    ),
]
