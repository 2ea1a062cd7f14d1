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
