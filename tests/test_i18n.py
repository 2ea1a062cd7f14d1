"""Spanish is complete and the pages read as Spanish: text, dates and numbers."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ResourceFactory, ResourceTypeFactory, TopicFactory

pytestmark = pytest.mark.django_db

SPANISH_PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%(?:\.\d)?[sd]|\{[a-z_]*\}")


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text)


def read_po(path: Path) -> list[dict]:
    """The catalogue's messages (header and obsolete entries left out)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgstr": {}}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                field, value = match.group(1), _unquote(match.group(2))
            elif line.startswith('"') and field:
                value = _unquote(line[1:-1])
            else:
                continue
            if field.startswith("msgstr"):
                key = field[7:-1] if "[" in field else "0"
                entry["msgstr"][key] = entry["msgstr"].get(key, "") + value
            else:
                entry[field] = entry.get(field, "") + value
        if entry and entry.get("msgid"):
            entries.append(entry)
    return entries


def test_every_spanish_message_is_translated_and_not_fuzzy():
    entries = read_po(SPANISH_PO)
    assert len(entries) > 200, "the catalogue should hold the whole interface"
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    plurals = [e for e in entries if "msgid_plural" in e]
    assert all(len(e["msgstr"]) == 2 for e in plurals)


def test_spanish_messages_keep_every_placeholder():
    """A lost %(name)s shows users a broken sentence or raises at run time."""
    for entry in read_po(SPANISH_PO):
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for translated in entry["msgstr"].values():
            found = sorted(PLACEHOLDER.findall(translated))
            if "msgid_plural" in entry:
                expected = sorted(set(expected) | set(PLACEHOLDER.findall(entry["msgid_plural"])))
                found = sorted(set(found))
                expected = sorted(set(expected))
            assert found == expected, entry["msgid"]


def test_the_catalogue_header_declares_spanish_plurals():
    header = SPANISH_PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: es\\n"' in header
    assert "nplurals=2; plural=(n != 1);" in header
    assert "#, fuzzy" not in header


@pytest.fixture
def detainer_advisory(db):
    advisory = ResourceTypeFactory(
        slug="practice-advisory", name="Practice Advisory", name_es="Aviso práctico"
    )
    topic = TopicFactory(slug="detainers", name="Detainers", name_es="Órdenes de detención")
    return ResourceFactory(
        title="Immigration Detainers: A Practice Advisory",
        slug="immigration-detainers",
        resource_type=advisory,
        publication_date=datetime.date(2024, 3, 5),
        topics=[topic],
    )


def test_spanish_library_reads_in_spanish(client, detainer_advisory):
    response = client.get("/es/resources/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="es">' in html
    for text in ("Biblioteca de recursos", "Palabras de búsqueda", "Aplicar", "1 publicación"):
        assert text in html
    # Staff-edited Spanish names of the types and topics.
    assert "Aviso práctico" in html
    assert "Órdenes de detención" in html
    # Day before month, as Spanish readers expect.
    assert "05/03/2024" in html
    assert "Resource library" not in html


def test_spanish_publication_page_writes_the_date_out_in_spanish(client, detainer_advisory):
    response = client.get("/es/resources/immigration-detainers/")
    assert "5 de marzo de 2024" in response.content.decode()


def test_english_stays_unprefixed_and_english(client, detainer_advisory):
    response = client.get("/resources/", HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Resource library" in html
    assert "03/05/2024" in html


def test_language_switcher_links_keep_the_page_and_its_filters(client, detainer_advisory):
    html = client.get("/resources/?topic=detainers&sort=oldest").content.decode()
    assert 'href="/es/resources/?topic=detainers&amp;sort=oldest" hreflang="es"' in html
    html = client.get("/es/resources/?topic=detainers&sort=oldest").content.decode()
    assert 'href="/resources/?topic=detainers&amp;sort=oldest" hreflang="en"' in html


def test_pages_name_their_other_language_version_for_search_engines(client, detainer_advisory):
    html = client.get("/es/resources/immigration-detainers/").content.decode()
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/resources/immigration-detainers/">'
        in html
    )


def test_not_found_page_is_in_the_language_of_the_address(client):
    response = client.get("/es/resources/no-such-publication/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_spanish_numbers_group_thousands_with_a_space():
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    with translation.override("es"):
        # Django follows the RAE: a non-breaking space, never a dot or a comma.
        assert intcomma(12345) == "12\xa0345"
    with translation.override("en"):
        assert intcomma(12345) == "12,345"
