"""The ranked results of the relevance set (bench/relevance_set.py) stay as they were when the
search was first tuned: a change made for speed must not change what a practitioner sees, nor
its order. relevance_ranked.json holds the first page of each query, as the page listed it."""

import json
from pathlib import Path

import pytest
from django.test import Client

from bench.relevance import load_catalogue, submitted_search

pytestmark = pytest.mark.django_db

EXPECTED = json.loads((Path(__file__).parent / "relevance_ranked.json").read_text())


@pytest.fixture
def catalogue(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    # Text is read from the files after the commit, as it is when staff attach them.
    with django_capture_on_commit_callbacks(execute=True):
        return load_catalogue()


def test_relevance_set_keeps_its_ranked_results(catalogue):
    client = Client()
    changed = []
    for expected in EXPECTED:
        found = submitted_search(client, expected["query"], expected["language"])
        if found != expected["results"]:
            changed.append((expected["query"], expected["language"], expected["results"], found))
    assert catalogue == 36
    assert not changed, changed
