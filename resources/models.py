"""The publication catalog: types, topics, partner organisations, publications and their files."""

import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorCombinable, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import EXTENSIONS, check_document, validate_upload
from core.publishing import Publishable, PublishableQuerySet, trashed_not_published

from . import extraction

# One range for every publication date: the library's year filter, the admin and the importer.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
DATE_RANGE = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class ResourceType(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in lists and filters, lowest first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("publication type")
        verbose_name_plural = _("publication types")

    def __str__(self):
        return self.name


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Organization(models.Model):
    """A partner organisation that co-authors publications."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    url = models.URLField(_("web site"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Project(models.Model):
    """A project or network of the organisation that publications can belong to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.name


class ResourceQuerySet(PublishableQuerySet):
    def of_type(self, *slugs):
        return self.filter(resource_type__slug__in=slugs)

    def about_topic(self, *slugs):
        return self.filter(topics__slug__in=slugs).distinct()

    def in_language(self, language):
        return self.filter(language=language)

    def newest_first(self):
        return self.order_by("-publication_date", "-id")

    def for_listing(self):
        """What a list row shows, fetched in a fixed number of queries."""
        return self.select_related("resource_type").prefetch_related("topics")


class StoredVector(SearchVectorCombinable, models.Func):
    """A tsvector column of the same row, empty when null, to combine into the search vector."""

    template = "COALESCE(%(expressions)s, ''::tsvector)"
    output_field = SearchVectorField()


# Weighted so a title or topic match outranks a summary match, which outranks a body match,
# which outranks a match in the attached files' text. Each text is stemmed in English and in
# Spanish, because the catalog holds both and a visitor may search either language. Topic names
# (in both languages) and the files' text are kept on the row by triggers (migration 0011).
SEARCH_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("title", weight="A", config="spanish")
    + SearchVector("topic_names", weight="A", config="english")
    + SearchVector("topic_names", weight="A", config="spanish")
    + SearchVector("summary", weight="B", config="english")
    + SearchVector("summary", weight="B", config="spanish")
    + SearchVector("body", weight="C", config="english")
    + SearchVector("body", weight="C", config="spanish")
    + StoredVector("file_vector")
)


