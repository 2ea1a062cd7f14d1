"""The values lists print per row, prepared once per list, are what Django's own template
filters and tags write (tests of core/display.py)."""

import datetime

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from core.display import digit_grouper, short_date_writer, url_for_each

NUMBERS = [*range(0, 20000, 7), 999, 1000, 10000, 123456789, 10**7]


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "hi"])
def test_counts_are_grouped_as_intcomma_groups_them(language):
    with translation.override(language):
        grouped = digit_grouper()
        assert [grouped(n) for n in NUMBERS] == [intcomma(n) for n in NUMBERS]


@pytest.mark.parametrize("language", ["en", "es"])
def test_short_dates_are_what_the_date_filter_writes(language):
    days = [datetime.date(2019, 3, 1), datetime.date(2024, 12, 31), datetime.date(1901, 1, 9)]
    with translation.override(language):
        short = short_date_writer()
        assert [short(day) for day in days] == [
            date_filter(day, "SHORT_DATE_FORMAT") for day in days
        ]
        assert short(None) == ""


@pytest.mark.parametrize("language", ["en", "es"])
def test_addresses_are_what_reverse_gives(language):
    request = RequestFactory().get("/")
    with translation.override(language):
        place = url_for_each("jurisdictions:detail", "geoid")
        page = url_for_each("resources:detail", "slug", request=request)
        assert place("48201") == reverse("jurisdictions:detail", kwargs={"geoid": "48201"})
        assert page("know-your-rights") == request.build_absolute_uri(
            reverse("resources:detail", kwargs={"slug": "know-your-rights"})
        )
