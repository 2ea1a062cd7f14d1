"""The library search as a practitioner uses it: ranking, synonyms, topic names, the text of
attached files with a snippet naming the page, corrections, facets and links."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import QueryDict
from django.utils import translation

from bench.html_forms import FormFields
from core.publishing import Status
from core.trash import restore_rows, trash_rows
from demo.library import pdf_with_pages
from resources.filters import search_resources
from resources.models import (
    Resource,
    ResourceFile,
    ResourceFilePage,
    ResourceType,
    SearchEntry,
    SearchSynonym,
    TextStatus,
)

from ..factories import (
    JurisdictionFactory,
    PolicyMapFactory,
    ResourceFactory,
    ResourceTypeFactory,
    TopicFactory,
)
from .test_uploads import png

pytestmark = pytest.mark.django_db

CARD_LINK = re.compile(r'<h3 class="resource-title">\s*<a href="[^"]*/resources/([^/"]+)/"')


def search(query: str) -> list[Resource]:
    found = search_resources(params=QueryDict(query))
    assert found.is_valid(), found.errors
    return list(found.qs)


def listed(response) -> list[str]:
    return CARD_LINK.findall(response.content.decode())


def attach(resource, content: bytes, name: str, capture, **fields) -> ResourceFile:
    """Attach a file the way any save does, and run what happens after the commit."""
    with capture(execute=True):
        attached = ResourceFile(resource=resource, **fields)
        attached.file.save(name, ContentFile(content), save=False)
        attached.save()
    attached.refresh_from_db()
    return attached


class LibraryForm(FormFields):
    def __init__(self):
        super().__init__(form_id="")

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.in_form = dict(attrs).get("role") == "search"
            return
        super().handle_starttag(tag, attrs)


def submitted(client, words: str, prefix: str = "") -> list[str]:
    """Type words into the library's form as the page leaves it and submit it."""
    form = LibraryForm()
    form.feed(client.get(f"{prefix}/resources/").content.decode())
    fields = QueryDict(mutable=True)
    for name, value in form.fields.items():
        fields.setlist(name, value if isinstance(value, list) else [value])
    fields["q"] = words
    return listed(client.get(f"{prefix}/resources/?{fields.urlencode()}"))


@pytest.fixture
def detainer_library():
    detainers = TopicFactory(name="Detainers", name_en="Detainers", name_es="Órdenes de detención")
    return {
        "newest_mention": ResourceFactory(
            title="Annual report 2025",
            slug="annual-report",
            summary="Our year, including one page about a detainer case.",
            publication_date=datetime.date(2025, 5, 1),
        ),
        "advisory": ResourceFactory(
            title="Detainers: a practice advisory on detainer requests",
            slug="detainer-advisory",
            summary="Detainer requests and how to answer them.",
            publication_date=datetime.date(2015, 5, 1),
            topics=[detainers],
        ),
        "ice_hold": ResourceFactory(
            title="What is an ICE hold?",
            slug="ice-hold",
            summary="Questions families ask when the jail keeps a relative for immigration.",
            publication_date=datetime.date(2019, 5, 1),
        ),
        "topic_only": ResourceFactory(
            title="Jail policies in three counties",
            slug="jail-policies",
            summary="A comparison of written policies.",
            publication_date=datetime.date(2018, 5, 1),
            topics=[detainers],
        ),
    }


def test_the_form_as_left_ranks_typed_words_by_relevance(client, detainer_library):
    page = client.get("/resources/").content.decode()
    assert re.search(r'<option value="" selected>\s*Best match', page)
    # Before, the form submitted sort=newest and the most relevant item came last.
    assert submitted(client, "detainer")[0] == "detainer-advisory"
    assert listed(client.get("/resources/?q=detainer&sort=newest"))[0] == "annual-report"


def test_words_next_to_each_other_rank_above_scattered_words():
    ResourceFactory(
        title="Jail policies",
        slug="scattered",
        summary="Each jail's release rules; a notification is sent to families.",
    )
    ResourceFactory(title="Jail rules", slug="phrase", summary="Release notification to ICE.")
    assert [r.slug for r in search("q=release notification")] == ["phrase", "scattered"]


