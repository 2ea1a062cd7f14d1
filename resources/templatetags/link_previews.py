"""Link previews and search metadata: canonical URLs and schema.org JSON-LD.

JSON-LD is a data block (<script type="application/ld+json">): browsers never run it, so the
Content-Security-Policy allows it; the JSON is escaped like json_script so no text in it can
close the element.
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Long legal analysis reads as scholarship; everything else is a plain creative work.
SCHOLARLY_TYPES = {"practice-advisory", "toolkits-reports"}


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def _json_ld(data: dict) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _json_script_escapes
    )
    # Safe: the escapes above leave no "<", ">" or "&" that could end the element.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without a query string."""
    request = context.get("request")
    return _absolute(request, request.path) if request is not None else ""


@register.simple_tag
def og_locale(language_code: str) -> str:
    return {"es": "es_US"}.get(language_code, "en_US")


def _publisher(request) -> dict:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": _absolute(request, "/")}


@register.simple_tag(takes_context=True)
def resource_json_ld(context, resource) -> str:
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle"
        if resource.resource_type.slug in SCHOLARLY_TYPES
        else "CreativeWork",
        "headline": resource.title[:110],
        "name": resource.title,
        "description": resource.summary,
        "url": _absolute(request, resource.get_absolute_url()),
        "datePublished": resource.publication_date,
        "dateModified": resource.revision_date or resource.publication_date,
        "inLanguage": resource.language,
        "genre": resource.resource_type.name,
        "keywords": [topic.name for topic in resource.topics.all()],
        "publisher": _publisher(request),
        "author": [_publisher(request)]
        + [
            {
                "@type": "Organization",
                "name": partner.name,
                **({"url": partner.url} if partner.url else {}),
            }
            for partner in resource.coauthors.all()
        ],
        "spatialCoverage": [
            {"@type": "Place", "name": str(place)} for place in resource.jurisdictions.all()
        ],
        "associatedMedia": [
            {
                "@type": "MediaObject",
                "name": str(document),
                "contentUrl": _absolute(request, document.get_absolute_url()),
                "encodingFormat": document.content_type,
                "contentSize": document.size,
                "inLanguage": document.language,
            }
            for document in resource.files.all()
        ],
    }
    return _json_ld({key: value for key, value in data.items() if value not in ([], "", None)})


@register.simple_tag(takes_context=True)
def map_json_ld(context, policy_map, last_updated=None) -> str:
    """A map as a schema.org Dataset, its downloads as distributions."""
    request = context.get("request")
    distribution = []
    for url_name, media_type in (
        ("maps:data-csv", "text/csv"),
        ("maps:data-geojson", "application/geo+json"),
    ):
        try:
            url = reverse(url_name, kwargs={"slug": policy_map.slug})
        except NoReverseMatch:
            continue
        distribution.append(
            {
                "@type": "DataDownload",
                "encodingFormat": media_type,
                "contentUrl": _absolute(request, url),
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": policy_map.title,
        "description": policy_map.description or policy_map.title,
        "url": _absolute(request, policy_map.get_absolute_url()),
        "creator": _publisher(request),
        "publisher": _publisher(request),
        "spatialCoverage": {"@type": "Place", "name": "United States"},
        "isAccessibleForFree": True,
        "dateModified": last_updated or policy_map.updated,
        "distribution": distribution,
    }
    return _json_ld({key: value for key, value in data.items() if value not in ([], "", None)})
