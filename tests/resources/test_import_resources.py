"""import_resources: row-numbered errors, all or nothing, dry run, re-import."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resources.models import Resource, Topic

pytestmark = pytest.mark.django_db

HEADER = "title,type,publication_date,summary,topics,language,url,jurisdictions,status\n"
GOOD = (
    HEADER
    + "What is an ICE hold?,FAQs & Explainers,02/20/2017,Short answers.,Detainers;Know your rights,en,,TX,published\n"
    + "Bond hearings,practice-advisory,2020-01-21,How to seek bond.,Detainers,,https://example.org/bond,,\n"
)


def write(tmp_path: Path, text: str, name: str = "items.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, *args) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_resources", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_publications_topics_and_links(tmp_path, texas):
    out, _ = run(write(tmp_path, GOOD))
    assert "2 new" in out
    hold = Resource.objects.get(slug="what-is-an-ice-hold")
    assert hold.resource_type.slug == "faqs-explainers"
    assert hold.publication_date.isoformat() == "2017-02-20"
    assert {t.name for t in hold.topics.all()} == {"Detainers", "Know your rights"}
    assert list(hold.jurisdictions.all()) == [texas]
    assert Resource.objects.get(slug="bond-hearings").external_url == "https://example.org/bond"
    assert hold.history.count() == 1  # the import is recorded in the history


def test_reimporting_the_same_file_creates_no_duplicates(tmp_path, texas):
    path = write(tmp_path, GOOD)
    run(path)
    out, _ = run(path)
    assert "0 new, 0 changed, 2 unchanged" in out
    assert Resource.objects.count() == 2
    assert Topic.objects.filter(name="Detainers").count() == 1


def test_reimport_with_edits_updates_in_place(tmp_path, texas):
    run(write(tmp_path, GOOD))
    out, _ = run(write(tmp_path, GOOD.replace("How to seek bond.", "New summary."), "v2.csv"))
    assert "1 changed" in out
    assert Resource.objects.get(slug="bond-hearings").summary == "New summary."


def test_dry_run_reports_and_saves_nothing(tmp_path, texas):
    out, _ = run(write(tmp_path, GOOD), "--dry-run")
    assert "Would import: 2 new" in out
    assert Resource.objects.count() == 0
    assert not Topic.objects.exists()


def test_any_bad_row_saves_nothing_and_every_bad_row_is_reported(tmp_path, texas):
    text = (
        GOOD
        + "No date,practice-advisory,,x,,,,,\n"
        + "Bad type,Podcast,2020-01-01,x,,,,,\n"
        + "Bad date,practice-advisory,2020-02-30,x,,,,,\n"
        + "Bad place,practice-advisory,2020-01-01,x,,,,ZZ,\n"
        + "Bad language,practice-advisory,2020-01-01,x,,fr,,,\n"
        + "Bad url,practice-advisory,2020-01-01,x,,,javascript:alert(1),,\n"
        + "Bad status,practice-advisory,2020-01-01,x,,,,,live\n"
    )
    with pytest.raises(CommandError, match="7 row\\(s\\) with errors; nothing was saved"):
        _, err = run(write(tmp_path, text))
    assert Resource.objects.count() == 0


def test_errors_name_the_line_and_the_reason(tmp_path, texas, capsys):
    text = (
        GOOD
        + "Bad date,practice-advisory,13/45/2020,x,,,,,\n"
        + "Bad type,Podcast,2020-01-01,x,,,,,\n"
    )
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_resources", str(write(tmp_path, text)), stderr=err)
    lines = err.getvalue().splitlines()
    assert any(":4: publication_date: “13/45/2020” is not a date" in line for line in lines)
    assert any(":5: type: “Podcast” is not a publication type" in line for line in lines)


def test_duplicate_rows_in_one_file_are_an_error(tmp_path):
    text = HEADER + "Same,practice-advisory,2020-01-01,,,,,,\n" * 2
    with pytest.raises(CommandError):
        run(write(tmp_path, text))
    assert Resource.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"title,type\nA,practice-advisory\n", "Missing required column"),
        (
            b"title,type,publication_date,colour\nA,practice-advisory,2020-01-01,red\n",
            "Unknown column",
        ),
        (b"title,type,publication_date\n\xff\xfe,practice-advisory,2020-01-01\n", "not UTF-8"),
        (b"", "empty"),
    ],
)
def test_unreadable_files_say_why(tmp_path, content, message):
    from io import StringIO

    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_resources", str(path), stderr=err)
    assert message in str(raised.value) + err.getvalue()
    assert Resource.objects.count() == 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "absent.csv")


def test_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path, settings):
    settings.IMPORT_MAX_MB = 1
    row = "Bond hearings,practice-advisory,2020-01-21,{},,,,,\n".format("x" * 1000)
    path = write(tmp_path, HEADER + row * 1100)
    with pytest.raises(CommandError, match="the limit for an import is 1 MB"):
        run(path)
    assert Resource.objects.count() == 0


def test_a_summary_longer_than_csv_s_default_cell_limit_imports(tmp_path):
    summary = "Long. " * 30_000  # 180,000 characters, which the admin accepts too
    text = HEADER + "First,practice-advisory,2020-01-21,Short.,,,,,\n"
    text += f'Bond hearings,practice-advisory,2020-01-21,"{summary}",,,,,\n'
    out, _ = run(write(tmp_path, text))
    assert "2 new" in out
    assert Resource.objects.get(slug="bond-hearings").summary == summary.strip()


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_publication_date_outside_1900_to_2100_is_refused(tmp_path, date):
    path = write(tmp_path, HEADER + f"Bond hearings,practice-advisory,{date},Short.,,,,,\n")
    with pytest.raises(CommandError):
        run(path)
    assert not Resource.objects.exists()


def test_the_admin_refuses_a_publication_date_outside_the_range():
    import datetime

    from django.core.exceptions import ValidationError

    from tests.factories import ResourceFactory

    advisory = ResourceFactory.build(publication_date=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError, match="publication_date"):
        advisory.full_clean(exclude=["resource_type", "slug"])


def test_a_bulk_import_versions_every_row_with_its_links(tmp_path, texas_with_counties):
    """Hundreds of rows, new then changed: each publication gets one version per import, and
    each version holds the topics and places its publication has."""
    texas, counties = texas_with_counties
    county = next(iter(counties.values()))
    rows = [
        f"Bulk item {n},practice-advisory,2020-01-{n % 28 + 1:02d},Summary {n}.,"
        f"Detainers;Topic {n % 7},en,,TX;{county.geoid},published\n"
        for n in range(300)
    ]
    out, _ = run(write(tmp_path, HEADER + "".join(rows)))
    assert "300 new" in out
    changed = [row.replace(",TX;", ",") if n % 2 else row for n, row in enumerate(rows)]
    changed = [row.replace("Summary", "Revised") for row in changed]
    out, _ = run(write(tmp_path, HEADER + "".join(changed), "v2.csv"))
    assert "0 new, 300 changed" in out

    resources = Resource.objects.filter(slug__startswith="bulk-item-")
    assert resources.count() == 300
    for resource in resources.prefetch_related("topics", "jurisdictions"):
        n = int(resource.slug.rsplit("-", 1)[1])
        assert {t.name for t in resource.topics.all()} == {"Detainers", f"Topic {n % 7}"}
        places = {texas, county} if n % 2 == 0 else {county}
        assert set(resource.jurisdictions.all()) == places
        first, second = resource.history.order_by("history_date", "history_id")
        assert (first.history_type, second.history_type) == ("+", "~")
        assert first.summary == f"Summary {n}." and second.summary == f"Revised {n}."
        assert {link.topic_id for link in first.topics.all()} == {
            t.pk for t in resource.topics.all()
        }
        assert {link.jurisdiction_id for link in first.jurisdictions.all()} == {
            texas.pk,
            county.pk,
        }
        assert {link.jurisdiction_id for link in second.jurisdictions.all()} == {
            j.pk for j in places
        }


def test_imported_publications_are_searchable_by_topic_counted_and_versioned(tmp_path, texas):
    from resources.models import FacetTotal

    out, _ = run(
        write(
            tmp_path,
            HEADER
            # A topic named twice in other cases, a state by postal code and by GEOID.
            + "Jail holds,practice-advisory,2021-03-01,Holds.,Detainers;detainers;DACA,en,,TX;48,\n"
            + "Draft note,practice-advisory,2021-03-02,Later.,DACA,en,,,draft\n",
        )
    )
    assert "2 new" in out
    holds = Resource.objects.get(slug="jail-holds")
    detainers, daca = (Topic.objects.get(name__iexact=name) for name in ("detainers", "daca"))
    assert holds.topic_ids == sorted([detainers.pk, daca.pk])
    assert detainers.name in holds.topic_names and "DACA" in holds.topic_names
    assert list(holds.jurisdictions.all()) == [texas]
    assert list(Resource.objects.filter(search_vector="detainers")) == [holds]
    totals = dict(FacetTotal.objects.filter(kind="topic").values_list("object_id", "published"))
    assert totals == {detainers.pk: 1, daca.pk: 1}  # the draft is not counted
    (version,) = holds.history.all()
    assert version.history_type == "+"
    assert {t.topic_id for t in version.topics.all()} == {detainers.pk, daca.pk}
