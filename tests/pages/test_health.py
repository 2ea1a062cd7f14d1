import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_cannot_be_reached(client, monkeypatch):
    # Point the connection at a port nothing listens on: a real refused connection.
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_pages_link_an_icon_and_the_conventional_address_redirects_to_it(client):
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
