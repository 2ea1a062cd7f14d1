"""Security headers beyond Django's own: Permissions-Policy, and framing only for map embeds.

The Content-Security-Policy itself comes from django-csp (CONTENT_SECURITY_POLICY in
settings/base.py). Every page refuses to be framed (`frame-ancestors 'none'` and
`X-Frame-Options: DENY`) except a map embed, `/maps/<slug>/?embed=1`, which partner sites
put in an <iframe>. A view can opt in with the `allow_embedding` decorator; the middleware
also opts in any map page requested with `?embed=1`, so the map view needs no change.
"""

import ipaddress
import re
from functools import lru_cache, wraps

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
EMBED_PATH = re.compile(r"^/(?:[a-z]{2}/)?maps/[^/]+/$")


def mark_embeddable(response):
    """Let any site frame this response: no X-Frame-Options, CSP frame-ancestors *."""
    response.xframe_options_exempt = True
    replace = dict(getattr(response, "_csp_replace", None) or {})
    replace["frame-ancestors"] = ["*"]
    response._csp_replace = replace
    return response


def allow_embedding(view):
    """View decorator: the response may be shown in an <iframe> on any site."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return mark_embeddable(view(*args, **kwargs))

    return wrapped


def is_embed_request(request) -> bool:
    return request.GET.get("embed") == "1" and bool(EMBED_PATH.match(request.path_info))


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """The visitor's address, for login lock-outs and the API's rate limit.

    The connecting address, unless it is one of TRUSTED_PROXIES (the load balancer): then the
    address that proxy reports in TRUSTED_PROXY_HEADER (X-Forwarded-For), read from the right
    and skipping further trusted proxies. A header sent by anyone else is ignored, so a visitor
    cannot choose the address they are counted under.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks:
        return remote
    header = "HTTP_" + settings.TRUSTED_PROXY_HEADER.upper().replace("-", "_")
    hops = [hop for hop in request.META.get(header, "").split(",") if hop.strip()]
    client = _address(remote)
    while client is not None and hops and any(client in network for network in networks):
        client = _address(hops.pop())
    return str(client) if client is not None else remote


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy to every response and opens map embeds to framing.

    Sits last in MIDDLEWARE so it sees the response before django-csp and
    XFrameOptionsMiddleware write their headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(
            settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if is_embed_request(request) and response.status_code == 200:
            mark_embeddable(response)
        return response


class AllowedMethodsMiddleware:
    """Answers 405 (with Allow) to a method a public page does not take, before the CSRF check
    would answer 403: TRACE and CONNECT everywhere, and any write outside the admin, the
    language switch, readers' corrections and the API (whose views answer 405 themselves)."""

    READ_ONLY = ("GET", "HEAD", "OPTIONS")
    WRITABLE = re.compile(r"^/(?:[a-z]{2}/)?(?:admin/|i18n/setlang/|maps/corrections/new/)|^/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        method = request.method
        if method in ("TRACE", "CONNECT") or (
            method not in self.READ_ONLY and not self.WRITABLE.match(request.path_info)
        ):
            response = HttpResponse(
                _("This address does not accept %(method)s requests.") % {"method": method[:20]},
                status=405,
                content_type="text/plain; charset=utf-8",
            )
            response["Allow"] = ", ".join(self.READ_ONLY)
            return response
        return self.get_response(request)


class RejectNullBytesMiddleware:
    """Answers 400 to a request whose path or query string holds a NUL character.

    PostgreSQL cannot store or compare text with NUL in it, so such a value would otherwise
    reach the database as a DataError (a 500) from any view that filters on a parameter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("The address contains a null character.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Answers 413 to a request whose declared body is larger than any form here accepts,
    before a byte of it is read.

    Without it Django would write the whole body to a temporary file (and parse it, for the
    CSRF check) before the upload validator refused it. The cap is the upload limit plus one
    megabyte for the rest of a multipart form, so an upload just over the limit still reaches
    the form and gets its message there, beside the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit_mb = settings.UPLOAD_MAX_MB + 1
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(
                _("The request has an invalid Content-Length."), content_type="text/plain"
            )
        if length > limit_mb * 1024 * 1024:
            return HttpResponse(
                _("The request is %(size).1f MB; the largest accepted is %(limit)d MB.")
                % {"size": length / (1024 * 1024), "limit": limit_mb},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, answer 503 with Retry-After instead of a 500.

    Load balancers and browsers retry a 503; the connection is re-opened on the next request
    (CONN_HEALTH_CHECKS), so the site recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            response = HttpResponse(
                _("The site is briefly unavailable. Please try again in a few seconds."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "5"
            return response
        return None
