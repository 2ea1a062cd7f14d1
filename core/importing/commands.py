"""What the import commands share: reading the file and reporting row errors."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .rows import ImportFileError, ImportReport, check_file_size, read_csv


def read_rows(file: Path) -> list[tuple[int, dict]]:
    try:
        check_file_size(file.stat().st_size)
        return read_csv(file.read_bytes())
    except OSError as error:
        raise CommandError(f"{file}: {error.strerror}") from error
    except ImportFileError as error:
        raise CommandError(f"{file}: {error}") from error


def report_rows(command: BaseCommand, *, file: Path, report: ImportReport) -> None:
    """Write each bad row as FILE:LINE: reason, and fail when there is any."""
    for row in report.errors:
        for message in row.errors:
            command.stderr.write(f"{file}:{row.line}: {message}")
    if report.has_errors:
        raise CommandError(
            f"{len(report.errors)} row(s) with errors; nothing was saved. ({report.summary()})"
        )
