"""Materialise scheduled publishing: what became public since the last run.

Correctness does not depend on this command (public querysets compare publish_at with now);
it refreshes what is cached, so a policy scheduled for 09:00 shows on its map at 09:00 even
if the map's data was cached at 08:59. Run it every few minutes from cron. The kinds of record
it looks at are those registered with core.scheduling.
"""

import logging

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.caching.pages import invalidate_pages
from core.publishing import Status
from core.scheduling import scheduled_kinds

logger = logging.getLogger(__name__)
LAST_RUN_KEY = "publish_scheduled:last_run"


class Command(BaseCommand):
    help = "Refresh caches for records whose publish-at time has passed."

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

        counts, total = [], 0
        for kind in scheduled_kinds():
            went_public = kind.model._default_manager.filter(
                status=Status.PUBLISHED, deleted_at__isnull=True, **window
            )
            count = went_public.count()
            if count and kind.went_public is not None:
                kind.went_public(went_public)
            for record in went_public[:100] if count else ():
                logger.info("Now public: %s %s", kind.model._meta.label, record.pk)
            counts.append(kind.counted % {"count": count})
            total += count
        if total:
            invalidate_pages()
        cache.set(LAST_RUN_KEY, now.isoformat(), timeout=None)
        self.stdout.write(f"{' and '.join(counts) or 'Nothing'} became public.")
