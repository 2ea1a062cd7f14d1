"""Importing a map's policies in the admin: their columns, template and view."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.importing.admin import ImportForm, import_admin_view, import_template

from .importers import policies_import
from .models import PolicyMap

POLICY_COLUMNS = [
    ("jurisdiction", True, gettext_lazy("GEOID (48201) or state postal code (TX).")),
    ("category", True, gettext_lazy("A legend category of the chosen map, by slug or label.")),
    ("effective_date", True, gettext_lazy("The day the policy took effect: YYYY-MM-DD.")),
    ("end_date", False, gettext_lazy("Its last day in force; empty while in force.")),
    ("summary", False, gettext_lazy("What the policy does, in a sentence or two.")),
    ("source_title", True, gettext_lazy("The document it rests on (ordinance, memo, order).")),
    ("source_url", True, gettext_lazy("Where to read that document: http:// or https://.")),
    ("last_verified", False, gettext_lazy("The day staff last checked it.")),
    (
        "summary_es",
        False,
        gettext_lazy(
            "The summary in Spanish. Leave the column out to keep the Spanish texts as they are."
        ),
    ),
    ("source_title_es", False, gettext_lazy("The source's title in Spanish, if it has one.")),
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
    "La cárcel del condado acata algunas órdenes de detención de ICE.",
    "Memorando del sheriff",
]


def policy_import_view(model_admin, request):
    """One map's policies: columns as for import_policies. Imported policies are published."""
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

    return import_admin_view(
        model_admin,
        request,
        run=run,
        form_class=PolicyImportForm,
        title=_("Import policies"),
        url_name="admin:maps_policy_import",
        columns=POLICY_COLUMNS,
    )


def policy_template_view(model_admin, request):
    return import_template(
        model_admin,
        request,
        columns=POLICY_COLUMNS,
        example=POLICY_EXAMPLE,
        filename="policies-template.csv",
    )
