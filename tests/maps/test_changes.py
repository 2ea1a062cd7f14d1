"""What changed on a map between two dates: the page, its counts, its CSV, both languages."""

import csv
import io

import pytest

from tests.maps.test_import_287g import JULY, MAY, agreements_map, run  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/maps/287g-agreements/changes/"


@pytest.fixture
def two_lists(agreements_map):  # noqa: F811
    assert run(agreements_map, MAY, "2025-05-16").saved
    assert run(agreements_map, JULY, "2025-07-18").saved
    return agreements_map


def test_the_page_lists_what_was_added_and_ended_with_counts_at_both_dates(client, two_lists):
    response = client.get(URL, {"from": "2025-05-16", "to": "2025-07-18"})
    assert response.status_code == 200
    context = response.context
    counts = {row["category"].slug: (row["start"], row["end"]) for row in context["count_rows"]}
    assert counts["jail-enforcement"] == (1, 1)
    # Houston's task force ended, Harris's began; the state police's stayed.
    assert counts["task-force"] == (2, 2)
    assert (context["total_start"], context["total_end"]) == (3, 3)
    kinds = {change.jurisdiction.name: change.kind for change in context["changes"]}
    assert kinds == {
        "Houston Police Department": "ended",
        "Harris County Sheriff's Office": "changed",
    }
    html = response.content.decode()
    assert "Houston Police Department" in html
    # Changed places and their counties are outlined on the map.
    assert set(context["map_config"]["highlight"]) >= {"48201"}


def test_the_defaults_are_the_last_two_lists(client, two_lists):
    response = client.get(URL)
    assert response.status_code == 200
    assert (response.context["start"].isoformat(), response.context["end"].isoformat()) == (
        "2025-05-16",
        "2025-07-18",
    )


def test_dates_in_the_wrong_order_or_not_dates_are_refused(client, two_lists):
    response = client.get(URL, {"from": "2025-07-18", "to": "2025-05-16"})
    assert response.status_code == 400
    assert "must not be later" in response.content.decode()
    assert client.get(URL, {"from": "yesterday"}).status_code == 400
    assert client.get(URL.replace("changes/", "changes.csv"), {"to": "nope"}).status_code == 400


def test_the_csv_has_one_row_per_agreement_added_or_ended(client, two_lists):
    response = client.get(
        "/maps/287g-agreements/changes.csv", {"from": "2025-05-16", "to": "2025-07-18"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted((row["name"], row["change"], row["category"]) for row in rows) == [
        ("Harris County Sheriff's Office", "added", "task-force"),
        ("Houston Police Department", "ended", "task-force"),
    ]
    ended = next(row for row in rows if row["change"] == "ended")
    assert ended["end_date"] == "2025-07-17"


def test_the_page_speaks_spanish(client, two_lists):
    html = client.get("/es" + URL, {"from": "2025-05-16", "to": "2025-07-18"}).content.decode()
    assert "Qué cambió entre" in html


def test_the_spanish_csv_says_which_source_titles_are_in_english(client, two_lists):
    dates = {"from": "2025-05-16", "to": "2025-07-18"}
    spanish = list(
        csv.DictReader(
            io.StringIO(client.get("/es/maps/287g-agreements/changes.csv", dates).content.decode())
        )
    )
    # The import writes English source titles; no one has translated them yet.
    assert {row["source_title_language"] for row in spanish} == {"en"}
    english = list(
        csv.DictReader(
            io.StringIO(client.get("/maps/287g-agreements/changes.csv", dates).content.decode())
        )
    )
    assert {row["source_title_language"] for row in english} == {""}
