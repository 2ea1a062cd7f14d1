"""Public map pages."""

from django.urls import path

from core.caching.pages import cache_public_page

from . import feeds, views

app_name = "maps"
urlpatterns = [
    path("", cache_public_page(views.PolicyMapListView.as_view()), name="list"),
    path("<slug:slug>/feed/", feeds.map_changes_feed, name="feed"),
    path("<slug:slug>/feed/atom/", feeds.map_changes_atom_feed, name="feed-atom"),
    path(
        "<slug:slug>/changes/",
        cache_public_page(views.PolicyMapChangesView.as_view()),
        name="changes",
    ),
    path("<slug:slug>/changes.csv", views.PolicyMapChangesCSVView.as_view(), name="changes-csv"),
    path("<slug:slug>/", cache_public_page(views.PolicyMapDetailView.as_view()), name="detail"),
    path("<slug:slug>/data.csv", views.PolicyMapCSVView.as_view(), name="data-csv"),
    path("<slug:slug>/data.geojson", views.PolicyMapGeoJSONView.as_view(), name="data-geojson"),
]
