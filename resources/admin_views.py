"""Spreadsheet import in the admin: upload, preview every row, confirm. Same path as the command."""

import io
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importers import Action, ImportFileError, ImportReport, read_csv, resources_import
from .models import Status

IMPORT_MAX_MB = 10
PREVIEW_TTL = 60 * 60
PUBLISHING_STATUSES = {Status.PUBLISHED.value, Status.UNPUBLISHED.value}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns as for the import_resources command; first row is the header."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit for an import is %(limit)d MB.")
                % {"size": upload.size / 1024 / 1024, "limit": IMPORT_MAX_MB}
            )
        data = upload.read()
        name = upload.name.lower()
        try:
            if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
                return read_xlsx(data)
            return read_csv(data)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error


def read_xlsx(data: bytes) -> list[tuple[int, dict]]:
    """Rows of the first sheet, as text, in the shape read_csv gives."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    values = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(values, [])]
    if not any(header):
        raise ImportFileError(_("The file is empty: it needs a header row."))
    rows = []
    for line, cells in enumerate(values, start=2):
        if len(rows) >= settings.IMPORT_MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        row = {name: _text(cell) for name, cell in zip(header, cells, strict=False) if name}
        if any(row.values()):
            rows.append((line, row))
    return rows


def _text(cell) -> str:
    if cell is None:
        return ""
    if hasattr(cell, "date") and callable(cell.date):
        return cell.date().isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _check_publishing(report: ImportReport, rows, *, can_publish: bool) -> None:
    """An editor's spreadsheet may not publish: the same rule as the admin's status choices."""
    if can_publish:
        return
    by_line = {result.line: result for result in report.rows}
    for line, row in rows:
        if row.get("status", "").lower() in PUBLISHING_STATUSES and line in by_line:
            result = by_line[line]
            result.errors.append(_("status: only a publisher may import “%s”.") % row["status"])
            result.action = Action.ERROR


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    can_publish = model_admin.has_publish_permission(request)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import publications"),
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_mb": IMPORT_MAX_MB,
    }
    token = request.POST.get("token")
    if request.method == "POST" and token:
        rows = cache.get(_key(request, token))
        if rows is None:
            messages.error(request, _("The preview expired; upload the file again."))
            return redirect("admin:resources_resource_import")
        report = resources_import(rows=rows, dry_run=True)
        _check_publishing(report, rows, can_publish=can_publish)
        if not report.has_errors:
            report = resources_import(rows=rows, dry_run=False)
        if report.saved:
            cache.delete(_key(request, token))
            messages.success(request, _("Imported: %s.") % report.summary())
            return redirect("admin:resources_resource_changelist")
        context.update(form=ImportForm(), report=report)
        return TemplateResponse(request, "admin/resources/resource/import.html", context)

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        rows = form.cleaned_data["file"]
        report = resources_import(rows=rows, dry_run=True)
        _check_publishing(report, rows, can_publish=can_publish)
        context["report"] = report
        if not report.has_errors:
            token = secrets.token_urlsafe(16)
            cache.set(_key(request, token), rows, PREVIEW_TTL)
            context["token"] = token
    context["form"] = form
    return TemplateResponse(request, "admin/resources/resource/import.html", context)


def _key(request, token: str) -> str:
    # Tied to the user, so a token cannot confirm someone else's preview.
    return f"admin-import:resources:{request.user.pk}:{token}"
