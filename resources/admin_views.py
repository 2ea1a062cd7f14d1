"""Importing publications in the admin: their columns, template and publishing rules."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.importing.admin import ImportForm, import_admin_view, import_template
from core.importing.rows import Action, ImportReport
from core.publishing import Status

from .importers import resources_import
from .models import Resource, ResourceType

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


def _check_publishing(report: ImportReport, rows, *, can_publish: bool) -> None:
    """An editor's spreadsheet may not change what the public sees: the rule of the status
    choices and of pending revisions (resources/revisions.py).

    Refused: a row that would publish or unpublish, and a change to a published publication
    (edited in the admin, where the edit waits for a publisher's review).
    """
    if can_publish:
        return
    from django.utils.text import slugify

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

    types = ", ".join(ResourceType.objects.values_list("name", flat=True))
    columns = [
        (name, required, str(description).replace("%(types)s", types))
        for name, required, description in PUBLICATION_COLUMNS
    ]
    return import_admin_view(
        model_admin,
        request,
        run=run,
        form_class=ImportForm,
        title=_("Import publications"),
        url_name="admin:resources_resource_import",
        columns=columns,
    )


def publication_template_view(model_admin, request):
    return import_template(
        model_admin,
        request,
        columns=PUBLICATION_COLUMNS,
        example=PUBLICATION_EXAMPLE,
        filename="publications-template.csv",
    )
