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


BALANCER = "10.0.0.2"


def _login_from(client, username, password, *, remote=BALANCER, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers
    )


@pytest.fixture
def behind_balancer(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    return settings


def test_behind_the_load_balancer_one_visitor_cannot_lock_out_the_others(
    client, maria, behind_balancer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_from(client, "maria", "wrong", forwarded="198.51.100.1")
    assert _login_from(client, "maria", PASSWORD, forwarded="198.51.100.1").status_code == 429
    # Maria at her own desk, through the same balancer, still gets in.
    assert _login_from(client, "maria", PASSWORD, forwarded="198.51.100.2").status_code == 302


def test_a_lock_is_per_user_name_at_an_address(client, maria, behind_balancer, settings):
    User.objects.create_user("jose", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_from(client, "maria", "wrong", forwarded="198.51.100.1")
    # A colleague behind the same office address is not locked out with her.
    assert _login_from(client, "jose", PASSWORD, forwarded="198.51.100.1").status_code == 302


def test_a_forwarded_address_from_anyone_but_the_balancer_is_ignored(
    client, maria, behind_balancer, settings
):
    # An attacker connecting directly rotates the header: still one address, and locked.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login_from(client, "maria", "wrong", remote="203.0.113.5", forwarded=f"192.0.2.{attempt}")
    response = _login_from(client, "maria", PASSWORD, remote="203.0.113.5", forwarded="192.0.2.99")
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client_address"),
    [
        ([], "10.0.0.2", "198.51.100.1", "10.0.0.2"),  # no proxy configured: header ignored
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # The visitor's own claim comes first; the balancer appends what it saw, on the right.
        (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1, 10.0.0.9", "198.51.100.1"),  # two proxies
        (["10.0.0.0/8"], "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        (["10.0.0.0/8"], "10.0.0.2", "", "10.0.0.2"),
        (["10.0.0.0/8"], "10.0.0.2", "not-an-address", "10.0.0.2"),
        (
            ["10.0.0.0/8", "2001:db8::/32"],
            "2001:db8::1",
            "2001:db8:1::5, 198.51.100.1",
            "198.51.100.1",
        ),
    ],
)
def test_client_address(rf, settings, trusted, remote, forwarded, client_address):
    from core.http.security import client_ip

    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client_address


def test_the_api_rate_limit_counts_the_visitor_not_the_header_they_send(
    client, settings, monkeypatch
):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    statuses = [
        client.get(
            "/api/types/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    cache.clear()
