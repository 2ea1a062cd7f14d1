"""The library's current result set as CSV or JSON, with the parameters of /resources/."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views import View

from core.spreadsheets import spreadsheet_safe

from .api.views import resource_queryset
from .filters import search_resources

CSV_COLUMNS = [
    "title",
    "slug",
    "type",
    "publication_date",
    "revision_date",
    "language",
    "topics",
    "jurisdictions",
    "summary",
    "url",
    "files",
]
# Rows are read from the database this many at a time, so a whole-catalog export streams
# with bounded memory.
CHUNK_SIZE = 500


class Echo:
    def write(self, value):
        return value


def bad_parameters(filterset) -> HttpResponseBadRequest:
    lines = [_("Invalid parameters:")]
    for name, reasons in filterset.errors.items():
        lines.append(f"{name}: {' '.join(str(reason) for reason in reasons)}")
    return HttpResponseBadRequest(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def export_rows(request, queryset):
    for resource in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "title": resource.title,
            "slug": resource.slug,
            "type": resource.resource_type.slug,
            "publication_date": resource.publication_date.isoformat(),
            "revision_date": resource.revision_date.isoformat() if resource.revision_date else "",
            "language": resource.language,
            "topics": [topic.slug for topic in resource.topics.all()],
            "jurisdictions": [j.geoid for j in resource.jurisdictions.all()],
            "summary": resource.summary,
            "url": request.build_absolute_uri(resource.get_absolute_url()),
            "files": [
                request.build_absolute_uri(f.get_absolute_url()) for f in resource.files.all()
            ],
        }


class ExportView(View):
    extension = ""

    def get(self, request):
        filterset = search_resources(params=request.GET, queryset=resource_queryset())
        if not filterset.is_valid():
            return bad_parameters(filterset)
        response = StreamingHttpResponse(
            self.stream(export_rows(request, filterset.qs)), content_type=self.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="resources.{self.extension}"'
        return response


class CSVExportView(ExportView):
    """One row per publication; list columns are joined with “;”."""

    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def stream(self, rows):
        writer = csv.writer(Echo())
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(CSV_COLUMNS)
        for row in rows:
            yield writer.writerow(
                [
                    spreadsheet_safe(";".join(value) if isinstance(value, list) else value)
                    for value in (row[column] for column in CSV_COLUMNS)
                ]
            )


class JSONExportView(ExportView):
    """A JSON array of publications, the fields of the API's results."""

    extension = "json"
    content_type = "application/json"

    def stream(self, rows):
        yield "["
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps(
                row, cls=DjangoJSONEncoder, ensure_ascii=False
            )
        yield "]\n"