def test_topic_names_in_both_languages_are_searched(detainer_library):
    assert detainer_library["topic_only"] in search("q=detainers")
    assert detainer_library["topic_only"] in search("q=órdenes de detención")
    # A topic renamed in the admin is searched under its new name at once.
    topic = detainer_library["topic_only"].topics.get()
    topic.name_es = "Retenciones migratorias"
    topic.save()
    assert detainer_library["topic_only"] in search("q=retenciones")


def test_starter_synonyms_find_what_the_practitioner_means(detainer_library):
    assert detainer_library["ice_hold"] in search("q=detainer")
    assert detainer_library["advisory"] in search("q=ICE hold")
    daca = ResourceFactory(title="Deferred action for childhood arrivals", slug="daca-long")
    agreement = ResourceFactory(title="What 287(g) agreements do", slug="agreements")
    ice = ResourceFactory(title="Immigration and Customs Enforcement at courthouses", slug="ice")
    assert daca in search("q=DACA")
    assert agreement in search("q=287 g") and agreement in search("q=287g")
    assert ice in search("q=ICE")


def test_a_synonym_staff_add_applies_to_the_next_search():
    bond = ResourceFactory(title="Bond hearings", slug="bond")
    assert bond not in search("q=fianza")
    SearchSynonym.objects.create(terms="bond\nfianza")
    assert bond in search("q=fianza")


def test_a_synonym_group_needs_two_terms():
    with pytest.raises(ValidationError):
        SearchSynonym(terms="hold").full_clean()
    group = SearchSynonym(terms=" hold \n\ndetainer\nhold")
    group.full_clean()
    assert group.term_list() == ["hold", "detainer"]


PAGES = [
    "Introduction to the advisory.",
    "Background on the agencies involved.",
    "The court in Miranda-Olivares v. Clackamas County held the county liable.",
]


def test_a_phrase_only_on_page_three_of_a_pdf_finds_it_with_a_snippet_naming_the_page(
    client, django_capture_on_commit_callbacks
):
    advisory = ResourceFactory(title="Holding people past release", slug="past-release")
    attached = attach(
        advisory,
        pdf_with_pages(PAGES),
        "past-release.pdf",
        django_capture_on_commit_callbacks,
        label="Full advisory",
    )
    assert attached.text_status == TextStatus.EXTRACTED
    assert attached.pages.count() == 3
    assert search('q="Miranda-Olivares v. Clackamas"') == [advisory]
    page = client.get("/resources/?q=Miranda-Olivares+Clackamas").content.decode()
    assert "In “Full advisory”, page 3" in page
    assert "<mark>Clackamas</mark>" in page


def test_file_text_weighs_least(django_capture_on_commit_callbacks):
    in_file = ResourceFactory(title="Annual report", slug="in-file")
    attach(
        in_file, pdf_with_pages(["A note on asylum."]), "r.pdf", django_capture_on_commit_callbacks
    )
    in_summary = ResourceFactory(title="Guide", slug="in-summary", summary="About asylum.")
    assert search("q=asylum") == [in_summary, in_file]


def test_removing_a_file_removes_its_text(django_capture_on_commit_callbacks):
    advisory = ResourceFactory(title="Advisory", slug="advisory")
    attached = attach(advisory, pdf_with_pages(PAGES), "a.pdf", django_capture_on_commit_callbacks)
    assert search("q=Clackamas") == [advisory]
    attached.delete()
    assert search("q=Clackamas") == []


def entries() -> dict[int, tuple]:
    return {
        entry.id: (
            entry.resource_type_id,
            entry.title,
            entry.language,
            entry.publication_date,
            entry.publish_at,
            entry.updated,
            sorted(entry.topic_ids),
            str(entry.search_vector),
        )
        for entry in SearchEntry.objects.all()
    }


def published_as_entries() -> dict[int, tuple]:
    """What the search entries must hold: every published publication, as it is."""
    return {
        resource.id: (
            resource.resource_type_id,
            resource.title,
            resource.language,
            resource.publication_date,
            resource.publish_at,
            resource.updated,
            sorted(resource.topic_ids),
            str(resource.search_vector),
        )
        for resource in Resource.objects.filter(status=Status.PUBLISHED)
    }


