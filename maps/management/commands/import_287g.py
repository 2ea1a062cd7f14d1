"""Import one of ICE's 287(g) lists (participating or pending agencies, xlsx), all or nothing."""

import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.importing.commands import report_rows
from core.importing.rows import ImportFileError, check_file_size
from maps.ice287g import agreements_import, list_date_from_name, read_list, read_places
from maps.models import PolicyMap


class Command(BaseCommand):
    help = (
        "Import ICE's list of 287(g) agreements (participatingAgencies*.xlsx) or of pending "
        "agreements (pendingAgencies*.xlsx) into a map. The date of the list comes from "
        "--as-of or the file name. Nothing is saved if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--map", required=True, dest="map_slug", help="The map's slug.")
        parser.add_argument(
            "--as-of", dest="as_of", help="Date of the list, YYYY-MM-DD (default: from the name)."
        )
        parser.add_argument(
            "--places",
            type=Path,
            help="CSV of agencies settled by staff (default: maps/data/ice-287g/agency-places.csv).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file: Path, map_slug: str, as_of, places, dry_run: bool, **options):
        started = time.monotonic()
        policy_map = PolicyMap.objects.filter(slug=map_slug).first()
        if policy_map is None:
            known = ", ".join(PolicyMap.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No map has the slug “{map_slug}”. Maps: {known}.")
        if as_of:
            try:
                list_date = datetime.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of: “{as_of}” is not a date (YYYY-MM-DD).") from None
        else:
            list_date = list_date_from_name(file.name)
            if list_date is None:
                raise CommandError(
                    f"{file}: no date in the file name (…MMDDYYYY.xlsx); give --as-of YYYY-MM-DD."
                )
        try:
            check_file_size(file.stat().st_size)
            list_file = read_list(file.read_bytes())
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error
        report = agreements_import(
            list_file=list_file,
            list_date=list_date,
            policy_map=policy_map,
            dry_run=dry_run,
            file_name=file.name,
            places=read_places(places) if places else None,
        )
        for row in report.rows:
            for note in getattr(row, "notes", []):
                if "New agency" not in note or options["verbosity"] > 1:
                    self.stdout.write(f"{file}:{row.line}: {note}")
        report_rows(self, file=file, report=report)
        verb = "Would import" if dry_run else "Imported"
        placed = ", ".join(f"{n} by {how}" for how, n in sorted(report.placements.items()))
        self.stdout.write(
            f"{verb} the {list_file.kind} list of {list_date.isoformat()} into "
            f"“{policy_map.slug}”: {report.summary()}; "
            f"{len(report.ended)} agreement(s) ended; "
            f"{sum(report.placements.values())} new agencies ({placed or 'none'}) "
            f"in {time.monotonic() - started:.1f} s."
        )