class Resource(Publishable):
    """A publication of the library."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=300,
        unique=True,
        help_text=_("Part of the public address. Changing it keeps the old address working."),
    )
    resource_type = models.ForeignKey(
        ResourceType, on_delete=models.PROTECT, related_name="resources", verbose_name=_("type")
    )
    publication_date = models.DateField(_("publication date"), validators=DATE_RANGE)
    revision_date = models.DateField(
        _("revision date"),
        null=True,
        blank=True,
        validators=DATE_RANGE,
        help_text=_("When the text was last updated."),
    )
    summary = models.TextField(_("summary"), help_text=_("One paragraph, shown in lists."))
    body = models.TextField(_("body"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    translation_of = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation",
        verbose_name=_("translation of"),
        help_text=_("The original this publication translates, e.g. the English advisory."),
    )
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="resources", verbose_name=_("topics")
    )
    coauthors = models.ManyToManyField(
        Organization, blank=True, related_name="resources", verbose_name=_("co-authors")
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="resources", verbose_name=_("projects")
    )
    jurisdictions = models.ManyToManyField(
        "jurisdictions.Jurisdiction",
        blank=True,
        related_name="resources",
        verbose_name=_("jurisdictions"),
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Illustrative content, labelled as such wherever it is shown."),
    )
    # The names of the row's topics in English and Spanish, and the text of its files (weight
    # D), written only by database triggers (migration 0011), read by the search vector.
    topic_names = models.TextField(default="", editable=False)
    file_vector = SearchVectorField(null=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SEARCH_VECTOR, output_field=SearchVectorField(), db_persist=True
    )
    # A copy of the topic links on the row itself, so the topic filter is one GIN index
    # lookup and facet counts need no join. Written only by database triggers (migration
    # 0010): any value the application saves is replaced by the links as they are.
    topic_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)

    # The links are versioned too, so a revert brings back the topics, co-authors, projects and
    # places a version had (resources/history.py keeps one version per save).
    history = HistoricalRecords(
        excluded_fields=["search_vector", "topic_ids", "topic_names", "file_vector"],
        m2m_fields=["topics", "coauthors", "projects", "jurisdictions"],
    )
    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_date", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [
            ("publish_resource", _("Can publish, unpublish and schedule publications")),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="resource_search_gin"),
            GinIndex(fields=["topic_ids"], name="resource_topic_ids_gin"),
            models.Index(fields=["-publication_date", "-id"], name="resource_newest"),
            models.Index(fields=["resource_type", "-publication_date"], name="resource_type_date"),
            models.Index(fields=["status", "-publication_date"], name="resource_status_date"),
            # Lets a filter's facet count check type and visibility without reading the rows.
            models.Index(
                fields=["id"],
                include=["resource_type", "status", "publish_at"],
                name="resource_facet_cover",
            ),
            # Last-Modified of a list: the newest change is found by walking this backwards.
            models.Index(fields=["updated"], name="resource_updated"),
            # The few published items still waiting for their publish_at time.
            models.Index(
                fields=["publish_at"],
                condition=Q(status="published", publish_at__isnull=False),
                name="resource_scheduled",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(revision_date__isnull=True)
                | Q(revision_date__gte=models.F("publication_date")),
                name="resource_revision_after_publication",
                violation_error_message=_(
                    "The revision date cannot precede the publication date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=models.F("id")),
                name="resource_not_own_translation",
            ),
            # Trashing unpublishes; nothing may publish a publication while it is in the trash
            # (a bulk action on the Trash filter or an import of its slug once could).
            trashed_not_published(
                "resource_trashed_not_published",
                _("A publication in the trash cannot be published; restore it first."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"slug": self.slug})


class PendingRevision(models.Model):
    """An edit of a published publication by someone who may not publish.

    The edit waits here, not on the publication: the public keeps the published version until
    a publisher approves the revision (which applies it, as that publisher's save) or rejects
    it. One per publication; a further edit before review is merged into it.
    """

    resource = models.OneToOneField(
        Resource,
        on_delete=models.CASCADE,
        related_name="pending_revision",
        verbose_name=_("publication"),
    )
    changes = models.JSONField(
        _("changes"), help_text=_("The edited fields and their new values, by field name.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("pending revision")
        verbose_name_plural = _("pending revisions")

    def __str__(self):
        return str(self.resource)


class FacetTotal(models.Model):
    """How many published publications each type and topic has in the whole catalog.

    Kept exact by database triggers (migration 0003) on every write to publications and their
    topics, so the unfiltered library page reads 70 rows instead of counting the catalog.
    Items published with a future publish_at are counted here and subtracted at read time.
    """

    class Kind(models.TextChoices):
        TYPE = "type", _("type")
        TOPIC = "topic", _("topic")

    kind = models.CharField(max_length=5, choices=Kind.choices)
    object_id = models.BigIntegerField()
    published = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="facet_total_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.published}"


class SearchEntryQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Entries of the publications the public may see (only published ones have one)."""
        now = now or timezone.now()
        return self.filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now))


class SearchEntry(models.Model):
    """What a word search reads of a published publication: its search vector and the
    fields its filters, counts and orders use, and nothing else.

    Written only by database triggers (migration 0016) on every write to publications; a row
    exists only while its publication is published (the publish_at time is checked when
    searching, as Resource.objects.published() does). A search scans these narrow rows, not
    the publications with their bodies and summaries: at 100,000 publications a common word
    matched 11,000 rows spread over 9,400 pages of publications and 6,000 of their TOAST.
    The columns bear the names of the publication's own, so the library's filters apply.
    """

    id = models.BigIntegerField(primary_key=True)
    resource_type = models.ForeignKey(
        ResourceType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    title = models.CharField(max_length=300)
    language = models.CharField(max_length=2)
    publication_date = models.DateField()
    publish_at = models.DateTimeField(null=True)
    updated = models.DateTimeField()
    topic_ids = ArrayField(models.BigIntegerField(), default=list)
    search_vector = SearchVectorField()

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        indexes = [GinIndex(fields=["search_vector"], name="search_entry_gin")]

    def __str__(self):
        return f"search entry {self.id}"


class TypeTopicTotal(models.Model):
    """How many published publications of each type are on each topic, in the whole catalog.

    Kept exact by database triggers (migration 0015) from each row's own type and topic_ids,
    so a list filtered by type and topic only counts its topic facets (what each topic would
    add among the chosen types) by reading these rows, not every item of the chosen types.
    Like FacetTotal, items waiting for their publish_at time are subtracted at read time.
    """

    resource_type_id = models.BigIntegerField()
    topic_id = models.BigIntegerField()
    published = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource_type_id", "topic_id"], name="type_topic_total_unique"
            )
        ]

    def __str__(self):
        return f"type {self.resource_type_id}, topic {self.topic_id}: {self.published}"


def resource_file_path(instance, filename):
    # `filename` is already the random name DocumentFieldFile chose.
    return f"resources/{filename}"


