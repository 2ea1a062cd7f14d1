"""Links to the page being read in every site language, keeping its query string.

Public pages live under language prefixes (English unprefixed, Spanish under /es/), so the
other-language version of a page is a plain link: shareable, crawlable and cacheable, and it
works for a first-time visitor with no cookie set.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


def _swap_prefix(path: str, code: str) -> str:
    """The same path under another language prefix, for pages that do not resolve (404)."""
    codes = [c for c, _name in settings.LANGUAGES]
    segments = path.split("/", 2)
    if len(segments) > 1 and segments[1] in codes:
        path = "/" + (segments[2] if len(segments) > 2 else "")
    if code == settings.LANGUAGE_CODE:
        return path
    return f"/{code}{path}"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        url = path if code == current else translate_url(path, code)
        if url == path and code != current:
            url = _swap_prefix(path, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request is not None else url,
                "current": code == current,
            }
        )
    return links