def test_search_entries_follow_every_write(client, django_capture_on_commit_callbacks):
    daca, detainers = TopicFactory(name="DACA"), TopicFactory(name="Detainers")
    advisory = ResourceFactory(title="Holding people past release", slug="past", topics=[daca])
    draft = ResourceFactory(title="Secret zebra memo", slug="draft", status=Status.DRAFT)
    assert entries() == published_as_entries() and set(entries()) == {advisory.id}

    advisory.title = "Release dates"
    advisory.save()
    advisory.topics.add(detainers)
    attach(advisory, pdf_with_pages(PAGES), "a.pdf", django_capture_on_commit_callbacks)
    draft.status = Status.PUBLISHED
    draft.save()
    assert entries() == published_as_entries() and set(entries()) == {advisory.id, draft.id}
    assert listed(client.get("/resources/?q=Clackamas")) == ["past"]
    assert listed(client.get("/resources/?q=zebra")) == ["draft"]

    daca.name = "Deferred action"
    daca.save()
    Resource.objects.filter(pk=draft.pk).update(status=Status.UNPUBLISHED)
    assert entries() == published_as_entries() and set(entries()) == {advisory.id}
    trash_rows(rows=Resource.objects.filter(pk=advisory.pk))
    assert entries() == published_as_entries() == {}
    assert listed(client.get("/resources/?q=Clackamas")) == []
    restore_rows(rows=Resource.objects.filter(pk=advisory.pk))
    Resource.objects.filter(pk=advisory.pk).update(status=Status.PUBLISHED)
    assert entries() == published_as_entries() and set(entries()) == {advisory.id}
    advisory.refresh_from_db()
    advisory.topics.clear()
    advisory.delete()
    assert entries() == published_as_entries() == {}


@pytest.mark.parametrize(
    "query",
    [
        "q=asylum",
        "q=asylum&type=community-alert",
        "q=asylum&type=community-alert&type=practice-advisory&topic=detainers",
        "q=asylum&topic=daca",
        "q=asylum&language=es",
        "q=asylum&jurisdiction=TX",
        "q=asylum&jurisdiction=48201",
        "q=asylum&published_after=2020-01-01&published_before=2022-12-31",
        "q=asylum&year=2021",
        "q=asylum&sort=newest",
        "q=asylum&sort=oldest",
        "q=asylum&sort=title&topic=detainers",
        "q=asylum+-bond",
    ],
)
def test_the_search_entries_find_and_order_what_the_publications_would(
    client, texas_with_counties, query
):
    """The page's counts and rows come from the search entries; the feeds and exports still
    search the publications: both give the same items in the same order."""
    _texas, counties = texas_with_counties
    alert = ResourceTypeFactory(name="Community Alert", slug="community-alert")
    detainers, daca = TopicFactory(name="Detainers"), TopicFactory(name="DACA")
    for number in range(24):
        ResourceFactory(
            title=f"Asylum {'bond ' if number % 5 == 0 else ''}guide {number:02}",
            slug=f"guide-{number:02}",
            summary="Asylum and more asylum." if number % 3 == 0 else "About asylum.",
            publication_date=datetime.date(2018 + number % 6, 1 + number % 12, 1),
            language="es" if number % 4 == 0 else "en",
            **({"resource_type": alert} if number % 2 else {}),
            topics=[detainers, daca][: number % 3],
            jurisdictions=[counties["Harris County"]] if number % 3 == 1 else [],
        )
    response = client.get(f"/resources/?{query}")
    expected = [resource.slug for resource in search(query)]
    assert response.context["paginator"].count == len(expected) > 0
    pages = [listed(response)]
    for number in range(2, response.context["paginator"].num_pages + 1):
        pages.append(listed(client.get(f"/resources/?{query}&page={number}")))
    assert [slug for page in pages for slug in page] == expected


