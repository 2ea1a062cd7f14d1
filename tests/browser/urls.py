"""The site's URLs, for the live test server (files are served by the site's own view)."""

from config.urls import urlpatterns

__all__ = ["urlpatterns"]
