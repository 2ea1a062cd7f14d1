"""Policies' Spanish summaries and source titles: shown on Spanish pages, else the English marked."""

import csv
import io

import pytest

from maps.models import Policy

pytestmark = pytest.mark.django_db

FEATURES = "/api/maps/detainer-policies/features/"
MARK = "(en inglés)"


@pytest.fixture
def spanish_harris(detainer_map):
    """Harris has a Spanish summary and source title; Travis (ended) and the others do not."""
    Policy.objects.filter(pk=detainer_map["harris"].pk).update(
        summary_es="La cárcel del condado de Harris acata algunas órdenes.",
        source_title_es="Memorando del sheriff",
    )
    return detainer_map


def test_the_map_data_gives_the_spanish_text_or_the_english_flagged(client, spanish_harris):
    spanish = {
        f["id"]: f["properties"] for f in client.get(f"{FEATURES}?lang=es").json()["features"]
    }
    assert spanish["48201"]["summary"] == "La cárcel del condado de Harris acata algunas órdenes."
    assert spanish["48201"]["summary_untranslated"] is False
    assert spanish["48201"]["source_title"] == "Memorando del sheriff"
    english = {
        f["id"]: f["properties"] for f in client.get(f"{FEATURES}?lang=en").json()["features"]
    }
    assert english["48201"]["summary"] == "Harris County jail honours some detainers."
    assert english["48201"]["summary_untranslated"] is False


def test_a_policy_without_spanish_text_is_shown_in_english_and_marked(client, detainer_map):
    features = {
        f["id"]: f["properties"] for f in client.get(f"{FEATURES}?lang=es").json()["features"]
    }
    harris = features["48201"]
    assert harris["summary"] == "Harris County jail honours some detainers."
    assert harris["summary_untranslated"] is True
    assert harris["source_title_untranslated"] is True
    # A place with no policy has nothing to mark.
    assert features["48453"]["summary_untranslated"] in (False, None)


def test_the_spanish_map_table_and_csv(client, detainer_map):
    html = client.get("/es/maps/detainer-policies/").content.decode()
    assert 'lang="en">Sheriff&#x27;s memo</a>' in html
    assert MARK in html
    english = client.get("/maps/detainer-policies/").content.decode()
    assert "(in English)" not in english and MARK not in english
    rows = {
        row["geoid"]: row
        for row in csv.DictReader(
            io.StringIO(client.get("/es/maps/detainer-policies/data.csv").content.decode())
        )
    }
    assert rows["48201"]["summary"] == "Harris County jail honours some detainers."
    assert rows["48201"]["summary_language"] == "en"
    english_rows = {
        row["geoid"]: row
        for row in csv.DictReader(
            io.StringIO(client.get("/maps/detainer-policies/data.csv").content.decode())
        )
    }
    assert english_rows["48201"]["summary_language"] == ""


def test_the_spanish_table_and_csv_show_the_translation(client, spanish_harris):
    html = client.get("/es/maps/detainer-policies/").content.decode()
    assert "Memorando del sheriff</a>" in html
    assert MARK not in html
    rows = {
        row["geoid"]: row
        for row in csv.DictReader(
            io.StringIO(client.get("/es/maps/detainer-policies/data.csv").content.decode())
        )
    }
    assert rows["48201"]["summary"] == "La cárcel del condado de Harris acata algunas órdenes."
    assert rows["48201"]["summary_language"] == ""


def test_the_jurisdiction_page_and_api(client, detainer_map, spanish_harris):
    html = client.get("/es/jurisdictions/48201/").content.decode()
    assert '<span lang="es">La cárcel del condado de Harris acata algunas órdenes.</span>' in html
    assert "Memorando del sheriff</a>" in html
    assert MARK not in html
    english = client.get("/jurisdictions/48201/").content.decode()
    assert "Harris County jail honours some detainers." in english
    assert "acata" not in english
    body = client.get("/api/jurisdictions/48201/?lang=es").json()
    current = body["policies"][0]
    assert current["summary"] == "La cárcel del condado de Harris acata algunas órdenes."
    assert current["summary_untranslated"] is False
    assert current["source"]["title"] == "Memorando del sheriff"


def test_the_jurisdiction_page_marks_an_english_summary(client, detainer_map):
    html = client.get("/es/jurisdictions/48201/").content.decode()
    assert '<span lang="en">Harris County jail honours some detainers.</span>' in html
    assert MARK in html
    body = client.get("/api/jurisdictions/48201/?lang=es").json()
    assert body["policies"][0]["summary_untranslated"] is True
    assert body["policies"][0]["source"]["title_untranslated"] is True


def test_the_policies_api_follows_lang(client, spanish_harris):
    url = "/api/maps/detainer-policies/policies/"
    spanish = {
        p["jurisdiction"]["geoid"]: p for p in client.get(f"{url}?lang=es").json()["results"]
    }
    assert spanish["48201"]["summary"] == "La cárcel del condado de Harris acata algunas órdenes."
    assert spanish["48453"]["summary"] == "Travis County refused holds."
    assert spanish["48453"]["summary_untranslated"] is True
    english = {p["jurisdiction"]["geoid"]: p for p in client.get(url).json()["results"]}
    assert english["48201"]["summary"] == "Harris County jail honours some detainers."
    assert english["48201"]["summary_untranslated"] is False
    assert client.get(f"{url}?lang=fr").status_code == 400


def test_the_spanish_feeds_give_the_spanish_text_or_the_english_marked(client, spanish_harris):
    spanish = client.get("/es/maps/detainer-policies/feed/").content.decode()
    assert "La cárcel del condado de Harris acata algunas órdenes." in spanish
    assert "Fuente: Memorando del sheriff" in spanish
    # Travis County has no Spanish text: its English summary is marked as such.
    assert f"Travis County refused holds. {MARK}" in spanish
    atom = client.get("/es/jurisdictions/48201/feed/atom/").content.decode()
    assert "La cárcel del condado de Harris acata algunas órdenes." in atom
    english = client.get("/maps/detainer-policies/feed/").content.decode()
    assert "Harris County jail honours some detainers." in english
    assert "acata" not in english and "(in English)" not in english


def test_a_place_popup_gives_the_spanish_text_or_the_english_flagged(client, spanish_harris):
    place = "/api/maps/detainer-policies/places/48201/"
    harris = client.get(place, {"lang": "es"}).json()
    assert harris["summary"] == "La cárcel del condado de Harris acata algunas órdenes."
    assert harris["summary_untranslated"] is False
    assert harris["source_title"] == "Memorando del sheriff"
    english = client.get(place, {"lang": "en"}).json()
    assert english["summary"] == "Harris County jail honours some detainers."
    assert english["source_title_untranslated"] is False


def test_a_place_popup_without_spanish_text_is_flagged(client, detainer_map):
    harris = client.get("/api/maps/detainer-policies/places/48201/", {"lang": "es"}).json()
    assert harris["summary"] == "Harris County jail honours some detainers."
    assert harris["summary_untranslated"] is True
    assert harris["source_title_untranslated"] is True