def test_a_scan_without_text_is_reported_in_the_admin(
    admin_client, django_capture_on_commit_callbacks
):
    scanned = ResourceFactory(title="Scanned memo", slug="scanned")
    blank = pdf_with_pages([""])
    attached = attach(scanned, blank, "memo.pdf", django_capture_on_commit_callbacks)
    assert attached.text_status == TextStatus.NO_TEXT
    ResourceFactory(title="Other", slug="other")
    listing = admin_client.get("/admin/resources/resource/?file_text=no_text").content.decode()
    assert "Scanned memo" in listing and ">Other<" not in listing
    change = admin_client.get(f"/admin/resources/resource/{scanned.pk}/change/").content.decode()
    assert "No text found: a scan?" in change


def test_a_broken_or_oversized_file_never_undoes_the_save(
    settings, django_capture_on_commit_callbacks
):
    advisory = ResourceFactory(title="Advisory", slug="advisory")
    broken = attach(
        advisory, b"%PDF-1.4\nnot really a pdf", "broken.pdf", django_capture_on_commit_callbacks
    )
    assert broken.text_status == TextStatus.FAILED
    image = attach(advisory, png(), "map.png", django_capture_on_commit_callbacks)
    assert image.text_status == TextStatus.UNSUPPORTED
    settings.FILE_TEXT_MAX_MB = 0
    large = attach(advisory, pdf_with_pages(PAGES), "big.pdf", django_capture_on_commit_callbacks)
    assert large.text_status == TextStatus.TOO_LARGE
    assert ResourceFile.objects.filter(resource=advisory).count() == 3
    assert not ResourceFilePage.objects.exists()


def test_a_file_read_too_slowly_is_stopped(settings, django_capture_on_commit_callbacks):
    settings.FILE_TEXT_SECONDS = 0.001
    advisory = ResourceFactory(title="Advisory", slug="advisory")
    slow = attach(advisory, pdf_with_pages(PAGES), "slow.pdf", django_capture_on_commit_callbacks)
    assert slow.text_status == TextStatus.FAILED


def docx(*pages: str) -> bytes:
    body = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'.join(
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in pages
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def test_docx_text_is_read_page_by_page(client, django_capture_on_commit_callbacks):
    letter = ResourceFactory(title="Comment letter", slug="letter")
    attached = attach(
        letter,
        docx("First page.", "Second page cites Padilla v. Kentucky."),
        "letter.docx",
        django_capture_on_commit_callbacks,
    )
    assert attached.text_status == TextStatus.EXTRACTED
    assert search("q=Padilla") == [letter]
    page = client.get("/resources/?q=Padilla").content.decode()
    # The name the download is saved under: the stored name is random.
    assert "In “letter.docx”, page 2" in page


def test_the_command_reads_every_file_again(django_capture_on_commit_callbacks):
    advisory = ResourceFactory(title="Advisory", slug="advisory")
    # A bulk import writes files without the save hook.
    attached = ResourceFile(resource=advisory)
    attached.file.save("bulk.pdf", ContentFile(pdf_with_pages(PAGES)), save=False)
    ResourceFile.objects.bulk_create([attached])
    assert search("q=Clackamas") == []
    out = io.StringIO()
    call_command("extract_file_text", "--pending", stdout=out)
    assert "1 file(s) read." in out.getvalue()
    assert search("q=Clackamas") == [advisory]


def test_snippets_are_escaped(client, django_capture_on_commit_callbacks):
    advisory = ResourceFactory(title="Advisory", slug="advisory")
    attach(
        advisory,
        # Markup a PDF's text may hold (a real <script> is refused at upload as a polyglot).
        pdf_with_pages(["<b onclick=alert(1)>x</b> Smith & Wesson v. Clackamas ruling"]),
        "a.pdf",
        django_capture_on_commit_callbacks,
    )
    page = client.get("/resources/?q=Clackamas").content.decode()
    assert "Smith &amp; Wesson" in page and "<b onclick" not in page


