"""Public pages take only the methods they serve: anything else is 405 with Allow, never a
200 to TRACE nor a CSRF 403 to a write; and the admin's sign-in ends in the admin."""

import pytest
from django.contrib.auth.models import User

from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/resources/", "/es/resources/", "/maps/", "/healthz", "/robots.txt", "/sitemap.xml"]


@pytest.mark.parametrize("path", PAGES + ["/resources/feed/", "/api/resources/", "/admin/login/"])
def test_trace_is_not_allowed_anywhere(client, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", PAGES + ["/resources/feed/", "/resources/export.csv"])
def test_a_write_to_a_public_page_is_405_not_403(path, method):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_publication_page_takes_get_but_not_post(client):
    advisory = ResourceFactory()
    assert client.get(advisory.get_absolute_url()).status_code == 200
    assert client.post(advisory.get_absolute_url()).status_code == 405


def test_the_admin_and_the_language_switch_still_take_posts(client):
    User.objects.create_user("maria", password="correct horse battery", is_staff=True)
    login = client.post(
        "/admin/login/", {"username": "maria", "password": "correct horse battery"}
    )
    assert login.status_code == 302
    assert client.post("/i18n/setlang/", {"language": "es", "next": "/"}).status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_a_refused_next_after_sign_in_goes_to_the_admin(client, next_url):
    User.objects.create_user("maria", password="correct horse battery", is_staff=True)
    response = client.post(
        "/admin/login/",
        {"username": "maria", "password": "correct horse battery", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
