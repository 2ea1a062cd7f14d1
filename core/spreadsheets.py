"""Spreadsheet cells that cannot run as formulas, for every CSV and XLSX the site writes and
reads.

A cell starting with =, +, - or @ (or a tab or carriage return before one) is a formula to
Excel, LibreOffice and Google Sheets: `=HYPERLINK(...)` or `-2+3+cmd|' /C calc'!A0` in a
title would run on the computer of whoever opens an export. Exports put an apostrophe before
such text, which spreadsheet programs read as "this is text"; importers refuse it.
"""

import re

from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def is_formula(text: str) -> bool:
    return text[:1] in FORMULA_START and not PLAIN_NUMBER.match(text)


def spreadsheet_safe(value) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula(text) else text


def formula_errors(row: dict) -> list[str]:
    """An importer's row errors for cells a spreadsheet would run as formulas."""
    return [
        _(
            "%(column)s: “%(start)s…” starts with “%(sign)s”, which spreadsheet programs run "
            "as a formula; remove the sign or reword the text."
        )
        % {"column": column, "start": value[:20], "sign": value[:1].strip() or value[:1]}
        for column, value in row.items()
        if isinstance(value, str) and not column.startswith("__") and is_formula(value)
    ]


class _SafeFormat:
    def export_data(self, dataset, **kwargs):
        for index in range(len(dataset)):
            row = dataset[index]
            dataset[index] = [
                spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row
            ]
        return super().export_data(dataset, **kwargs)


class SafeCSV(_SafeFormat, CSV):
    """The admin's CSV export, with formula-leading cells neutralised."""


class SafeXLSX(_SafeFormat, XLSX):
    """The admin's XLSX export, with formula-leading cells neutralised."""