def test_a_misspelled_search_suggests_the_catalogues_words(client, detainer_library):
    ResourceFactory(title="Asylum basics", slug="asylum")
    ResourceFactory(title="Secret embargoed memorandum", slug="secret", status=Status.DRAFT)
    page = client.get("/resources/?q=detainr+asylim").content.decode()
    assert "Did you mean" in page
    assert "detainer asylum" in page
    # A draft lends no word to the suggestions.
    assert "embargoed" not in client.get("/resources/?q=embargoad").content.decode()
    # A search that finds something asks for no correction.
    assert "Did you mean" not in client.get("/resources/?q=asylum").content.decode()


@pytest.fixture
def typed_library():
    alert = ResourceTypeFactory(name="Community Alert", slug="community-alert")
    advisory = ResourceType.objects.get(slug="practice-advisory")
    detainers, daca = TopicFactory(name="Detainers"), TopicFactory(name="DACA")
    ResourceFactory(title="Alpha", slug="a", resource_type=advisory, topics=[detainers])
    ResourceFactory(title="Bravo", slug="b", resource_type=advisory, topics=[daca])
    ResourceFactory(title="Charlie", slug="c", resource_type=alert, topics=[detainers])
    ResourceFactory(title="Delta", slug="d", resource_type=alert, topics=[detainers, daca])
    return alert, advisory, detainers, daca


def counts(response, kind: str) -> dict[str, int]:
    return {facet.slug: facet.count for facet in response.context["facets"][kind]}


def test_a_types_count_ignores_the_type_filter_and_respects_the_others(client, typed_library):
    response = client.get("/resources/?type=community-alert&topic=detainers")
    # Checking "Practice advisory" would add A: its count is not (0).
    assert counts(response, "types")["practice-advisory"] == 1
    assert counts(response, "types")["community-alert"] == 2
    # Topic counts stay within the results.
    assert counts(response, "topics")["daca"] == 1
    assert counts(response, "topics")["detainers"] == 2
    assert response.context["paginator"].count == 2
    assert sorted(listed(response)) == ["c", "d"]


def test_facets_with_words_are_disjunctive_too(client, typed_library):
    response = client.get("/resources/?q=alpha+OR+bravo+OR+charlie&type=practice-advisory")
    assert counts(response, "types")["community-alert"] == 1
    assert counts(response, "types")["practice-advisory"] == 2
    assert response.context["paginator"].count == 2


def typed(response) -> dict[str, int]:
    """The counts of the two types of typed_library."""
    by_type = counts(response, "types")
    return {slug: by_type[slug] for slug in ("practice-advisory", "community-alert")}


def test_a_topics_count_ignores_the_topic_filter_and_respects_the_others(client, typed_library):
    response = client.get("/resources/?topic=detainers")
    # Checking "DACA" would add Bravo: its count is that of DACA's items (Bravo, Delta).
    assert counts(response, "topics") == {"detainers": 3, "daca": 2}
    assert typed(response) == {"practice-advisory": 1, "community-alert": 2}
    assert sorted(listed(response)) == ["a", "c", "d"]
    response = client.get("/resources/?topic=detainers&type=practice-advisory")
    # Within the chosen type: Alpha (Detainers) and Bravo (DACA).
    assert counts(response, "topics") == {"detainers": 1, "daca": 1}
    assert typed(response) == {"practice-advisory": 1, "community-alert": 2}
    assert response.context["paginator"].count == 1
    response = client.get("/resources/?topic=detainers&topic=daca&type=community-alert")
    assert counts(response, "topics") == {"detainers": 2, "daca": 1}
    assert typed(response) == {"practice-advisory": 2, "community-alert": 2}
    assert sorted(listed(response)) == ["c", "d"]


def test_topic_counts_with_words_ignore_the_topic_filter(client, typed_library):
    response = client.get("/resources/?q=alpha+OR+bravo+OR+delta&topic=daca")
    assert sorted(listed(response)) == ["b", "d"]
    assert counts(response, "topics") == {"detainers": 2, "daca": 2}
    response = client.get("/resources/?q=alpha+OR+bravo+OR+delta&topic=daca&language=es")
    assert counts(response, "topics") == {"detainers": 0, "daca": 0}


