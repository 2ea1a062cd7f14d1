"""Fixtures for the security suite: the production settings, loaded for real."""

import importlib
import secrets

import pytest


@pytest.fixture
def production_settings(settings, monkeypatch):
    """Apply config/settings/production.py's security settings on top of the test settings."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(60))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver,example.org")
    import config.settings.production as production

    production = importlib.reload(production)
    for name in dir(production):
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")) or name in {
            "X_FRAME_OPTIONS",
            "CONTENT_SECURITY_POLICY",
            "PERMISSIONS_POLICY",
            "ALLOWED_HOSTS",
        }:
            setattr(settings, name, getattr(production, name))
    return settings
