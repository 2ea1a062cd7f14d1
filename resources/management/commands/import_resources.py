"""Import publications from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.importing.commands import read_rows, report_rows
from resources.importers import resources_import


class Command(BaseCommand):
    help = "Import publications from a UTF-8 CSV file. Nothing is saved if any row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        report = resources_import(rows=read_rows(file), dry_run=dry_run)
        report_rows(self, file=file, report=report)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {report.summary()}")
