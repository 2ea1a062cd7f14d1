"""Every response carries the security headers; only a map embed may be framed."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import PolicyMapFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def api_url() -> str:
    for name in ("api:resource-list", "api:publication-list", "api:schema"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    raise AssertionError("no API route found")


@pytest.fixture
def secure_client(client, production_settings):
    client.defaults["wsgi.url_scheme"] = "https"
    client.defaults["SERVER_PORT"] = "443"
    return client


def assert_common_headers(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    hsts = response.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    return csp


def test_library_page_has_every_header_and_refuses_framing(secure_client):
    ResourceFactory(title="Know your rights at the border")
    response = secure_client.get(reverse("resources:list"), secure=True)
    assert response.status_code == 200
    csp = assert_common_headers(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_api_has_every_header(secure_client):
    response = secure_client.get(api_url(), secure=True)
    assert response.status_code == 200
    csp = assert_common_headers(response)
    assert csp["frame-ancestors"] == ["'none'"]


def test_plain_http_is_redirected_to_https(client, production_settings):
    response = client.get(reverse("resources:list"))
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_health_check_answers_over_plain_http_for_load_balancers(client, production_settings):
    assert client.get("/healthz").status_code == 200


def test_session_and_csrf_cookies_are_secure(production_settings):
    assert production_settings.SESSION_COOKIE_SECURE is True
    assert production_settings.CSRF_COOKIE_SECURE is True
    assert production_settings.SESSION_COOKIE_HTTPONLY is True


def test_admin_login_has_every_header(secure_client):
    response = secure_client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    csp = assert_common_headers(response)
    assert csp["frame-ancestors"] == ["'none'"]
    set_cookie = response.cookies["csrftoken"]
    assert set_cookie["secure"]


def test_map_embed_may_be_framed_but_the_map_page_may_not(secure_client):
    policy_map = PolicyMapFactory(slug="sanctuary-policies", title="Sanctuary policies")
    try:
        url = reverse("maps:detail", kwargs={"slug": policy_map.slug})
    except NoReverseMatch:
        pytest.skip("the map page (maps:detail) does not exist yet")
    page = secure_client.get(url, secure=True)
    assert page.status_code == 200
    assert csp_directives(page)["frame-ancestors"] == ["'none'"]
    assert page.headers["X-Frame-Options"] == "DENY"

    embed = secure_client.get(url, {"embed": "1"}, secure=True)
    assert embed.status_code == 200
    csp = assert_common_headers(embed)
    assert csp["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in embed.headers


def test_embed_parameter_does_not_open_other_pages_to_framing(secure_client):
    response = secure_client.get(reverse("resources:list"), {"embed": "1"}, secure=True)
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_allow_embedding_decorator_opens_one_view(rf, production_settings):
    from django.http import HttpResponse

    from core.http.security import allow_embedding

    @allow_embedding
    def view(request):
        return HttpResponse("map")

    response = view(rf.get("/anything/"))
    assert response.xframe_options_exempt is True
    assert response._csp_replace == {"frame-ancestors": ["*"]}
