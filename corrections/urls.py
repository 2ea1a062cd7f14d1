"""The correction form and its thank-you page (under /maps/corrections/, where they began)."""

from django.urls import path

from . import views

app_name = "corrections"
urlpatterns = [
    path("new/", views.SuggestCorrectionView.as_view(), name="suggest"),
    path("thanks/", views.correction_thanks, name="thanks"),
]
