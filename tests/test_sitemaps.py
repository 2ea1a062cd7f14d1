"""Sitemaps and robots.txt: every public page in both languages, nothing hidden."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from resources.models import Status

from .factories import PolicyMapFactory, ResourceFactory

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