class DocumentFieldFile(FieldFile):
    """A publication file as stored: checked by content, under a random name whose extension
    comes from the detected type, whichever way it is saved (admin, importer, shell).

    The name is random so a file cannot be found by guessing its address, and its extension is
    never the uploaded one, so nothing is stored as .html, .svg or .js.
    """

    def save(self, name, content, save=True):
        content_type = check_document(content)
        self.instance.content_type = content_type
        self.instance.size = content.size
        super().save(f"{secrets.token_urlsafe(18)}{EXTENSIONS[content_type]}", content, save)


class DocumentField(models.FileField):
    attr_class = DocumentFieldFile


class TextStatus(models.TextChoices):
    """What reading the text of an attached file for the search gave."""

    PENDING = "pending", _("Not read yet")
    EXTRACTED = extraction.EXTRACTED, _("Text read")
    NO_TEXT = extraction.NO_TEXT, _("No text found: a scan? Attach a version with text")
    UNSUPPORTED = extraction.UNSUPPORTED, _("Not a PDF or DOCX: not searched")
    TOO_LARGE = extraction.TOO_LARGE, _("Too large to read: not searched")
    FAILED = extraction.FAILED, _("Could not be read: not searched")


class ResourceFile(models.Model):
    """A downloadable document of a publication, e.g. the PDF or its Spanish version."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    file = DocumentField(
        _("file"), upload_to=resource_file_path, max_length=300, validators=[validate_upload]
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("E.g. “Full advisory (PDF)”.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_status = models.CharField(
        _("text for search"),
        max_length=12,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
        editable=False,
        help_text=_("Read from the file each time it is saved (resources/extraction.py)."),
    )
    # The stored file name the text was read from: a save that keeps the file reads nothing.
    text_source = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        indexes = [
            # The admin's list of files whose text could not be read.
            models.Index(
                fields=["text_status"],
                condition=~Q(text_status="extracted"),
                name="resourcefile_unread",
            )
        ]

    def __str__(self):
        return self.label or self.filename

    def get_absolute_url(self) -> str:
        return file_url(self.pk, self.file.name)

    @property
    def filename(self) -> str:
        return download_name(self.label, self.resource.slug, self.content_type)


def file_url(pk: int, stored_name: str) -> str:
    """Where a publication's file is downloaded: its id and its stored name's last part."""
    return reverse("resource-file", kwargs={"pk": pk, "name": stored_name.rsplit("/", 1)[-1]})


def download_name(label: str, resource_slug: str, content_type: str) -> str:
    """The name a download is saved under: the label or the publication's slug, with the
    extension of the file's detected type."""
    stem = slugify(label)[:80] or resource_slug[:80]
    return stem + EXTENSIONS.get(content_type, "")


class ResourceFilePage(models.Model):
    """The text of one page of an attached file, where search snippets are cut from.

    Written only by resources/extraction.py; the publication's own search vector gets the
    files' text through a trigger on this table (migration 0011).
    """

    file = models.ForeignKey(ResourceFile, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"))
    search_vector = models.GeneratedField(
        expression=SearchVector("text", weight="D", config="english")
        + SearchVector("text", weight="D", config="spanish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["file", "number"]
        verbose_name = _("file page")
        verbose_name_plural = _("file pages")
        constraints = [models.UniqueConstraint(fields=["file", "number"], name="file_page_unique")]
        indexes = [GinIndex(fields=["search_vector"], name="file_page_search_gin")]

    def __str__(self):
        return f"{self.file} p. {self.number}"


class SearchSynonym(models.Model):
    """Words and phrases the library search treats as one: a search for any finds them all."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "One word or phrase per line, in English or Spanish. A search for any of them also "
            "finds publications that use another (e.g. “hold”, “detainer”, “orden de "
            "detención”). Applies to the next search."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        constraints = [
            models.CheckConstraint(
                condition=Q(terms__contains="\n"),
                name="synonym_has_two_terms",
                violation_error_message=_("Enter at least two terms, one per line."),
            )
        ]

    def __str__(self):
        return " ↔ ".join(self.term_list())

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": _("Enter at least two terms, one per line.")})
        if any(len(term) > 100 for term in terms):
            raise ValidationError({"terms": _("A term may be at most 100 characters.")})
        self.terms = "\n".join(dict.fromkeys(terms))

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


def upload_limit_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


class SlugRedirect(models.Model):
    """An old address of a publication, kept so links shared before a slug change still work.

    Recorded by the pre_save signal in resources/signals.py whenever a slug changes, whoever
    changes it (admin, importer, shell); the detail view answers a 301 to the current address.
    """

    old_slug = models.SlugField(_("old slug"), max_length=300, unique=True)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="slug_redirects")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return f"{self.old_slug} → {self.resource_id}"
