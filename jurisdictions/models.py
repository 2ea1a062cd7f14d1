"""US states, counties, places and agencies, with their boundaries or locations."""

from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    STATE = "state", _("State")
    COUNTY = "county", _("County")
    PLACE = "place", _("City or place")
    AGENCY = "agency", _("Agency")


class JurisdictionQuerySet(models.QuerySet):
    def states(self):
        return self.filter(level=Level.STATE)

    def counties(self):
        return self.filter(level=Level.COUNTY)

    def agencies(self):
        return self.filter(level=Level.AGENCY)

    def in_state(self, postal_code: str):
        return self.filter(state_code=postal_code.upper())

    def by_code(self, code: str):
        """Match a GEOID (“48”, “48201”, an agency code) or a state postal code (“TX”)."""
        code = code.strip()
        if len(code) == 2 and code.isalpha():
            return self.filter(level=Level.STATE, postal_code=code.upper())
        return self.filter(geoid=code)


class Jurisdiction(models.Model):
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    geoid = models.CharField(
        _("GEOID"),
        max_length=20,
        unique=True,
        help_text=_(
            "Census FIPS code: 2 digits for a state, 5 for a county. Places and agencies use "
            "their county's code followed by a dash and a short code of their own."
        ),
    )
    postal_code = models.CharField(
        _("postal code"), max_length=2, blank=True, help_text=_("Two letters, states only.")
    )
    state_code = models.CharField(
        _("state"),
        max_length=2,
        blank=True,
        db_index=True,
        help_text=_("Postal code of the state this jurisdiction lies in (its own, for a state)."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    slug = models.SlugField(_("slug"), max_length=220)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True)
    point = models.PointField(_("location"), srid=4326, null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["boundary"])
    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        ordering = ["state_code", "level", "name"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        constraints = [
            models.UniqueConstraint(
                fields=["postal_code"],
                condition=~Q(postal_code=""),
                name="jurisdiction_unique_postal_code",
            ),
            models.CheckConstraint(
                condition=~Q(level="state") | Q(geoid__regex=r"^[0-9]{2}$"),
                name="jurisdiction_state_geoid_2_digits",
                violation_error_message=_("A state's GEOID is its 2-digit FIPS code."),
            ),
            models.CheckConstraint(
                condition=~Q(level="county") | Q(geoid__regex=r"^[0-9]{5}$"),
                name="jurisdiction_county_geoid_5_digits",
                violation_error_message=_("A county's GEOID is its 5-digit FIPS code."),
            ),
        ]
        indexes = [models.Index(fields=["level", "state_code", "name"], name="jur_level_state")]

    def __str__(self):
        if self.level == Level.STATE or not self.state_code:
            return self.name
        return f"{self.name}, {self.state_code}"

    def get_absolute_url(self):
        return reverse("jurisdictions:detail", kwargs={"geoid": self.geoid})
