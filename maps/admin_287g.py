"""The admin import of ICE's 287(g) lists: the upload, row-by-row preview and confirmation of
the other imports, running the import_287g command's code."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.importing.admin import import_admin_view
from core.importing.rows import ImportFileError, check_file_size

from .ice287g import agreements_import, list_date_from_name, read_list
from .models import PolicyMap


class AgreementListForm(forms.Form):
    policy_map = forms.ModelChoiceField(
        label=gettext_lazy("Map"),
        queryset=PolicyMap.objects.filter(multiple_categories=True).order_by("title"),
    )
    file = forms.FileField(
        label=gettext_lazy("ICE's list (XLSX)"),
        help_text=gettext_lazy(
            "participatingAgencies…xlsx or pendingAgencies…xlsx as published by ICE."
        ),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Date of the list"),
        required=False,
        help_text=gettext_lazy("Empty: read from the file name (…07182025pm.xlsx)."),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            check_file_size(upload.size)
            list_file = read_list(upload.read())
        except ImportFileError as error:
            raise forms.ValidationError({"file": str(error)}) from error
        list_date = cleaned.get("as_of") or list_date_from_name(upload.name)
        if list_date is None:
            raise forms.ValidationError(
                {"as_of": _("The file name carries no date; give the date of the list.")}
            )
        cleaned["file"] = (list_file, upload.name)
        cleaned["as_of"] = list_date
        return cleaned


# The columns of ICE's list, row 1 of the spreadsheet as published.
ICE_LIST_COLUMNS = [
    ("STATE", True, _("The state's full name, as ICE types it (upper case).")),
    ("LAW ENFORCEMENT AGENCY", True, _("The agency that signed the agreement.")),
    ("TYPE", True, _("County, Municipality or State Agency.")),
    (
        "COUNTY",
        False,
        _("The agency's county; #N/A is placed by the gazetteer or the places file."),
    ),
    (
        "SUPPORT TYPE",
        True,
        _("Jail Enforcement Model, Task Force Model or Warrant Service Officer."),
    ),
    ("SIGNED", True, _("The date the agreement was signed: the day it takes effect on the map.")),
    ("MOA", False, _("A link to the signed agreement (PDF); e-mail redirects are unwrapped.")),
]


def agreement_import_view(model_admin, request):
    if not model_admin.has_publish_permission(request):
        raise PermissionDenied

    def run(upload, options, *, dry_run):
        list_file, file_name = upload
        policy_map = PolicyMap.objects.filter(pk=options["policy_map"]).first()
        if policy_map is None:
            return None
        report = agreements_import(
            list_file=list_file,
            list_date=options["as_of"],
            policy_map=policy_map,
            dry_run=dry_run,
            file_name=file_name,
        )
        return report

    return import_admin_view(
        model_admin,
        request,
        run=run,
        form_class=AgreementListForm,
        title=_("Import an ICE 287(g) list"),
        url_name="admin:maps_policy_import_287g",
        columns=ICE_LIST_COLUMNS,
        template=False,  # the file is ICE's own list, uploaded as published
    )
