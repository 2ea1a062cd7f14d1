"""Fixtures shared by the whole suite, named after the places they stand for."""

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