def test_unpublished_items_that_match_are_neither_listed_nor_counted(client, typed_library):
    alert, advisory, detainers, daca = typed_library
    hidden = {
        "draft": {"status": Status.DRAFT},
        "trashed": {"deleted_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)},
        "scheduled": {
            "publish_at": datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=1)
        },
    }
    for slug, fields in hidden.items():
        ResourceFactory(
            title=f"Alpha {slug}", slug=slug, resource_type=alert, topics=[daca], **fields
        )
    # Listed, then counts per type (advisory, alert) and per topic (detainers, DACA).
    expected = {
        "q=alpha": (["a"], (1, 0), (1, 0)),
        "q=alpha&type=community-alert": ([], (1, 0), (0, 0)),
        "q=alpha&topic=daca": ([], (0, 0), (1, 0)),
        "q=alpha&topic=daca&type=community-alert&sort=newest": ([], (0, 0), (0, 0)),
        "topic=daca&type=community-alert": (["d"], (1, 1), (2, 1)),
        "type=community-alert": (["c", "d"], (2, 2), (2, 1)),
        "topic=daca": (["b", "d"], (1, 1), (3, 2)),
    }
    for query, (shown, by_type, by_topic) in expected.items():
        response = client.get(f"/resources/?{query}")
        assert sorted(listed(response)) == shown, query
        assert response.context["paginator"].count == len(shown), query
        types, topics = counts(response, "types"), counts(response, "topics")
        assert (types["practice-advisory"], types["community-alert"]) == by_type, query
        assert (topics["detainers"], topics["daca"]) == by_topic, query
        api = client.get(f"/api/resources/?{query}").json()
        assert api["count"] == len(shown), query
        assert sorted(item["slug"] for item in api["results"]) == shown, query


def test_a_bad_value_keeps_what_was_typed_and_the_last_valid_facets(client, typed_library):
    response = client.get("/resources/?type=community-alert&published_after=2020-13-45&q=zzz")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="2020-13-45"' in page and 'value="zzz"' in page
    assert re.search(r'value="community-alert"\s+id="type-community-alert"\s+checked', page)
    # The facets of q=zzz&type=community-alert: nothing matches zzz.
    assert counts(response, "types")["community-alert"] == 0
    response = client.get("/resources/?type=community-alert&published_after=bad")
    assert counts(response, "types")["community-alert"] == 2
    assert counts(response, "types")["practice-advisory"] == 2
    assert counts(response, "topics")["detainers"] == 2
    assert response.context["paginator"].count == 0


def test_spanish_publications_come_first_among_equals_on_spanish_pages(client):
    for language in ("en", "es"):
        ResourceFactory(title="DACA", slug=f"daca-{language}", summary="DACA.", language=language)
    assert listed(client.get("/resources/?q=DACA"))[:2] == ["daca-en", "daca-es"]
    assert listed(client.get("/es/resources/?q=DACA"))[:2] == ["daca-es", "daca-en"]
    with translation.override("es"):
        assert [r.slug for r in search("q=DACA")] == ["daca-es", "daca-en"]


def test_the_library_links_the_feeds_and_downloads_of_the_current_search(client):
    ResourceFactory(title="DACA", slug="daca")
    page = client.get("/resources/?q=DACA&type=practice-advisory&page=1").content.decode()
    for url in (
        "/resources/feed/",
        "/resources/feed/atom/",
        "/resources/export.csv",
        "/resources/export.json",
    ):
        assert f'href="{url}?q=DACA&amp;type=practice-advisory"' in page


def test_map_and_jurisdiction_pages_link_their_change_feeds(client):
    detainer_map = PolicyMapFactory(slug="detainer-policies", title="Detainer policies")
    page = client.get(f"/maps/{detainer_map.slug}/").content.decode()
    assert f'href="/maps/{detainer_map.slug}/feed/"' in page
    assert f'href="/maps/{detainer_map.slug}/feed/atom/"' in page
    county = JurisdictionFactory(name="Harris County", geoid="48201")
    page = client.get(f"/jurisdictions/{county.geoid}/").content.decode()
    assert 'href="/jurisdictions/48201/feed/"' in page
    assert "Follow policy changes here (RSS)" in page
