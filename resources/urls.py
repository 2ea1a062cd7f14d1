"""Public pages of the library."""

from django.urls import path

from core.caching.pages import cache_public_page

from . import exports, feeds, views

app_name = "resources"
urlpatterns = [
    path("", cache_public_page(views.ResourceListView.as_view()), name="list"),
    # Before <slug:slug>/, which would otherwise take "export.csv" and "feed" for slugs.
    path("export.csv", exports.CSVExportView.as_view(), name="export-csv"),
    path("export.json", exports.JSONExportView.as_view(), name="export-json"),
    path("feed/", feeds.library_feed, name="feed"),
    path("feed/atom/", feeds.library_atom_feed, name="feed-atom"),
    path("topics/<slug:slug>/feed/", feeds.topic_feed, name="topic-feed"),
    path("topics/<slug:slug>/feed/atom/", feeds.topic_atom_feed, name="topic-feed-atom"),
    path("<slug:slug>/", cache_public_page(views.ResourceDetailView.as_view()), name="detail"),
]
