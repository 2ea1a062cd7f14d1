"""Public map pages."""

from django.urls import path

from . import views

app_name = "maps"
urlpatterns = [
    path("", views.PolicyMapListView.as_view(), name="list"),
]
