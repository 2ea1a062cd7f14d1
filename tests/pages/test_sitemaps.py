"""Sitemaps and robots.txt: every public page in both languages, nothing hidden."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from core.publishing import Status
from resources.models import ResourceType
from tests.factories import (
    OrganizationFactory,
    PolicyMapFactory,
    ResourceFactory,
    ResourceFileFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def locations(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall(".//sm:loc", NS)]


def test_index_links_every_section(client):
    sections = locations(client.get("/sitemap.xml"))
    for name in ("pages", "resources", "maps", "jurisdictions"):
        assert f"http://testserver/sitemap-{name}.xml" in sections


def test_publications_in_both_languages_without_drafts(client):
    ResourceFactory(title="Detainer advisory")
    ResourceFactory(title="Secret draft", status=Status.DRAFT)
    ResourceFactory(title="Later", publish_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get("/sitemap-resources.xml")
    urls = locations(response)
    assert urls == [
        "http://testserver/resources/detainer-advisory/",
        "http://testserver/es/resources/detainer-advisory/",
    ]
    root = ET.fromstring(response.content)
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in root.find("sm:url", NS).findall("xhtml:link", NS)
    }
    assert alternates["es"] == "http://testserver/es/resources/detainer-advisory/"
    assert alternates["en"] == "http://testserver/resources/detainer-advisory/"
    assert root.find("sm:url/sm:lastmod", NS).text


def test_maps_sitemap_lists_published_maps_only(client):
    PolicyMapFactory(slug="detainers")
    PolicyMapFactory(slug="unfinished", is_published=False)
    urls = locations(client.get("/sitemap-maps.xml"))
    assert "http://testserver/maps/detainers/" in urls
    assert not any("unfinished" in url for url in urls)


def test_jurisdictions_sitemap_has_states_and_counties(client, texas_with_counties):
    urls = locations(client.get("/sitemap-jurisdictions.xml"))
    assert "http://testserver/jurisdictions/48/" in urls
    assert "http://testserver/es/jurisdictions/48201/" in urls
    assert len(urls) == 8  # Texas and three counties, in two languages


def test_pages_sitemap(client):
    urls = locations(client.get("/sitemap-pages.xml"))
    assert "http://testserver/" in urls and "http://testserver/es/resources/" in urls


def test_unknown_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_api(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /api/" in text


def json_ld(page: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


def test_publication_page_has_link_preview_tags_and_json_ld(client, texas):
    advisory = ResourceFactory(
        title="SB 4 </script><script>alert(1)</script> advisory",
        slug="sb4",
        summary="What Texas SB 4 does & does not do.",
        topics=[TopicFactory(name="Detainers")],
        jurisdictions=[texas],
    )
    advisory.coauthors.add(OrganizationFactory(name="Texas Partners", url="https://tx.example"))
    ResourceFileFactory(resource=advisory)
    response = client.get("/resources/sb4/?utm_source=x")
    page = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/resources/sb4/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:url" content="http://testserver/resources/sb4/">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert 'hreflang="es" href="http://testserver/es/resources/sb4/' in page
    assert "<script>alert(1)</script>" not in page  # the title cannot break out of the JSON-LD
    data = json_ld(page)
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"].startswith("SB 4 </script>")
    assert data["url"] == "http://testserver/resources/sb4/"
    assert data["datePublished"] == "2020-01-15"
    assert data["keywords"] == ["Detainers"]
    assert data["spatialCoverage"] == [{"@type": "Place", "name": "Texas"}]
    assert {
        "@type": "Organization",
        "name": "Texas Partners",
        "url": "https://tx.example",
    } in data["author"]
    assert data["associatedMedia"][0]["encodingFormat"] == "application/pdf"


def test_spanish_page_previews_in_spanish(client):
    ResourceFactory(slug="alerta", resource_type=ResourceType.objects.get(slug="community-alert"))
    page = client.get("/es/resources/alerta/").content.decode()
    assert '<meta property="og:locale" content="es_US">' in page
    assert '<link rel="canonical" href="http://testserver/es/resources/alerta/">' in page
    assert json_ld(page)["@type"] == "CreativeWork"


def test_every_page_has_a_canonical_url_and_open_graph_title(client):
    page = client.get("/resources/?topic=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/resources/">' in page
    assert '<meta property="og:title"' in page


def test_map_meta_include_describes_a_dataset_with_its_downloads(rf):
    detainer_map = PolicyMapFactory(slug="detainers", title="Detainer map", description="Holds.")
    html = render_to_string(
        "includes/meta_map.html", {"policy_map": detainer_map}, request=rf.get("/maps/detainers/")
    )
    data = json_ld(html)
    assert data["@type"] == "Dataset" and data["name"] == "Detainer map"
    assert data["url"] == "http://testserver/maps/detainers/"
    formats = {d["encodingFormat"]: d["contentUrl"] for d in data["distribution"]}
    assert formats["text/csv"] == "http://testserver/maps/detainers/data.csv"
    assert formats["application/geo+json"] == "http://testserver/maps/detainers/data.geojson"
    assert '<link rel="canonical" href="http://testserver/maps/detainers/">' in html


@pytest.mark.parametrize(
    ("type_slug", "kind"),
    [
        ("practice-advisory", "ScholarlyArticle"),
        ("toolkits-reports", "ScholarlyArticle"),
        ("community-alert", "CreativeWork"),
    ],
)
def test_every_publication_type_gets_its_json_ld_kind(client, type_slug, kind):
    # Each slug is one the data migration creates: a typo in the list would leave a type
    # without its kind, as "toolkit-reports" once did.
    resource_type = ResourceType.objects.get(slug=type_slug)
    ResourceFactory(slug="item", resource_type=resource_type)
    assert json_ld(client.get("/resources/item/").content.decode())["@type"] == kind
