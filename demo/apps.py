"""Demo and benchmark data, and the benchmark's reference views: development and tests only.
Production settings do not install this app."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo data"
