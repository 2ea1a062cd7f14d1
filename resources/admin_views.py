"""Spreadsheet import in the admin: upload, preview every row, confirm. Same path as the commands."""

import csv
import io
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

from core.publishing import Status

from .importers import (
    Action,
    ImportFileError,
    ImportReport,
    check_file_size,
    read_csv,
    resources_import,
)

PREVIEW_TTL = 60 * 60
PUBLISHING_STATUSES = {Status.PUBLISHED.value, Status.UNPUBLISHED.value}


# (column, required, what it holds) for the column list of each import page, and an example
# row for its downloadable template.
PUBLICATION_COLUMNS = [
    ("title", True, gettext_lazy("The title, as shown on the site.")),
    ("type", True, gettext_lazy("A publication type, by name or slug: %(types)s.")),
    ("publication_date", True, gettext_lazy("YYYY-MM-DD or MM/DD/YYYY.")),
    (
        "slug",
        False,
        gettext_lazy(
            "Part of the address; made from the title when empty. A row whose slug (or title) "
            "matches a publication updates it."
        ),
    ),
    ("summary", False, gettext_lazy("One paragraph, shown in lists.")),
    (
        "topics",
        False,
        gettext_lazy(
            "Topic names separated by “;”. A new name creates a topic (see the preview)."
        ),
    ),
    ("language", False, gettext_lazy("en or es; en when empty.")),
    ("url", False, gettext_lazy("An external link, http:// or https://.")),
    ("jurisdictions", False, gettext_lazy("GEOIDs or state postal codes separated by “;”.")),
    (
        "status",
        False,
        gettext_lazy(
            "draft, review, published or unpublished. When empty a new publication is "
            "published (a draft if you may not publish) and an existing one keeps its status."
        ),
    ),
]
PUBLICATION_EXAMPLE = [
    "Immigration Detainers: A Practice Advisory",
    "Practice Advisory",
    "2024-03-05",
    "",
    "What a detainer is and how to challenge it.",
    "Detainers; Sheriffs",
    "en",
    "",
    "TX",
    "draft",
]
POLICY_COLUMNS = [
    ("jurisdiction", True, gettext_lazy("GEOID (48201) or state postal code (TX).")),
    ("category", True, gettext_lazy("A legend category of the chosen map, by slug or label.")),
    ("effective_date", True, gettext_lazy("The day the policy took effect: YYYY-MM-DD.")),
    ("end_date", False, gettext_lazy("Its last day in force; empty while in force.")),
    ("summary", False, gettext_lazy("What the policy does, in a sentence or two.")),
    ("source_title", True, gettext_lazy("The document it rests on (ordinance, memo, order).")),
    ("source_url", True, gettext_lazy("Where to read that document: http:// or https://.")),
    ("last_verified", False, gettext_lazy("The day staff last checked it.")),
]
POLICY_EXAMPLE = [
    "48201",
    "hold-policy",
    "2019-03-01",
    "",
    "The county jail honours some ICE detainers.",
    "Sheriff's memo",
    "https://example.org/harris-memo.pdf",
    "2024-05-01",
]


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
    """An editor's spreadsheet may not change what the public sees: the rule of the status
    choices and of pending revisions (resources/revisions.py).

    Refused: a row that would publish or unpublish, and a change to a published publication
    (edited in the admin, where the edit waits for a publisher's review).
    """
    if can_publish:
        return
    from django.utils.text import slugify

    from .models import Resource

    by_line = {result.line: result for result in report.rows}
    slugs = {line: row.get("slug") or slugify(row.get("title", "")) for line, row in rows}
    stored = dict(Resource.objects.filter(slug__in=slugs.values()).values_list("slug", "status"))
    for line, row in rows:
        result = by_line.get(line)
        if result is None or result.errors:
            continue
        status = (row.get("status") or Status.DRAFT).lower()
        before = stored.get(slugs[line])
        if result.action == Action.NEW:
            refused = status in PUBLISHING_STATUSES
        else:
            refused = "status" in result.changes and (
                status in PUBLISHING_STATUSES or before in PUBLISHING_STATUSES
            )
        if refused:
            result.errors.append(
                _("status: only a publisher may publish or unpublish (“%s”); use draft or review.")
                % status
            )
            result.action = Action.ERROR
        elif result.action == Action.CHANGED and before == Status.PUBLISHED:
            result.errors.append(
                _(
                    "This publication is published: a publisher imports changes to it, or edit "
                    "it in the admin, where your edit waits for a publisher's review."
                )
            )
            result.action = Action.ERROR


def import_view(model_admin, request):
    """Publications: columns as for import_resources."""
    can_publish = model_admin.has_publish_permission(request)

    # Someone who may not publish imports new publications as drafts.
    default_status = Status.PUBLISHED if can_publish else Status.DRAFT

    def run(rows, options, *, dry_run):
        report = resources_import(rows=rows, dry_run=True, default_status=default_status)
        _check_publishing(report, rows, can_publish=can_publish)
        if report.has_errors or dry_run:
            return report
        return resources_import(rows=rows, dry_run=False, default_status=default_status)

    from .models import ResourceType

    types = ", ".join(ResourceType.objects.values_list("name", flat=True))
    columns = [
        (name, required, str(description).replace("%(types)s", types))
        for name, required, description in PUBLICATION_COLUMNS
    ]
    return _import(
        model_admin,
        request,
        run=run,
        form_class=ImportForm,
        title=_("Import publications"),
        url_name="admin:resources_resource_import",
        columns=columns,
    )


def policy_import_view(model_admin, request):
    """One map's policies: columns as for import_policies. Imported policies are published."""
    from maps.importers import policies_import
    from maps.models import PolicyMap

    if not model_admin.has_publish_permission(request):
        raise PermissionDenied

    class PolicyImportForm(ImportForm):
        policy_map = forms.ModelChoiceField(
            label=gettext_lazy("Map"), queryset=PolicyMap.objects.order_by("title")
        )
        field_order = ["policy_map", "file"]

    def run(rows, options, *, dry_run):
        policy_map = PolicyMap.objects.filter(pk=options["policy_map"]).first()
        if policy_map is None:
            return None
        return policies_import(rows=rows, policy_map=policy_map, dry_run=dry_run)

    return _import(
        model_admin,
        request,
        run=run,
        form_class=PolicyImportForm,
        title=_("Import policies"),
        url_name="admin:maps_policy_import",
        columns=POLICY_COLUMNS,
    )


def import_template(columns, example, filename: str) -> HttpResponse:
    """A CSV with the header and one example row, to fill in and upload."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
    writer = csv.writer(response)
    writer.writerow([name for name, _required, _description in columns])
    writer.writerow(example)
    return response


def publication_template_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    return import_template(PUBLICATION_COLUMNS, PUBLICATION_EXAMPLE, "publications-template.csv")


def policy_template_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    return import_template(POLICY_COLUMNS, POLICY_EXAMPLE, "policies-template.csv")


def _import(model_admin, request, *, run, form_class, title, url_name, columns, template=True):
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
    template = "admin/resources/resource/import.html"
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
