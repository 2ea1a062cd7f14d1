"""Materialise scheduled publishing: what became public since the last run.

Correctness does not depend on this command (public querysets compare publish_at with now);
it refreshes what is cached, so a policy scheduled for 09:00 shows on its map at 09:00 even
if the map's data was cached at 08:59. Run it every few minutes from cron.
"""

import logging

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from config.page_cache import invalidate_pages
from maps.cache import invalidate_map
from maps.models import Policy
from resources.models import Resource, Status

logger = logging.getLogger(__name__)
LAST_RUN_KEY = "publish_scheduled:last_run"


class Command(BaseCommand):
    help = "Refresh caches for publications and policies whose publish-at time has passed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help="ISO date-time to look back to (default: the previous run, or everything).",
        )

    def handle(self, *args, since=None, **options):
        now = timezone.now()
        if since:
            start = parse_datetime(since)
            if start is None:
                self.stderr.write(f"--since: not a date-time: {since!r}")
                return
            if timezone.is_naive(start):
                start = timezone.make_aware(start)
        else:
            stored = cache.get(LAST_RUN_KEY)
            start = parse_datetime(stored) if stored else None

        window = {"publish_at__lte": now}
        if start is not None:
            window["publish_at__gt"] = start

        resources = list(
            Resource.objects.filter(status=Status.PUBLISHED, **window).values_list(
                "slug", flat=True
            )
        )
        policies = Policy.objects.filter(status=Status.PUBLISHED, **window)
        map_ids = sorted(set(policies.values_list("policy_map_id", flat=True)))
        for map_id in map_ids:
            invalidate_map(map_id)
        if resources or map_ids:
            invalidate_pages()
        for slug in resources:
            logger.info("Publication now public: %s", slug)
        cache.set(LAST_RUN_KEY, now.isoformat(), timeout=None)
        self.stdout.write(
            f"{len(resources)} publication(s) and {policies.count()} "
            f"polic(y/ies) became public; {len(map_ids)} map(s) refreshed."
        )
