"""Import publications from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.importers import ImportFileError, read_csv, resources_import


class Command(BaseCommand):
    help = "Import publications from a UTF-8 CSV file. Nothing is saved if any row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            rows = read_csv(file.read_bytes())
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error

        report = resources_import(rows=rows, dry_run=dry_run)
        for row in report.errors:
            for message in row.errors:
                self.stderr.write(f"{file}:{row.line}: {message}")
        if report.has_errors:
            raise CommandError(
                f"{len(report.errors)} row(s) with errors; nothing was saved. ({report.summary()})"
            )
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {report.summary()}")
