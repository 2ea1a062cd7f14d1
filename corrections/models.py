"""Corrections suggested by readers, about a policy, a place on a map or a publication."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Correction(models.Model):
    """A reader's suggestion that a policy, a place's entry or a publication is wrong. Staff
    triage it; it never changes public data by itself."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    policy_map = models.ForeignKey(
        "maps.PolicyMap", models.SET_NULL, null=True, blank=True, verbose_name=_("map")
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("place"),
    )
    policy = models.ForeignKey(
        "maps.Policy",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("policy"),
    )
    resource = models.ForeignKey(
        "resources.Resource",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("publication"),
    )
    message = models.TextField(_("what is wrong"))
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    attachment = models.FileField(_("source file"), upload_to="corrections/%Y/%m/", blank=True)
    email = models.EmailField(_("e-mail for a reply"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    client_hash = models.CharField(_("sender (hashed address)"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    staff_note = models.TextField(
        _("staff note"),
        blank=True,
        help_text=_("Why it was accepted or rejected; sent to the reader if they gave an e-mail."),
    )
    created = models.DateTimeField(_("received"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        # The table of the maps app, where corrections began: moved without copying rows.
        db_table = "maps_correction"
        ordering = ["-created"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.subject()} ({self.get_status_display()})"

    def subject(self) -> str:
        if self.resource_id:
            return str(self.resource)
        if self.jurisdiction_id and self.policy_map_id:
            return f"{self.jurisdiction} · {self.policy_map}"
        return str(self.jurisdiction or self.policy_map or "—")
