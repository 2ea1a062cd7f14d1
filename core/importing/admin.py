"""The admin's spreadsheet import: upload, a preview of every row, then confirm. Each app gives
the function that checks or saves its rows; the preview and its rules are the same for all."""

import csv
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .rows import ImportFileError, check_file_size, read_csv, read_xlsx

PREVIEW_TTL = 60 * 60


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy(
            "The first row names the columns listed below, in any order; the template has them."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_file_size(upload.size)
            data = upload.read()
            name = upload.name.lower()
            if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
                return read_xlsx(data)
            return read_csv(data)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error


def import_template(model_admin, request, *, columns, example, filename: str) -> HttpResponse:
    """A CSV with the header and one example row, to fill in and upload; for those who may
    add what the import adds."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
    writer = csv.writer(response)
    writer.writerow([name for name, _required, _description in columns])
    writer.writerow(example)
    return response


def import_admin_view(
    model_admin, request, *, run, form_class, title, url_name, columns, template=True
):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_mb": settings.IMPORT_MAX_MB,
        "columns": columns,
        "template_url": f"{url_name}_template" if template else "",
    }
    template = "admin/import.html"
    token = request.POST.get("token")
    if request.method == "POST" and token:
        stored = cache.get(_key(request, opts.label, token))
        report = run(*stored, dry_run=False) if stored else None
        if report is None:
            messages.error(request, _("The preview expired; upload the file again."))
            return redirect(url_name)
        if report.saved:
            cache.delete(_key(request, opts.label, token))
            messages.success(request, _("Imported: %s.") % report.summary())
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        context.update(form=form_class(), report=report)
        return TemplateResponse(request, template, context)

    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        rows = form.cleaned_data["file"]
        options = {
            name: getattr(value, "pk", value)
            for name, value in form.cleaned_data.items()
            if name != "file"
        }
        report = run(rows, options, dry_run=True)
        context["report"] = report
        if not report.has_errors:
            token = secrets.token_urlsafe(16)
            cache.set(_key(request, opts.label, token), (rows, options), PREVIEW_TTL)
            context["token"] = token
    context["form"] = form
    return TemplateResponse(request, template, context)


def _key(request, label: str, token: str) -> str:
    # Tied to the user, so a token cannot confirm someone else's preview.
    return f"admin-import:{label}:{request.user.pk}:{token}"
