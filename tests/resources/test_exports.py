"""CSV and JSON exports of the library's current search."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from core.publishing import Status

from ..factories import ResourceFactory, ResourceFileFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(texas_with_counties):
    _texas, counties = texas_with_counties
    daca = TopicFactory(name="DACA")
    advisory = ResourceFactory(
        title="DACA renewals, “in detail”",
        publication_date=datetime.date(2021, 3, 1),
        topics=[daca],
        jurisdictions=[counties["Harris County"]],
        summary="Línea uno, with a comma",
    )
    ResourceFileFactory(resource=advisory)
    ResourceFactory(title="Bond hearings", publication_date=datetime.date(2020, 1, 1))
    ResourceFactory(
        title="Older DACA note", topics=[daca], publication_date=datetime.date(2015, 1, 1)
    )
    ResourceFactory(title="Secret draft", status=Status.DRAFT, topics=[daca])
    ResourceFactory(title="Scheduled", publish_at=timezone.now() + datetime.timedelta(hours=3))


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_export_has_the_search_results_in_order(client, catalog):
    response = client.get("/resources/export.csv?topic=daca")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="resources.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(read(response).decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["DACA renewals, “in detail”", "Older DACA note"]
    first = rows[0]
    assert first["type"] == "practice-advisory"
    assert first["publication_date"] == "2021-03-01"
    assert first["topics"] == "daca" and first["jurisdictions"] == "48201"
    assert first["summary"] == "Línea uno, with a comma"
    assert first["url"] == "http://testserver/resources/daca-renewals-in-detail/"
    assert first["files"].startswith("http://testserver/files/")


def test_json_export_matches_the_api_order(client, catalog):
    response = client.get("/resources/export.json?sort=oldest")
    assert response.status_code == 200
    items = json.loads(read(response))
    api = client.get("/api/resources/?sort=oldest").json()["results"]
    assert [item["slug"] for item in items] == [item["slug"] for item in api]
    assert items[0]["topics"] == ["daca"]


def test_exports_leave_out_drafts_and_scheduled_items(client, catalog):
    csv_text = read(client.get("/resources/export.csv")).decode("utf-8-sig")
    json_text = read(client.get("/resources/export.json")).decode()
    for text in (csv_text, json_text):
        assert "Bond hearings" in text
        assert "Secret draft" not in text and "Scheduled" not in text


@pytest.mark.parametrize("path", ["/resources/export.csv", "/resources/export.json"])
@pytest.mark.parametrize(
    ("query", "parameter"),
    [("published_after=soon", "published_after"), ("type=nope", "type"), ("year=x", "year")],
)
def test_bad_parameters_answer_400_with_a_plain_message(client, catalog, path, query, parameter):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert f"{parameter}:" in response.content.decode()


def test_empty_result_is_a_valid_file(client, catalog):
    assert json.loads(read(client.get("/resources/export.json?year=1999"))) == []
    rows = read(client.get("/resources/export.csv?year=1999")).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("title,slug,type") and len(rows) == 1


def test_large_exports_stream_in_chunks_without_losing_rows(client, monkeypatch):
    monkeypatch.setattr("resources.exports.CHUNK_SIZE", 2)
    daca = TopicFactory(name="DACA")
    for n in range(7):
        ResourceFactory(title=f"Advisory {n}", topics=[daca])
    response = client.get("/resources/export.csv?topic=daca")
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(read(response).decode("utf-8-sig"))))
    assert len(rows) == 7 and all(row["topics"] == "daca" for row in rows)
    assert len(json.loads(read(client.get("/resources/export.json?topic=daca")))) == 7
