"""Map API routes, included by config/api_router.py under api/maps/."""

from django.urls import path

from . import views

urlpatterns = [
    path("maps/", views.PolicyMapListAPIView.as_view(), name="map-list"),
    path("maps/<slug:slug>/", views.PolicyMapDetailAPIView.as_view(), name="map-detail"),
    path(
        "maps/<slug:slug>/features/",
        views.PolicyMapFeaturesAPIView.as_view(),
        name="map-features",
    ),
    path(
        "maps/<slug:slug>/policies/",
        views.PolicyMapPoliciesAPIView.as_view(),
        name="map-policies",
    ),
]
