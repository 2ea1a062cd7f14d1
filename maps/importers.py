"""Spreadsheet import of one map's policies: one validation path for the command and the admin.

The report (rows with line number, action and errors) is the resource importer's, so one
admin preview screen can show either.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.importing.rows import (
    Action,
    ImportFileError,
    ImportReport,
    RowResult,
    parse_date,
    read_csv,
)
from core.publishing import Status
from core.spreadsheets import formula_errors
from jurisdictions.models import Jurisdiction, Level

from .cache import invalidate_map
from .models import Policy, PolicyMap

__all__ = ["Action", "ImportFileError", "ImportReport", "RowResult", "policies_import", "read_csv"]

REQUIRED_COLUMNS = ("jurisdiction", "category", "effective_date")
OPTIONAL_COLUMNS = (
    "end_date",
    "summary",
    "source_title",
    "source_url",
    "last_verified",
    "summary_es",
    "source_title_es",
)
# The Spanish columns may be left out: a file without them leaves the saved Spanish texts as
# they are. A Spanish column that is present but empty for a row removes that row's Spanish text.
SPANISH_COLUMNS = ("summary_es", "source_title_es")
COMPARED_FIELDS = (
    "category_id",
    "end_date",
    "summary",
    "source_title",
    "source_url",
    "last_verified",
    *SPANISH_COLUMNS,
)
ENGLISH_FIELDS = ("summary", "source_title")
SOURCE_TITLE_MAX = Policy._meta.get_field("source_title").max_length
SOURCE_URL_MAX = Policy._meta.get_field("source_url").max_length


@dataclass
class _Period:
    """A policy on the timeline of one jurisdiction: a row of the file or a saved policy."""

    effective_date: datetime.date
    end_date: datetime.date | None
    line: int | None = None  # the file row, if any
    saved: Policy | None = None  # the saved policy, if any
    values: dict | None = None


def check_columns(columns: set[str]) -> list[str]:
    errors = [
        _("Missing required column “%s”.") % name
        for name in REQUIRED_COLUMNS
        if name not in columns
    ]
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    errors += [
        _("Unknown column “%(name)s”. Known columns: %(known)s.")
        % {"name": name, "known": ", ".join(known)}
        for name in sorted(columns - set(known))
    ]
    return errors


def _date(row: dict, column: str, errors: list[str], required: bool = False):
    text = row.get(column, "")
    if not text:
        if required:
            errors.append(_("%s: required.") % column)
        return None
    try:
        return parse_date(text)
    except ValueError:
        errors.append(
            _("%(column)s: “%(value)s” is not a date; use YYYY-MM-DD or MM/DD/YYYY.")
            % {"column": column, "value": text[:40]}
        )
        return None


def _validate_row(line: int, row: dict, policy_map: PolicyMap, lookups) -> tuple[RowResult, dict]:
    jurisdictions, categories, allowed_levels = lookups
    result = RowResult(line=line, values={k: v for k, v in row.items() if k != "__extra__"})
    errors = result.errors
    values: dict = {}
    if row.get("__extra__"):
        errors.append(_("This row has more cells than the header."))
    errors.extend(formula_errors(row))

    code = row.get("jurisdiction", "")
    jurisdiction = jurisdictions.get(code.upper())
    if not code:
        errors.append(_("jurisdiction: required."))
    elif jurisdiction is None:
        errors.append(
            _("jurisdiction: no jurisdiction has the GEOID or postal code “%s”.") % code[:40]
        )
    elif jurisdiction.level not in allowed_levels:
        errors.append(
            _("jurisdiction: %(name)s is a %(level)s; this map shows %(allowed)s.")
            % {
                "name": jurisdiction,
                "level": jurisdiction.get_level_display().lower(),
                "allowed": ", ".join(str(Level(level).label).lower() for level in allowed_levels),
            }
        )
    values["jurisdiction"] = jurisdiction

    name = row.get("category", "")
    category = categories.get(name.lower())
    if not name:
        errors.append(_("category: required."))
    elif category is None:
        errors.append(
            _("category: “%(value)s” is not a category of this map. Known: %(known)s.")
            % {
                "value": name[:60],
                "known": ", ".join(sorted({c.slug for c in categories.values()})),
            }
        )
    values["category"] = category
    result.title = f"{jurisdiction or code} — {category or name}"

    values["effective_date"] = _date(row, "effective_date", errors, required=True)
    values["end_date"] = _date(row, "end_date", errors)
    values["last_verified"] = _date(row, "last_verified", errors)
    start, end = values["effective_date"], values["end_date"]
    if start and end and end < start:
        errors.append(
            _("end_date: %(end)s is before the effective date %(start)s.")
            % {"end": end, "start": start}
        )

    values["summary"] = row.get("summary", "")
    values["source_title"] = row.get("source_title", "")
    values["source_url"] = row.get("source_url", "")
    for name in SPANISH_COLUMNS:
        if name in row:
            values[name] = row[name]
    for name in ("source_title", "source_title_es"):
        if len(values.get(name, "")) > SOURCE_TITLE_MAX:
            errors.append(
                _("%(column)s: at most %(max)d characters.")
                % {"column": name, "max": SOURCE_TITLE_MAX}
            )
    if values["source_url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["source_url"])
            if len(values["source_url"]) > SOURCE_URL_MAX:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(
                _("source_url: “%s” is not a valid http(s) address.") % values["source_url"][:100]
            )
    if not values["source_title"] or not values["source_url"]:
        errors.append(
            _(
                "source_title and source_url: both are required; every published policy names its source."
            )
        )
    if errors:
        result.action = Action.ERROR
    return result, values


def _lookups(rows: list[tuple[int, dict]], policy_map: PolicyMap):
    codes = {row.get("jurisdiction", "").strip().upper() for _, row in rows}
    postal = {code for code in codes if len(code) == 2 and code.isalpha()}
    jurisdictions = {}
    for jurisdiction in Jurisdiction.objects.filter(geoid__in=codes - postal):
        jurisdictions[jurisdiction.geoid.upper()] = jurisdiction
    for jurisdiction in Jurisdiction.objects.filter(level=Level.STATE, postal_code__in=postal):
        jurisdictions[jurisdiction.postal_code] = jurisdiction
    categories = {}
    for category in policy_map.categories.all():
        categories[category.label.lower()] = category
        categories[category.slug.lower()] = category
    allowed_levels = [policy_map.level] + ([Level.AGENCY] if policy_map.show_agencies else [])
    return jurisdictions, categories, allowed_levels


def _describe(period: _Period) -> str:
    if period.line is not None:
        return _("line %d") % period.line
    return _("the saved policy from %s") % period.effective_date.isoformat()


def policies_import(
    *, rows: list[tuple[int, dict]], policy_map: PolicyMap, dry_run: bool
) -> ImportReport:
    """Validate every row of one map's policies; save them all only if none has an error.

    A row matches a saved published policy of the same map, jurisdiction and effective
    date: equal fields leave it unchanged, different fields update it. A new row that starts
    after a policy with no end date ends that policy the day before, as a category change in
    the admin does. Periods that would overlap are errors on the row that starts later.
    """
    report = ImportReport(dry_run=dry_run)
    columns = {key for _, row in rows for key in row if key != "__extra__"}
    column_errors = check_columns(columns) if rows else [_("The file has no data rows.")]
    if column_errors:
        report.rows.append(RowResult(line=1, action=Action.ERROR, errors=column_errors))
        return report

    lookups = _lookups(rows, policy_map)
    validated = [_validate_row(line, row, policy_map, lookups) for line, row in rows]
    report.rows = [result for result, _ in validated]
    results_by_line = {result.line: result for result in report.rows}

    # One timeline per jurisdiction (per jurisdiction and category on a map whose places may
    # be in several categories at once): saved policies, with file rows replacing the saved
    # policy of the same effective date.
    def lane(jurisdiction_id: int, category_id: int) -> tuple[int, int | None]:
        return (jurisdiction_id, category_id if policy_map.multiple_categories else None)

    touched = {values["jurisdiction"].pk for result, values in validated if not result.errors}
    timelines: dict[tuple, dict[datetime.date, _Period]] = {}
    for result, values in validated:
        if not result.errors:
            timelines[lane(values["jurisdiction"].pk, values["category"].pk)] = {}
    for policy in Policy.objects.filter(
        policy_map=policy_map, jurisdiction_id__in=touched, status=Status.PUBLISHED
    ):
        timeline = timelines.get(lane(policy.jurisdiction_id, policy.category_id))
        if timeline is not None:
            timeline[policy.effective_date] = _Period(
                policy.effective_date, policy.end_date, saved=policy
            )
    file_lines: dict[tuple, int] = {}
    for result, values in validated:
        if result.errors:
            continue
        key = (
            *lane(values["jurisdiction"].pk, values["category"].pk),
            values["effective_date"],
        )
        if key in file_lines:
            result.errors.append(
                _("%(jurisdiction)s from %(date)s is also on line %(line)d; once per file.")
                % {
                    "jurisdiction": values["jurisdiction"],
                    "date": values["effective_date"].isoformat(),
                    "line": file_lines[key],
                }
            )
            result.action = Action.ERROR
            continue
        file_lines[key] = result.line
        timeline = timelines[lane(values["jurisdiction"].pk, values["category"].pk)]
        saved = timeline.get(values["effective_date"], _Period(None, None)).saved
        timeline[values["effective_date"]] = _Period(
            values["effective_date"],
            values["end_date"],
            line=result.line,
            saved=saved,
            values=values,
        )

    # Walk each timeline in date order: close open-ended predecessors, report overlaps.
    closures: list[Policy] = []
    for timeline in timelines.values():
        periods = [timeline[date] for date in sorted(timeline)]
        for before, after in zip(periods, periods[1:], strict=False):
            if before.end_date is not None and before.end_date < after.effective_date:
                continue
            if before.end_date is None and (after.line is not None or before.line is not None):
                before.end_date = Policy.end_before(after.effective_date)
                if before.line is not None:
                    before.values["end_date"] = before.end_date
                else:
                    closures.append(before.saved)
                    if after.line is not None:
                        results_by_line[after.line].ends.append(
                            _("%(policy)s, in force since %(start)s, ends on %(end)s")
                            % {
                                "policy": before.saved.category,
                                "start": before.effective_date.isoformat(),
                                "end": before.end_date.isoformat(),
                            }
                        )
                continue
            if after.line is not None:
                row, other = results_by_line[after.line], before
            elif before.line is not None:
                row, other = results_by_line[before.line], after
            else:
                continue  # two saved policies: not this file's business
            row.errors.append(
                _("The period overlaps %(other)s; end one before the other starts.")
                % {"other": _describe(other)}
            )
            row.action = Action.ERROR

    for result, values in validated:
        if result.errors:
            continue
        timeline = timelines[lane(values["jurisdiction"].pk, values["category"].pk)]
        saved = timeline[values["effective_date"]].saved
        if saved is None:
            result.action = Action.NEW
        else:
            compared = [
                name for name in COMPARED_FIELDS if name not in SPANISH_COLUMNS or name in values
            ]
            result.changes = [
                name.removesuffix("_id")
                for name in compared
                if _saved(saved, name) != _value(values, name)
            ]
            result.differences = [
                (
                    name.removesuffix("_id"),
                    _shown(saved.category if name == "category_id" else _saved(saved, name)),
                    _shown(values["category"] if name == "category_id" else _value(values, name)),
                )
                for name in compared
                if _saved(saved, name) != _value(values, name)
            ]
            result.action = Action.CHANGED if result.changes else Action.UNCHANGED
    report.columns = [name for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in columns]

    if report.has_errors or dry_run:
        return report
    try:
        _save(validated, timelines, closures, policy_map)
    except IntegrityError as error:
        # A concurrent edit can still break a database rule between check and save.
        report.rows.append(
            RowResult(
                line=0,
                action=Action.ERROR,
                errors=[_("Nothing was saved: the database refused the import (%s).") % error],
            )
        )
        return report
    report.saved = True
    return report


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


def _saved(policy: Policy, name: str):
    # `summary` and `source_title` are the English texts: compare with the English version,
    # whatever the language.
    if name in ENGLISH_FIELDS:
        return getattr(policy, f"{name}_en") or ""
    if name in SPANISH_COLUMNS:
        return getattr(policy, name) or ""
    return getattr(policy, name)


def _value(values: dict, name: str):
    if name == "category_id":
        return values["category"].pk
    return values[name]


@transaction.atomic
@translation.override("en")  # `summary` and `source_title` are the English versions
def _save(validated, timelines, closures: list[Policy], policy_map: PolicyMap) -> None:
    periods = {
        period.line: period
        for timeline in timelines.values()
        for period in timeline.values()
        if period.line is not None
    }
    # Shorten periods before lengthening or adding any, so the exclusion constraint
    # never sees two versions overlap midway.
    for policy in closures:
        policy.end_date = next(
            p.end_date
            for timeline in timelines.values()
            for p in timeline.values()
            if p.saved is policy
        )
        policy.save(update_fields=["end_date", "updated"])
    updates = []
    to_create = []
    for result, values in validated:
        period = periods[result.line]
        fields = {
            "category": values["category"],
            "end_date": period.end_date,
            "summary": values["summary"],
            "source_title": values["source_title"],
            "source_url": values["source_url"],
            "last_verified": values["last_verified"],
            **{name: values[name] for name in SPANISH_COLUMNS if name in values},
        }
        if result.action == Action.NEW:
            to_create.append(
                Policy(
                    policy_map=policy_map,
                    jurisdiction=values["jurisdiction"],
                    effective_date=values["effective_date"],
                    status=Status.PUBLISHED,
                    exclusive=not policy_map.multiple_categories,
                    **fields,
                )
            )
        elif result.action == Action.CHANGED:
            policy = period.saved
            shortened = period.end_date is not None and (
                policy.end_date is None or period.end_date < policy.end_date
            )
            for name, value in fields.items():
                setattr(policy, name, value)
            updates.append((not shortened, policy))
    for _lengthens, policy in sorted(updates, key=lambda pair: pair[0]):
        policy.save()
    with transaction.atomic():
        bulk_create_with_history(to_create, Policy, batch_size=1000)
    invalidate_map(policy_map.pk)
