"""Import one map's policies from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maps.importers import ImportFileError, policies_import, read_csv
from maps.models import PolicyMap


class Command(BaseCommand):
    help = (
        "Import policies of one map from a UTF-8 CSV file (columns jurisdiction, category, "
        "effective_date; optional end_date, summary, source_title, source_url, "
        "last_verified). Nothing is saved if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--map", required=True, dest="map_slug", help="The map's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file: Path, map_slug: str, dry_run: bool, **options):
        policy_map = PolicyMap.objects.filter(slug=map_slug).first()
        if policy_map is None:
            known = ", ".join(PolicyMap.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No map has the slug “{map_slug}”. Maps: {known}.")
        try:
            rows = read_csv(file.read_bytes())
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error

        report = policies_import(rows=rows, policy_map=policy_map, dry_run=dry_run)
        for row in report.errors:
            for message in row.errors:
                self.stderr.write(f"{file}:{row.line}: {message}")
        if report.has_errors:
            raise CommandError(
                f"{len(report.errors)} row(s) with errors; nothing was saved. ({report.summary()})"
            )
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} into “{policy_map.slug}”: {report.summary()}")
