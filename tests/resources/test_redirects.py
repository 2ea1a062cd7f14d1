"""Stable links: a publication's old address keeps working after its slug changes."""

import pytest

from core.publishing import Status
from resources.models import SlugRedirect

from ..factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_old_address_redirects_permanently_after_a_slug_change(client):
    advisory = ResourceFactory(title="Texas SB 4 advisory", slug="sb4-advisory")
    advisory.slug = "texas-sb-4-advisory"
    advisory.save()
    response = client.get("/resources/sb4-advisory/")
    assert response.status_code == 301
    assert response["Location"] == "/resources/texas-sb-4-advisory/"
    spanish = client.get("/es/resources/sb4-advisory/")
    assert (
        spanish.status_code == 301 and spanish["Location"] == "/es/resources/texas-sb-4-advisory/"
    )
    assert client.get(response["Location"]).status_code == 200


def test_every_earlier_slug_leads_to_the_current_one(client):
    advisory = ResourceFactory(slug="first")
    for slug in ("second", "third"):
        advisory.slug = slug
        advisory.save()
    assert client.get("/resources/first/")["Location"] == "/resources/third/"
    assert client.get("/resources/second/")["Location"] == "/resources/third/"


def test_a_new_publication_may_take_an_old_slug(client):
    renamed = ResourceFactory(slug="daca")
    renamed.slug = "daca-2017"
    renamed.save()
    ResourceFactory(title="DACA today", slug="daca")
    response = client.get("/resources/daca/")
    assert response.status_code == 200 and "DACA today" in response.content.decode()
    assert not SlugRedirect.objects.filter(old_slug="daca").exists()


def test_renaming_back_removes_the_redirect_loop(client):
    advisory = ResourceFactory(slug="u-visas")
    advisory.slug = "u-visa-guide"
    advisory.save()
    advisory.slug = "u-visas"
    advisory.save()
    assert client.get("/resources/u-visas/").status_code == 200
    assert client.get("/resources/u-visa-guide/")["Location"] == "/resources/u-visas/"


def test_no_redirect_to_a_hidden_publication(client):
    advisory = ResourceFactory(slug="old-name")
    advisory.slug = "new-name"
    advisory.status = Status.DRAFT
    advisory.save()
    assert client.get("/resources/old-name/").status_code == 404
    assert client.get("/resources/never-existed/").status_code == 404


def test_saving_other_fields_records_nothing():
    advisory = ResourceFactory(slug="bond")
    advisory.title = "Bond hearings"
    advisory.save()
    advisory.save(update_fields=["status", "updated"])
    assert SlugRedirect.objects.count() == 0
