"""Load every US state, DC, territory and county boundary shipped in the repository."""

import time

from django.core.management.base import BaseCommand

from jurisdictions.boundaries import load_boundaries


class Command(BaseCommand):
    help = (
        "Load states, DC, territories and counties from the shipped Census boundaries "
        "(us-atlas). Safe to run repeatedly: unchanged rows are left alone."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        report = load_boundaries()
        self.stdout.write(
            f"Boundaries: {report.states} states, DC and territories; {report.counties} "
            f"counties and equivalents ({report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged) in {time.monotonic() - started:.1f} s."
        )
