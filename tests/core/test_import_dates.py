"""The dates an import accepts: YYYY-MM-DD (read on a fast path) and MM/DD/YYYY."""

import datetime

import pytest

from core.importing.rows import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", datetime.date(2024, 3, 5)),
        ("  2024-03-05 ", datetime.date(2024, 3, 5)),
        ("2024-3-5", datetime.date(2024, 3, 5)),  # unpadded: read by the format, as before
        ("03/05/2024", datetime.date(2024, 3, 5)),
        ("3/5/2024", datetime.date(2024, 3, 5)),
        ("2024-02-29", datetime.date(2024, 2, 29)),
    ],
)
def test_accepted_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2023-02-29", "2024-13-01", "2024-00-10", "20240305", "2024-W10-2", "2024-03-05T10:00", ""],
)
def test_refused_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)
