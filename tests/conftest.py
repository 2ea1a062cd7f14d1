"""Fixtures shared by the whole suite, named after the places they stand for."""

import importlib

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

from jurisdictions.models import Jurisdiction, Level

from .factories import square


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a test-client request to /es/ leaves Spanish active in the
    thread, and modeltranslation would then save `name=` into the Spanish column."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _publication_types(request):
    """The five types a data migration creates. A transactional test (browser, multi-process)
    empties every table when it ends, so they are put back for whichever test runs next."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_db:
        return
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    from resources.models import ResourceType

    migration = importlib.import_module("resources.migrations.0002_publication_types")
    if ResourceType.objects.count() < len(migration.TYPES):
        migration.create_types(apps, None)


@pytest.fixture
def texas(db):
    return Jurisdiction.objects.create(
        level=Level.STATE,
        name="Texas",
        geoid="48",
        postal_code="TX",
        state_code="TX",
        slug="texas",
        boundary=square(-100, 30, 5),
    )


@pytest.fixture
def texas_with_counties(texas):
    counties = {
        name: Jurisdiction.objects.create(
            level=Level.COUNTY,
            name=name,
            geoid=geoid,
            state_code="TX",
            parent=texas,
            slug=slugify(name),
            boundary=square(x, 31),
        )
        for name, geoid, x in [
            ("Harris County", "48201", -96),
            ("Travis County", "48453", -98),
            ("El Paso County", "48141", -99.9),
        ]
    }
    return texas, counties


@pytest.fixture
def california(db):
    return Jurisdiction.objects.create(
        level=Level.STATE,
        name="California",
        geoid="06",
        postal_code="CA",
        state_code="CA",
        slug="california",
        boundary=square(-122, 36, 4),
    )
