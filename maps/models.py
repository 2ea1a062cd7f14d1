"""Admin-defined policy maps: their legend categories and the policies that place jurisdictions."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.publishing import (
    Publishable,
    PublishableQuerySet,
    Status,
    site_today,
    status_field,
    trashed_not_published,
)
from jurisdictions.models import Level


@dataclass(frozen=True)
class ShownText:
    """A text in the visitor's language or, with no translation, in English (untranslated)."""

    text: str
    language: str
    untranslated: bool = False

    def __str__(self):
        return self.text


def shown_text(english: str | None, spanish: str | None) -> ShownText:
    """The Spanish version on Spanish pages when there is one, else the English."""
    english, spanish = english or "", spanish or ""
    if (get_language() or "en").split("-")[0] == "es":
        if spanish:
            return ShownText(spanish, "es")
        return ShownText(english, "en", untranslated=bool(english))
    return ShownText(english, "en")


class DateRange(models.Func):
    function = "daterange"
    output_field = DateRangeField()


class MapLevel(models.TextChoices):
    STATE = Level.STATE.value, Level.STATE.label
    COUNTY = Level.COUNTY.value, Level.COUNTY.label


class PolicyMapQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class PolicyMap(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(
        _("level"),
        max_length=8,
        choices=MapLevel.choices,
        help_text=_("The jurisdictions the map shades."),
    )
    show_agencies = models.BooleanField(
        _("show agencies"), default=False, help_text=_("Also draw agencies as points.")
    )
    multiple_categories = models.BooleanField(
        _("several categories at once"),
        default=False,
        help_text=_(
            "A place may be in several categories of this map at the same time (an agency "
            "holding two kinds of 287(g) agreement). Otherwise a place is in exactly one "
            "category on any date. Either way, two published periods of the same category "
            "for the same place may not overlap."
        ),
    )
    methodology = models.TextField(_("methodology"), blank=True)
    sample_data = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Shows a notice that the policies are illustrative, not real."),
    )
    data_as_of = models.DateField(
        _("data as of"),
        null=True,
        blank=True,
        help_text=_(
            "The editorial date of the map's data, shown to readers as “Data as of”: the day "
            "its policies were last checked as a whole. Saving a map or a policy does not "
            "change it. Left empty, the page shows the day anything was last saved."
        ),
    )
    topics = models.ManyToManyField(
        "resources.Topic",
        blank=True,
        related_name="policy_maps",
        verbose_name=_("topics"),
        help_text=_(
            "Publications on these topics are listed under the map, with those about its places."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    # `history` is made in maps/translation.py, once modeltranslation has added the English
    # and Spanish copies of the title, description and methodology, so that a version keeps both.
    objects = PolicyMapQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("policy map")
        verbose_name_plural = _("policy maps")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Policies carry the map's rule so the database can check overlaps per row.
        Policy.objects.filter(policy_map=self).exclude(
            exclusive=not self.multiple_categories
        ).update(exclusive=not self.multiple_categories)

    def get_absolute_url(self):
        return reverse("maps:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.data_as_of and self.data_as_of > site_today():
            raise ValidationError(
                {"data_as_of": _("The data cannot be as of a day that has not come yet.")}
            )
        # Going back to one category at a time is refused while a place holds two at once:
        # the database would refuse the published periods that overlap.
        if self.pk and not self.multiple_categories:
            overlapping = (
                Policy.objects.filter(policy_map=self, status=Status.PUBLISHED, exclusive=False)
                .filter(
                    Exists(
                        Policy.objects.filter(
                            policy_map=self,
                            status=Status.PUBLISHED,
                            jurisdiction=OuterRef("jurisdiction"),
                            effective_date__lte=Coalesce(OuterRef("end_date"), datetime.date.max),
                        )
                        .exclude(pk=OuterRef("pk"))
                        .exclude(end_date__lt=OuterRef("effective_date"))
                    )
                )
                .select_related("jurisdiction")
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    {
                        "multiple_categories": _(
                            "%(place)s is in several categories at once on this map; end one "
                            "of its policies first."
                        )
                        % {"place": overlapping.jurisdiction}
                    }
                )


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class MapCategory(models.Model):
    """One entry of a map's legend."""

    policy_map = models.ForeignKey(
        PolicyMap, on_delete=models.CASCADE, related_name="categories", verbose_name=_("map")
    )
    slug = models.SlugField(_("slug"), max_length=100)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(_("colour"), max_length=7, validators=[hex_colour])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["policy_map", "position", "id"]
        verbose_name = _("legend category")
        verbose_name_plural = _("legend categories")
        constraints = [
            models.UniqueConstraint(fields=["policy_map", "slug"], name="category_unique_slug"),
            models.CheckConstraint(
                condition=Q(color__regex=r"^#[0-9a-fA-F]{6}$"), name="category_color_hex"
            ),
        ]

    def __str__(self):
        return self.label


def _period() -> DateRange:
    """A policy's days in force, both ends included (an open end runs on)."""
    return DateRange(
        "effective_date", "end_date", RangeBoundary(inclusive_lower=True, inclusive_upper=True)
    )


class PolicyQuerySet(PublishableQuerySet):
    def published(self, *, now=None):
        """The publication rule, on a published map, and in effect: a policy is public only
        once its effective date has arrived, so a law announced for next year cannot be read
        on the map, the API or a feed before then."""
        now = now or timezone.now()
        return (
            super()
            .published(now=now)
            .filter(policy_map__is_published=True, effective_date__lte=site_today(now))
        )

    def in_force(self, on: datetime.date | None = None):
        on = on or site_today()
        return self.filter(effective_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def on_map(self, policy_map):
        return self.filter(policy_map=policy_map)


class Policy(Publishable):
    """Places one jurisdiction in one category of one map, from one date to another."""

    policy_map = models.ForeignKey(
        PolicyMap, on_delete=models.CASCADE, related_name="policies", verbose_name=_("map")
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name=_("jurisdiction"),
    )
    category = models.ForeignKey(
        MapCategory, on_delete=models.PROTECT, related_name="policies", verbose_name=_("category")
    )
    effective_date = models.DateField(_("effective date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Last day in force; empty if current.")
    )
    summary = models.TextField(_("summary"), blank=True)
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    first_listed = models.DateField(
        _("first listed"),
        null=True,
        blank=True,
        help_text=_("Date of the first published list (e.g. ICE's) this policy appeared on."),
    )
    last_listed = models.DateField(
        _("last listed"),
        null=True,
        blank=True,
        help_text=_(
            "Date of the latest published list this policy appeared on. It ends the day before "
            "the next list it is missing from."
        ),
    )
    exclusive = models.BooleanField(
        _("one category at a time"),
        default=True,
        editable=False,
        help_text=_("Copied from the map: false when its places may be in several categories."),
    )
    # Staff record policies from published sources: published unless they say otherwise.
    status = status_field(default=Status.PUBLISHED, db_index=False)

    # `history` is made in maps/translation.py, once modeltranslation has added the English
    # and Spanish copies of the summary and source title, so that a version keeps both.
    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["policy_map", "jurisdiction", "-effective_date"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        permissions = [("publish_policy", _("Can publish, unpublish and schedule policies"))]
        indexes = [
            models.Index(fields=["policy_map", "effective_date"], name="policy_map_effective"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("effective_date")),
                name="policy_end_after_start",
                violation_error_message=_("The end date cannot precede the effective date."),
            ),
            # Published policies need a source: advocates must be able to check every claim.
            models.CheckConstraint(
                condition=~Q(status="published") | (~Q(source_title="") & ~Q(source_url="")),
                name="policy_published_has_source",
                violation_error_message=_("A published policy needs a source title and URL."),
            ),
            trashed_not_published(
                "policy_trashed_not_published",
                _("A policy in the trash cannot be published; restore it first."),
            ),
            # One published policy per jurisdiction and map in force on any date; on a map
            # whose places may be in several categories at once, one per category. The trash
            # unpublishes a policy (and it stays so until restored and published again), so a
            # trashed policy never blocks the one that replaces it.
            ExclusionConstraint(
                name="policy_one_in_force",
                expressions=[
                    ("policy_map", RangeOperators.EQUAL),
                    ("jurisdiction", RangeOperators.EQUAL),
                    (_period(), RangeOperators.OVERLAPS),
                ],
                condition=Q(status="published", exclusive=True),
                violation_error_message=_(
                    "This jurisdiction already has a policy on this map in force for part of "
                    "these dates."
                ),
            ),
            ExclusionConstraint(
                name="policy_one_in_force_per_category",
                expressions=[
                    ("policy_map", RangeOperators.EQUAL),
                    ("jurisdiction", RangeOperators.EQUAL),
                    ("category", RangeOperators.EQUAL),
                    (_period(), RangeOperators.OVERLAPS),
                ],
                condition=Q(status="published", exclusive=False),
                violation_error_message=_(
                    "This jurisdiction already has a policy of this category on this map in "
                    "force for part of these dates."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.jurisdiction} — {self.category} ({self.effective_date})"

    def save(self, *args, **kwargs):
        self._take_map_rule()
        super().save(*args, **kwargs)

    @property
    def shown_summary(self) -> "ShownText":
        return shown_text(self.summary_en, self.summary_es)

    @property
    def shown_source_title(self) -> "ShownText":
        return shown_text(self.source_title_en, self.source_title_es)

    def _take_map_rule(self) -> None:
        if self.policy_map_id:
            self.exclusive = not self.policy_map.multiple_categories

    # Policies this one replaces when saved: maps.services.end_previous_policies ends them the
    # day before this one takes effect, so the overlap check leaves them out.
    replacing: tuple = ()

    @staticmethod
    def end_before(successor_start: datetime.date) -> datetime.date:
        """A policy replaced by another ends the day before the other takes effect."""
        return successor_start - datetime.timedelta(days=1)

    def overlapping(self, *, ignoring=()) -> models.QuerySet:
        """Published policies whose period overlaps this one's where the database allows only
        one: same map and place (and category, on a map whose places may hold several)."""
        others = Policy.objects.filter(
            policy_map_id=self.policy_map_id,
            jurisdiction_id=self.jurisdiction_id,
            status=Status.PUBLISHED,
            exclusive=self.exclusive,
        ).exclude(pk__in=[self.pk, *ignoring])
        if not self.exclusive:
            others = others.filter(category_id=self.category_id)
        others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.effective_date))
        if self.end_date is not None:
            others = others.filter(effective_date__lte=self.end_date)
        return others

    def validate_constraints(self, exclude=None):
        # The admin form leaves out `exclusive` (not editable); it is taken from the map here,
        # so the overlap rules can be checked with it.
        self._take_map_rule()
        exclude = set(exclude or ()) - {"exclusive"}
        if not self.replacing:
            return super().validate_constraints(exclude=exclude)
        errors = {}
        for constraint in self._meta.constraints:
            if isinstance(constraint, ExclusionConstraint):
                continue
            try:
                constraint.validate(type(self), self, exclude=exclude)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if self.status == Status.PUBLISHED and (
            self.overlapping(ignoring=[policy.pk for policy in self.replacing]).exists()
        ):
            name = "policy_one_in_force" if self.exclusive else "policy_one_in_force_per_category"
            constraint = next(c for c in self._meta.constraints if c.name == name)
            errors = ValidationError(constraint.violation_error_message).update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        return None

    def clean(self):
        if (
            self.category_id
            and self.policy_map_id
            and self.category.policy_map_id != self.policy_map_id
        ):
            raise ValidationError({"category": _("This category belongs to another map.")})
        if self.jurisdiction_id and self.policy_map_id:
            allowed = {self.policy_map.level}
            if self.policy_map.show_agencies:
                allowed.add(Level.AGENCY)
            if self.jurisdiction.level not in allowed:
                raise ValidationError(
                    {
                        "jurisdiction": _("This map shows %(level)s jurisdictions only.")
                        % {"level": self.policy_map.get_level_display().lower()}
                    }
                )


class SourceList(models.Model):
    """A dated list a map was read from (ICE's list of 287(g) agreements of 2025-07-18).

    An agreement on one list and missing from the next ends the day before that next list, so
    the map keeps every list it has read: importing them in any order gives the same periods.
    """

    class Kind(models.TextChoices):
        SIGNED = "signed", _("Signed agreements")
        PENDING = "pending", _("Pending agreements")

    policy_map = models.ForeignKey(
        PolicyMap, on_delete=models.CASCADE, related_name="source_lists", verbose_name=_("map")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    list_date = models.DateField(_("date of the list"))
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        ordering = ["policy_map", "kind", "list_date"]
        verbose_name = _("source list")
        verbose_name_plural = _("source lists")
        constraints = [
            models.UniqueConstraint(
                fields=["policy_map", "kind", "list_date"], name="source_list_unique_date"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.list_date.isoformat()}"
