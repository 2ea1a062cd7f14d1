"""Public jurisdiction pages."""

from django.urls import path

from core.caching.pages import cache_public_page
from maps import feeds

from .jurisdictions import JurisdictionDetailView

app_name = "jurisdictions"
urlpatterns = [
    path("<str:geoid>/feed/", feeds.jurisdiction_changes_feed, name="feed"),
    path("<str:geoid>/feed/atom/", feeds.jurisdiction_changes_atom_feed, name="feed-atom"),
    path("<str:geoid>/", cache_public_page(JurisdictionDetailView.as_view()), name="detail"),
]
