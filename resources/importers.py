"""Spreadsheet import of publications: one validation path for the command and the admin."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.caching.pages import invalidate_pages
from core.history import latest_versions, record_links
from core.importing.rows import Action, ImportReport, RowResult, parse_date, split_list
from core.publishing import Status
from core.spreadsheets import formula_errors
from jurisdictions.models import Jurisdiction, Level

from .models import (
    EARLIEST_DATE,
    LATEST_DATE,
    Language,
    Resource,
    ResourceType,
    SlugRedirect,
    Topic,
)

REQUIRED_COLUMNS = ("title", "type", "publication_date")
OPTIONAL_COLUMNS = (
    "slug",
    "summary",
    "topics",
    "language",
    "url",
    "jurisdictions",
    "status",
)
TITLE_MAX = Resource._meta.get_field("title").max_length
URL_MAX = Resource._meta.get_field("external_url").max_length
BATCH = 1000


def check_columns(columns: Iterable[str]) -> list[str]:
    columns = set(columns)
    errors = [
        _("Missing required column “%s”.") % name
        for name in REQUIRED_COLUMNS
        if name not in columns
    ]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    errors += [
        _("Unknown column “%(name)s”. Known columns: %(known)s.")
        % {"name": name, "known": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}
        for name in sorted(columns - known)
    ]
    return errors


def type_key(name: str) -> str:
    """A type is matched by name or slug, whatever the case and surrounding spaces."""
    return " ".join(name.split()).casefold()


class _Lookups:
    """Everything rows refer to, fetched once for the whole file."""

    def __init__(self, rows: list[tuple[int, dict]]):
        self.types = {}
        self.type_names = []
        self.types_by_id = {}
        for resource_type in ResourceType.objects.all():
            self.type_names.append(resource_type.name)
            self.types_by_id[resource_type.pk] = resource_type
            for name in (resource_type.slug, resource_type.name, resource_type.name_en):
                if name:
                    self.types[type_key(name)] = resource_type
        codes = {
            code.upper() for _, row in rows for code in split_list(row.get("jurisdictions", ""))
        }
        postal = {code for code in codes if len(code) == 2 and code.isalpha()}
        self.jurisdictions = {}
        for jurisdiction in Jurisdiction.objects.filter(geoid__in=codes - postal).only(
            "geoid", "postal_code"
        ):
            self.jurisdictions[jurisdiction.geoid.upper()] = jurisdiction
        for jurisdiction in Jurisdiction.objects.filter(
            level=Level.STATE, postal_code__in=postal
        ).only("geoid", "postal_code"):
            self.jurisdictions[jurisdiction.postal_code] = jurisdiction
        self.topics = {topic.name.lower(): topic for topic in Topic.objects.all()}
        self.topics_by_id = {topic.pk: topic for topic in self.topics.values()}


# Read once: an enum's .values builds its list again on every call.
LANGUAGES = frozenset(Language.values)
STATUSES = frozenset(Status.values)


@functools.lru_cache(maxsize=4096)
def _usable_topic_name(name: str) -> bool:
    """A file names the same few topics on thousands of rows: each name is checked once."""
    return len(name) <= Topic._meta.get_field("name").max_length and bool(slugify(name))


def _validate_row(
    line: int, row: dict, lookups: _Lookups, default_status: str
) -> tuple[RowResult, dict]:
    result = RowResult(line=line, title=row.get("title", ""), values=_cells(row))
    errors = result.errors
    values: dict = {}
    if row.get("__extra__"):
        errors.append(_("This row has more cells than the header."))
    errors.extend(formula_errors(row))

    title = row.get("title", "")
    if not title:
        errors.append(_("title: required."))
    elif len(title) > TITLE_MAX:
        errors.append(
            _("title: at most %(max)d characters (this has %(n)d).")
            % {"max": TITLE_MAX, "n": len(title)}
        )
    values["title"] = title

    slug = row.get("slug") or slugify(title)[:TITLE_MAX]
    if row.get("slug") and slugify(row["slug"]) != row["slug"]:
        errors.append(_("slug: use only lowercase letters, numbers and hyphens."))
    elif title and not slug:
        errors.append(_("slug: the title gives no usable slug; add a slug column."))
    values["slug"] = slug

    type_name = row.get("type", "").strip()
    resource_type = lookups.types.get(type_key(type_name))
    if not type_name:
        errors.append(_("type: required."))
    elif resource_type is None:
        errors.append(
            _(
                "type: “%(value)s” is not a publication type. Known types: %(known)s. "
                "A new type is added in the admin first."
            )
            % {"value": type_name, "known": "; ".join(lookups.type_names)}
        )
    values["resource_type"] = resource_type

    date_text = row.get("publication_date", "")
    if not date_text:
        errors.append(_("publication_date: required."))
    else:
        try:
            values["publication_date"] = parse_date(date_text)
        except ValueError:
            errors.append(
                _("publication_date: “%s” is not a date; use YYYY-MM-DD or MM/DD/YYYY.")
                % date_text
            )
        else:
            if not EARLIEST_DATE <= values["publication_date"] <= LATEST_DATE:
                errors.append(
                    _("publication_date: “%s” is not between 1900 and 2100.") % date_text
                )

    values["summary"] = row.get("summary", "")
    language = row.get("language") or Language.ENGLISH
    if language not in LANGUAGES:
        errors.append(_("language: “%s” is not one of en, es.") % language)
    values["language"] = language

    url = row.get("url", "")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
            if len(url) > URL_MAX:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(_("url: “%s” is not a valid http(s) address.") % url[:100])
    values["external_url"] = url

    status = (row.get("status") or default_status).lower()
    if status not in STATUSES:
        errors.append(
            _("status: “%(value)s” is not one of %(choices)s.")
            % {"value": status, "choices": ", ".join(Status.values)}
        )
    values["status"] = status

    jurisdictions = []
    for code in split_list(row.get("jurisdictions", "")):
        jurisdiction = lookups.jurisdictions.get(code.upper())
        if jurisdiction is None:
            errors.append(_("jurisdictions: no jurisdiction has the code “%s”.") % code)
        else:
            jurisdictions.append(jurisdiction)
    values["jurisdictions"] = jurisdictions
    values["topics"] = split_list(row.get("topics", ""))
    for name in values["topics"]:
        if not _usable_topic_name(name):
            errors.append(_("topics: “%s” cannot be a topic name.") % name[:100])
    if errors:
        result.action = Action.ERROR
    return result, values


SCALAR_FIELDS = (
    "title",
    "resource_type",
    "publication_date",
    "summary",
    "language",
    "external_url",
    "status",
)


def _cells(row: dict) -> dict:
    return {name: value for name, value in row.items() if name != "__extra__"}


def _shown(value) -> str:
    if isinstance(value, list | set | tuple):
        return "; ".join(sorted(str(item) for item in value)) or "—"
    return "—" if value in (None, "") else str(value)


@dataclass
class _StoredLinks:
    """A saved publication's topics (id, name) and places (id, GEOID), read for the whole file
    in two queries instead of loading each linked row."""

    topics: list[tuple[int, str]] = field(default_factory=list)
    jurisdictions: list[tuple[int, str]] = field(default_factory=list)


def _stored_links(resources: Iterable[Resource], lookups: _Lookups) -> dict[int, _StoredLinks]:
    links = {resource.pk: _StoredLinks() for resource in resources}
    if not links:
        return links
    topic_names = {pk: topic.name for pk, topic in lookups.topics_by_id.items()}
    for resource_id, topic_id in Resource.topics.through.objects.filter(
        resource_id__in=list(links)
    ).values_list("resource_id", "topic_id"):
        links[resource_id].topics.append((topic_id, topic_names[topic_id]))
    for resource_id, jurisdiction_id, geoid in Resource.jurisdictions.through.objects.filter(
        resource_id__in=list(links)
    ).values_list("resource_id", "jurisdiction_id", "jurisdiction__geoid"):
        links[resource_id].jurisdictions.append((jurisdiction_id, geoid))
    return links


def _stored_value(resource: Resource, name: str, lookups: _Lookups):
    if name == "resource_type":
        return lookups.types_by_id.get(resource.resource_type_id)
    return getattr(resource, name)


def _differences(
    resource: Resource, values: dict, changes: list[str], stored_links: _StoredLinks, lookups
):
    stored = {
        "topics": [name for _, name in stored_links.topics],
        "jurisdictions": [geoid for _, geoid in stored_links.jurisdictions],
    }
    imported = {"jurisdictions": [j.geoid for j in values["jurisdictions"]]}
    return [
        (
            name,
            _shown(stored[name] if name in stored else _stored_value(resource, name, lookups)),
            _shown(imported.get(name, values.get(name))),
        )
        for name in changes
    ]


def _changes(
    resource: Resource, values: dict, columns: set[str], stored_links: _StoredLinks, lookups
) -> list[str]:
    changed = [
        name for name in SCALAR_FIELDS if _stored_value(resource, name, lookups) != values[name]
    ]
    if "topics" in columns and {name.lower() for _, name in stored_links.topics} != {
        name.lower() for name in values["topics"]
    }:
        changed.append("topics")
    if "jurisdictions" in columns and {pk for pk, _ in stored_links.jurisdictions} != {
        j.pk for j in values["jurisdictions"]
    }:
        changed.append("jurisdictions")
    return changed


def resources_import(
    *, rows: list[tuple[int, dict]], dry_run: bool, default_status: str = Status.PUBLISHED
) -> ImportReport:
    """Validate every row; save all of them only if none has an error and this is no dry run.

    A row without a status gives a new publication `default_status` (draft for someone who may
    not publish) and leaves an existing one's status as it is. A publication in the trash is
    not imported over: it is restored in the admin first.
    """
    report = ImportReport(dry_run=dry_run)
    columns = {key for _, row in rows for key in row if key != "__extra__"}
    column_errors = check_columns(columns) if rows else [_("The file has no data rows.")]
    if column_errors:
        report.rows.append(RowResult(line=1, action=Action.ERROR, errors=column_errors))
        return report

    lookups = _Lookups(rows)
    validated = [_validate_row(line, row, lookups, default_status) for line, row in rows]
    slugs = [values["slug"] for _, values in validated]
    existing = {
        resource.slug: resource
        # The search columns are neither compared nor versioned: not read.
        for resource in Resource.objects.filter(slug__in=slugs).defer(
            "search_vector", "file_vector"
        )
    }
    stored_links = _stored_links(existing.values(), lookups)
    first_line_of_slug: dict[str, int] = {}
    lines_with_status = {line for line, row in rows if row.get("status")}
    for result, values in validated:
        slug = values["slug"]
        if slug in first_line_of_slug:
            result.errors.append(
                _("slug: “%(slug)s” is also on line %(line)d; each publication once per file.")
                % {"slug": slug, "line": first_line_of_slug[slug]}
            )
            result.action = Action.ERROR
        first_line_of_slug.setdefault(slug, result.line)
        if result.errors:
            continue
        resource = existing.get(slug)
        if resource is not None and result.line not in lines_with_status:
            values["status"] = resource.status
        if resource is not None and resource.deleted_at is not None:
            result.errors.append(
                _(
                    "slug: “%(slug)s” is a publication in the trash; restore it in the admin "
                    "before importing over it."
                )
                % {"slug": slug}
            )
            result.action = Action.ERROR
        elif resource is None:
            result.action = Action.NEW
        else:
            links = stored_links[resource.pk]
            result.changes = _changes(resource, values, columns, links, lookups)
            result.differences = _differences(resource, values, result.changes, links, lookups)
            result.action = Action.CHANGED if result.changes else Action.UNCHANGED
    report.rows = [result for result, _ in validated]
    report.columns = [name for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in columns]
    report.new_topics = sorted(
        {
            name.lower(): name
            for _, values in validated
            for name in values["topics"]
            if name.lower() not in lookups.topics
        }.values()
    )
    if report.has_errors or dry_run:
        return report
    _save(validated, existing, columns, lookups)
    report.saved = True
    return report


@transaction.atomic
def _save(validated, existing: dict, columns: set[str], lookups: _Lookups) -> None:
    # Bulk inserts send no signals: the cached pages are made stale here instead.
    invalidate_pages()
    topic_names = {name for _, values in validated for name in values["topics"]}
    taken = set(Topic.objects.values_list("slug", flat=True))
    new_topics = []
    for name in sorted({n.lower(): n for n in topic_names}.values()):
        if name.lower() not in lookups.topics:
            new_topics.append(Topic(name=name, name_en=name, slug=_unique_slug(name, taken)))
    for topic in Topic.objects.bulk_create(new_topics):
        lookups.topics[topic.name.lower()] = topic

    to_create = []
    to_update = []
    relations = []
    now = timezone.now()
    for result, values in validated:
        scalars = {name: values[name] for name in SCALAR_FIELDS}
        if result.action == Action.NEW:
            resource = Resource(slug=values["slug"], **scalars)
            to_create.append(resource)
            relations.append((resource, values, True))
        elif result.action == Action.CHANGED:
            resource = existing[values["slug"]]
            for name, value in scalars.items():
                setattr(resource, name, value)
            resource.updated = now
            to_update.append(resource)
            relations.append((resource, values, False))
    # What the slug signal does on a save, for the whole file at once: a live publication's
    # slug wins over an old address of another one.
    SlugRedirect.objects.filter(
        old_slug__in=[resource.slug for resource, _, _ in relations]
    ).delete()
    # New publications take their ids first and are inserted after their links, so the row's
    # trigger sets topic_ids and topic_names in the insert; links inserted after the rows would
    # make the database rewrite every new row once more (migration 0017 keeps facet totals).
    for resource, pk in zip(to_create, _new_ids(len(to_create)), strict=True):
        resource.pk = pk
    _insert_links(relations, columns, lookups, new=True)
    created_versions = _create_with_history(to_create)
    # One UPDATE and one history insert per batch; the history user is the request's, as on a
    # save.
    bulk_update_with_history(to_update, Resource, [*SCALAR_FIELDS, "updated"], batch_size=BATCH)

    # Links are replaced through their tables: no signal, so no extra version per link field;
    # the versions get their links at the end.
    updated_ids = [resource.pk for resource in to_update]
    if updated_ids and "topics" in columns:
        Resource.topics.through.objects.filter(resource_id__in=updated_ids).delete()
    if updated_ids and "jurisdictions" in columns:
        Resource.jurisdictions.through.objects.filter(resource_id__in=updated_ids).delete()
    _insert_links(relations, columns, lookups, new=False)
    # A bulk version holds no links: each new or changed one gets its record's links (a changed
    # one keeps its co-authors and projects, as a save's version does).
    versions = latest_versions(Resource, updated_ids) if updated_ids else []
    if columns & {"topics", "jurisdictions"}:
        versions += created_versions
    record_links(versions)


def _create_with_history(resources: list[Resource]) -> list:
    """Insert new publications (ids already set) with COPY, and their first versions with one
    INSERT ... SELECT: what bulk_create_with_history stores, without building and sending a
    model instance and ~20 parameters per row twice. Returns the versions (their ids only)."""
    if not resources:
        return []
    fields = [field for field in Resource._meta.concrete_fields if not field.generated]
    # pre_save gives each field's value as a save would (created and updated set now); the
    # values are plain Python types that COPY sends as they are.
    _copy(
        Resource,
        [field.column for field in fields],
        ([field.pre_save(resource, True) for field in fields] for resource in resources),
    )
    for resource in resources:
        resource._state.adding = False
    history = Resource.history.model
    quote = connection.ops.quote_name
    tracked = [quote(field.column) for field in history.tracked_fields]
    # The version's author is the one a save would record: the request's user, if any.
    user = history.get_default_history_user(resources[0])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - names from models
            f"({', '.join(tracked)}, history_date, history_change_reason, history_type, "
            "history_user_id) "
            f"SELECT {', '.join(tracked)}, %s, '', '+', %s "
            f"FROM {quote(Resource._meta.db_table)} WHERE id = ANY(%s::bigint[]) "
            f"RETURNING {quote(history._meta.pk.column)}, id",
            [timezone.now(), user.pk if user else None, [r.pk for r in resources]],
        )
        return [history(pk=version_id, id=pk) for version_id, pk in cursor.fetchall()]


def _new_ids(count: int) -> list[int]:
    """`count` ids from the publications' sequence, in one query."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('resources_resource', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _insert_links(relations, columns: set[str], lookups: _Lookups, *, new: bool) -> None:
    """The topic and place links of the new publications, or of the changed ones (whose old
    links were deleted), copied in: a name given twice in a row, or a state given by postal
    code and by GEOID, is linked once."""
    topic_links: dict[tuple[int, int], None] = {}
    jurisdiction_links: dict[tuple[int, int], None] = {}
    for resource, values, is_new in relations:
        if is_new != new:
            continue
        if "topics" in columns:
            for name in values["topics"]:
                topic_links[resource.pk, lookups.topics[name.lower()].pk] = None
        if "jurisdictions" in columns:
            for jurisdiction in values["jurisdictions"]:
                jurisdiction_links[resource.pk, jurisdiction.pk] = None
    for model, links in (
        (Resource.topics.through, topic_links),
        (Resource.jurisdictions.through, jurisdiction_links),
    ):
        if links:
            _copy(model, [field.column for field in model._meta.concrete_fields][1:], links)


def _copy(model, columns: list[str], rows: Iterable) -> None:
    quote = connection.ops.quote_name
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {quote(model._meta.db_table)} "
            f"({', '.join(quote(column) for column in columns)}) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:90]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
