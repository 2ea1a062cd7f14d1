"""Public jurisdiction pages."""

from django.urls import path

from . import views

app_name = "jurisdictions"
urlpatterns = [
    path("<str:geoid>/", views.JurisdictionDetailView.as_view(), name="detail"),
]
