"""The admin is for staff only, and repeated failed logins lock the account out."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def maria(db):
    return User.objects.create_user("maria", password=PASSWORD, is_staff=True)


def _login(client, password):
    return client.post(LOGIN, {"username": "maria", "password": password, "next": "/admin/"})


def test_right_password_logs_a_staff_member_in(client, maria):
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_after_the_failure_limit_even_the_right_password_is_refused(client, maria, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "wrong")
        assert "Please enter the correct username and password" in response.content.decode()
    assert _login(client, "wrong").status_code == 429
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_a_user_who_is_not_staff_cannot_enter_the_admin(client):
    User.objects.create_user("visitor", password=PASSWORD)
    response = client.post(LOGIN, {"username": "visitor", "password": PASSWORD})
    assert response.status_code == 200
    assert "staff account" in response.content.decode()
    assert client.get("/admin/").status_code == 302
