"""The site's URLs plus the uploaded files, which the live test server must serve for downloads.

In production uploads are served by the storage (S3) or the web server in front of Django; the
test server has neither, so the browser tests add Django's file view for MEDIA_ROOT.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
