"""Reading spreadsheets for an import, and the row-by-row report every importer returns: the
same checks and wording for the admin's preview and the management commands."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header, size)."""


class Action:
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowResult:
    line: int
    title: str = ""
    action: str = Action.NEW
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    # For the preview: the row's cells as written, (field, stored, imported) for each change,
    # and the saved records the row ends (a policy a new one replaces).
    values: dict = field(default_factory=dict)
    differences: list[tuple[str, str, str]] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    # What a person should know about a row that is not an error: a repaired value, a duplicate.
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = False
    saved: bool = False
    columns: list[str] = field(default_factory=list)
    # Topics the import will create: listed in the preview so a typo is caught.
    new_topics: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def summary(self) -> str:
        return _(
            "%(new)d new, %(changed)d changed, %(unchanged)d unchanged, %(error)d with errors"
        ) % {
            "new": self.count(Action.NEW),
            "changed": self.count(Action.CHANGED),
            "unchanged": self.count(Action.UNCHANGED),
            "error": self.count(Action.ERROR),
        }


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> datetime.date:
    value = value.strip()
    # The common YYYY-MM-DD, read without strptime (a tenth of a 10,000-row import's Python).
    if _ISO_DATE.fullmatch(value):
        return datetime.date.fromisoformat(value)
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    raise ValueError(value)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def check_file_size(size: int) -> None:
    """Refuse a spreadsheet over IMPORT_MAX_MB before reading it: the admin and the commands
    share the limit."""
    limit = settings.IMPORT_MAX_MB
    if size > limit * 1024 * 1024:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit for an import is %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": limit}
        )


def read_csv(data: bytes | str) -> list[tuple[int, dict]]:
    """Rows of a UTF-8 CSV with a header, each with the line number it ends on."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("The file is not UTF-8 text (byte %(position)d). Save it as “CSV UTF-8”.")
                % {"position": error.start + 1}
            ) from error
    if "\x00" in data:
        # PostgreSQL cannot store NUL; such a file is binary or damaged, not a CSV export.
        raise ImportFileError(
            _("Line %(line)d holds a null character: the file is not plain CSV text.")
            % {"line": data.count("\n", 0, data.index("\x00")) + 1}
        )
    # A cell may be as long as the admin accepts (the whole file's limit), not csv's 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), settings.IMPORT_MAX_MB * 1024 * 1024))
    reader = csv.DictReader(io.StringIO(data, newline=""))
    try:
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportFileError(_("Line 1: the header cannot be read (%s).") % error) from error
    if not header:
        raise ImportFileError(_("The file is empty: it needs a header row."))
    reader.fieldnames = header
    rows = []
    limit = settings.IMPORT_MAX_ROWS
    try:
        for row in reader:
            if len(rows) >= limit:
                raise ImportFileError(
                    _("The file has more than %(limit)d rows; split it into smaller files.")
                    % {"limit": limit}
                )
            extra = row.pop(None, None)
            cleaned = {key: (value or "").strip() for key, value in row.items() if key}
            if extra:
                cleaned["__extra__"] = "yes"
            if any(cleaned.values()):
                rows.append((reader.line_num, cleaned))
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)d: %(error)s") % {"line": reader.line_num, "error": error}
        ) from error
    return rows


def read_xlsx(data: bytes) -> list[tuple[int, dict]]:
    """Rows of the first sheet, as text, in the shape read_csv gives."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    values = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(values, [])]
    if not any(header):
        raise ImportFileError(_("The file is empty: it needs a header row."))
    rows = []
    for line, cells in enumerate(values, start=2):
        if len(rows) >= settings.IMPORT_MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        row = {name: _text(cell) for name, cell in zip(header, cells, strict=False) if name}
        if any(row.values()):
            rows.append((line, row))
    return rows


def _text(cell) -> str:
    if cell is None:
        return ""
    if hasattr(cell, "date") and callable(cell.date):
        return cell.date().isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
