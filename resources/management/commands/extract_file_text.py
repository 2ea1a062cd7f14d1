"""Read the text of attached files again, for the library search: all of them, or only those
not read yet (files added by bulk imports or before text was read)."""

from django.core.management.base import BaseCommand

from resources.extraction import refresh_file_text
from resources.models import ResourceFile, TextStatus


class Command(BaseCommand):
    help = "Read the text of every attached PDF and DOCX again for the library search."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending", action="store_true", help="only files whose text was never read"
        )

    def handle(self, *args, pending=False, **options):
        files = ResourceFile.objects.order_by("id")
        if pending:
            files = files.filter(text_status=TextStatus.PENDING)
        counts: dict[str, int] = {}
        for file_id in files.values_list("id", flat=True).iterator():
            status = refresh_file_text(file_id)
            if status:
                counts[status] = counts.get(status, 0) + 1
        labels = dict(TextStatus.choices)
        for status, count in sorted(counts.items()):
            self.stdout.write(f"{labels.get(status, status)}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} file(s) read."))
