"""Import one map's policies from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.importing.commands import read_rows, report_rows
from maps.importers import policies_import
from maps.models import PolicyMap


class Command(BaseCommand):
    help = (
        "Import policies of one map from a UTF-8 CSV file (columns jurisdiction, category, "
        "effective_date; optional end_date, summary, source_title, source_url, "
        "last_verified, and the Spanish summary_es and source_title_es). Nothing is saved if "
        "any row is bad."
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
        report = policies_import(rows=read_rows(file), policy_map=policy_map, dry_run=dry_run)
        report_rows(self, file=file, report=report)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} into “{policy_map.slug}”: {report.summary()}")
