"""Staff triage of readers' corrections: new → accepted or rejected, with a note. Accepting one
about a policy opens the policy form prefilled with a new period; nothing public changes until
staff save that form. The reader is e-mailed when the correction is resolved."""

from pathlib import PurePosixPath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.documents import EXTENSIONS
from core.publishing import site_today

from .models import Correction
from .views import notify_reporter


class CorrectionAdminForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["status", "staff_note"]

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.status == Correction.Status.NEW
            and cleaned.get("status") != Correction.Status.NEW
            and not (cleaned.get("staff_note") or "").strip()
        ):
            self.add_error("staff_note", _("Say why, in a note, when accepting or rejecting."))
        if (
            self.instance.status != Correction.Status.NEW
            and cleaned.get("status") == Correction.Status.NEW
        ):
            self.add_error("status", _("A resolved correction cannot go back to new."))
        return cleaned


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionAdminForm
    list_display = ["created", "status", "subject", "short_message", "email"]
    list_filter = ["status", "policy_map"]
    search_fields = ["message", "jurisdiction__name", "jurisdiction__geoid", "resource__title"]
    date_hierarchy = "created"
    readonly_fields = [
        "created",
        "policy_map",
        "jurisdiction",
        "policy",
        "resource",
        "message",
        "source_url",
        "attachment_file",
        "email",
        "language",
        "resolved_at",
        "resolved_by",
    ]
    fieldsets = [
        (
            _("Sent by a reader"),
            {
                "fields": [
                    "created",
                    "policy_map",
                    "jurisdiction",
                    "policy",
                    "resource",
                    "message",
                    "source_url",
                    "attachment_file",
                    "email",
                    "language",
                ]
            },
        ),
        (_("Triage"), {"fields": ["status", "staff_note", "resolved_at", "resolved_by"]}),
    ]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="corrections_correction_attachment",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("source file"))
    def attachment_file(self, obj):
        if not obj.attachment:
            return "—"
        url = reverse("admin:corrections_correction_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, PurePosixPath(obj.attachment.name).name)

    def attachment_view(self, request, pk: int):
        """A reader's file, for staff who may see corrections, from whatever storage holds it:
        nothing serves the media folder itself in production. Always a download, never shown
        as a page of the site."""
        correction = get_object_or_404(Correction, pk=pk)
        if not self.has_view_permission(request, correction):
            raise PermissionDenied
        if not correction.attachment or not default_storage.exists(correction.attachment.name):
            raise Http404
        name = PurePosixPath(correction.attachment.name).name
        # The stored extension was chosen from the file's detected content (core.documents).
        content_type = next(
            (kind for kind, extension in EXTENSIONS.items() if name.endswith(extension)),
            "application/octet-stream",
        )
        response = FileResponse(
            default_storage.open(correction.attachment.name, "rb"),
            as_attachment=True,
            filename=name,
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=_("about"))
    def subject(self, obj):
        return obj.subject()

    @admin.display(description=_("what is wrong"))
    def short_message(self, obj):
        return obj.message[:80] + ("…" if len(obj.message) > 80 else "")

    def save_model(self, request, obj, form, change):
        resolved = "status" in form.changed_data and obj.status != Correction.Status.NEW
        if resolved:
            obj.resolved_at = timezone.now()
            obj.resolved_by = request.user
        super().save_model(request, obj, form, change)
        if resolved and notify_reporter(obj):
            messages.info(request, _("The reader was e-mailed that the correction is resolved."))
        obj._just_accepted = resolved and obj.status == Correction.Status.ACCEPTED

    def response_change(self, request, obj):
        if getattr(obj, "_just_accepted", False) and obj.policy_map_id and obj.jurisdiction_id:
            # A new period for the place, prefilled; saving it is staff's decision.
            initial = {
                "policy_map": obj.policy_map_id,
                "jurisdiction": obj.jurisdiction_id,
                "effective_date": site_today().isoformat(),
                "source_url": obj.source_url,
            }
            if obj.policy_id:
                initial.update(
                    category=obj.policy.category_id,
                    summary_en=obj.policy.summary_en or "",
                    source_title_en=obj.policy.source_title_en or "",
                    summary_es=obj.policy.summary_es or "",
                    source_title_es=obj.policy.source_title_es or "",
                    source_url=obj.source_url or obj.policy.source_url,
                )
            messages.info(
                request,
                _(
                    "Correction accepted. Enter the new period below; nothing changes until you save it."
                ),
            )
            return HttpResponseRedirect(
                reverse("admin:maps_policy_add")
                + "?"
                + urlencode({k: v for k, v in initial.items() if v not in (None, "")})
            )
        return super().response_change(request, obj)
