"""Load the demonstration catalog and maps, and a demo admin account. Safe to run repeatedly."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.library import load_demo_catalog
from demo.maps import load_demo_maps

DEMO_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Load sample publications, the demo maps and a demo admin account (idempotent)."

    def handle(self, *args, **options):
        added = load_demo_catalog()
        load_demo_maps()
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "demo-admin-2026")
        User = get_user_model()
        if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            User.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.org", password)
            created = "created"
        else:
            created = "already there"
        self.stdout.write(f"Demo data: {added} sample publications added; demo maps loaded.")
        self.stdout.write(
            f"Demo admin account ({created}): username “{DEMO_ADMIN_USERNAME}”, "
            f"password “{password}” — sign in at /admin/"
        )
