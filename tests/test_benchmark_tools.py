"""The benchmark's own tools: the synthetic catalog and the Server-Timing header."""

import gzip

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from demo.management.commands.generate_catalog import SEARCH_WORD, generate_catalog
from resources.models import Resource

pytestmark = pytest.mark.django_db


def test_synthetic_catalog_has_realistic_proportions_and_tops_up():
    assert generate_catalog(size=400) == 400
    items = Resource.objects.annotate(n_topics=Count("topics", distinct=True))
    assert items.count() == 400
    assert all(item.is_sample for item in items)
    assert {item.n_topics for item in items} <= {1, 2, 3, 4}
    files = Resource.objects.annotate(n=Count("files")).values_list("n", flat=True)
    assert set(files) == {0, 1, 2}
    spanish = items.filter(language="es").count()
    assert 20 < spanish < 110  # about 15 %
    matches = Resource.objects.filter(search_vector=SEARCH_WORD).count()
    assert 2 <= matches <= 80  # a search is selective: a few per cent, not everything
    assert generate_catalog(size=400) == 0  # already that size: nothing added
    call_command("generate_catalog", "--size", "450", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Resource.objects.count() == 450


def test_server_timing_header_only_when_enabled(client, settings):
    generate_catalog(size=5)
    assert "Server-Timing" not in client.get("/resources/")
    settings.MIDDLEWARE = ["core.http.timing.ServerTimingMiddleware", *settings.MIDDLEWARE]
    timing = Client().get("/resources/")["Server-Timing"]
    app, db = (float(part.split("dur=")[1]) for part in timing.split(", "))
    assert app > db > 0


def test_the_same_size_floor_answers_exactly_the_bytes_asked_for(rf):
    from demo.views import trivial_bytes

    response = trivial_bytes(rf.get("/bench/bytes", {"size": "299828"}))
    assert response.status_code == 200
    assert len(response.content) == 299828
    assert len(gzip.compress(response.content)) > 299828  # incompressible, like gzip itself
    assert trivial_bytes(rf.get("/bench/bytes", {"size": "lots"})).status_code == 400
    assert trivial_bytes(rf.get("/bench/bytes", {"size": str(2**21)})).status_code == 400


def _derived_columns():
    return list(Resource.objects.order_by("id").values_list("id", "topic_ids", "topic_names"))


@pytest.mark.parametrize("large_load", [False, True])
def test_synthetic_catalog_loaded_by_copy_matches_what_the_triggers_keep(monkeypatch, large_load):
    from django.db import connection

    from demo.management.commands import generate_catalog as command
    from resources.models import FacetTotal

    if large_load:
        # The path of a million-row load: secondary indexes dropped, then built again.
        monkeypatch.setattr(command, "LARGE_LOAD", 100)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'resources_%'")
        indexes_before = sorted(row[0] for row in cursor.fetchall())
    generate_catalog(size=300)
    loaded = _derived_columns()
    assert all(topic_ids and names for _, topic_ids, names in loaded)
    totals = dict(FacetTotal.objects.filter(kind="topic").values_list("object_id", "published"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM resources_searchword")
        words = cursor.fetchone()[0]
        # The row trigger recomputes both columns from the links, as on any save.
        cursor.execute("UPDATE resources_resource SET topic_ids = '{}'")
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'resources_%'")
        indexes_after = sorted(row[0] for row in cursor.fetchall())
    assert _derived_columns() == loaded
    command.check_facet_totals()  # raises if a total differs from a count
    assert (
        sum(totals.values())
        == Resource.topics.through.objects.filter(resource__status="published").count()
    )
    assert words > 50  # "Did you mean" knows the catalogue's words
    assert indexes_after == indexes_before


def test_catalog_drawn_ahead_in_a_thread_is_the_catalog_of_its_seed(monkeypatch):
    """The next batch is drawn while the current one is inserted; the draws stay in order, so
    a seed gives the rows, topics, places and files that drawing batch after batch gives."""
    import random

    from demo.management.commands import generate_catalog as command
    from jurisdictions.models import Jurisdiction

    monkeypatch.setattr(command, "BATCH", 70)
    for number in range(3):
        Jurisdiction.objects.create(
            name=f"Sample County {number}",
            level="county",
            geoid=f"9900{number}",
            slug=f"sample-county-{number}",
        )
    generate_catalog(size=250, seed=5)
    stored = {
        item.slug: (item.title, item.body, item.publication_date, item.topic_ids)
        for item in Resource.objects.all()
    }
    places = dict(Resource.objects.annotate(n=Count("jurisdictions")).values_list("slug", "n"))
    files = dict(Resource.objects.annotate(n=Count("files")).values_list("slug", "n"))

    rng = random.Random(5)
    types = list(command.ResourceType.objects.order_by("position", "id"))
    topics = command.ensure_topics(60)
    english = command.Words(rng, command.EN_WORDS, "en")
    spanish = command.Words(rng, command.ES_WORDS, "es")
    topic_text = {topic.id: "" for topic in topics}
    expected = {}
    for first in range(0, 250, 70):
        drawn = command._draw(
            min(70, 250 - first),
            rng=rng,
            english=english,
            spanish=spanish,
            types=types,
            type_weights=(command.TYPE_WEIGHTS + [1] * len(types))[: len(types)],
            topics=topics,
            topic_text=topic_text,
            jurisdiction_ids=list(Jurisdiction.objects.values_list("id", flat=True)),
            today=command.datetime.date.today(),
        )
        for n, row in enumerate(drawn.rows):
            slug = f"bench-{first + n}"
            expected[slug] = (row[0], row[4], row[2], drawn.topic_ids[n])
            assert places[slug] == len(drawn.places[n])
            assert files[slug] == drawn.files[n]
    assert stored == expected
    assert any(places.values()) and any(files.values())


def test_a_failed_insert_stops_the_load_and_its_drawing_thread(monkeypatch):
    import threading

    from demo.management.commands import generate_catalog as command

    monkeypatch.setattr(command, "BATCH", 50)
    calls = []

    def failing(drawn, **kwargs):
        calls.append(len(drawn.rows))
        raise RuntimeError("the database went away")

    monkeypatch.setattr(command, "_insert", failing)
    with pytest.raises(RuntimeError, match="went away"):
        generate_catalog(size=200)
    assert calls == [50]  # the batch drawn ahead was not inserted
    assert not [t for t in threading.enumerate() if t.name.startswith("catalog-draw")]
    assert Resource.objects.count() == 0
