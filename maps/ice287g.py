"""ICE's published 287(g) lists (xlsx) → agencies and their agreements on a multi-category map.

One row of ICE's list is one agreement: an agency and one support type. Each agreement is a
policy of the map on the agency (a jurisdiction of level agency under its county or state),
in force from its SIGNED date until the day before the first list it is missing from. The
lists a map has read are recorded (SourceList), so importing them in any order gives the same
periods, and importing one twice changes nothing. The report is the other importers'
(resources.importers), so the command and the admin print and preview it alike.

Each flaw of the lists as published (see maps/data/ice-287g/PROVENANCE.md) has a rule here:
spaces trimmed; apostrophes and spacing of agency names compared folded; a SIGNED value
missing the slash before the year repaired and the repair written on the row, any other
non-date refused; COUNTY `#N/A` resolved from the agency name or the gazetteer; e-mail
"safelinks" unwrapped to the ice.gov address; a duplicate row counted once and reported.
"""

import csv
import datetime
import difflib
import hashlib
import io
import re
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.importing.rows import Action, ImportFileError, ImportReport, RowResult
from core.publishing import Status
from jurisdictions.fips import STATES
from jurisdictions.gazetteer import find_places, place_key
from jurisdictions.models import Jurisdiction, Level

from .cache import invalidate_map
from .models import MapCategory, Policy, PolicyMap, SourceList

DATA_DIR = Path(__file__).resolve().parent / "data" / "ice-287g"
PLACES_FILE = DATA_DIR / "agency-places.csv"
PROGRAM_URL = "https://www.ice.gov/identify-and-arrest/287g"
ONE_DAY = datetime.timedelta(days=1)
# Two SIGNED dates of one agency and support type this close are one agreement, corrected.
CORRECTION_DAYS = 31

SUPPORT_TYPES = {
    "jail enforcement model": "jail-enforcement",
    "task force model": "task-force",
    "warrant service officer": "warrant-service-officer",
}
PENDING = "pending"
REQUIRED = ("STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE")
SIGNED_COLUMNS = ("SIGNED", "MOA")
STATE_BY_NAME = {name.upper(): (fips, postal) for fips, (postal, name) in STATES.items()}
NO_COUNTY = {"", "#N/A", "#NA", "N/A", "NA"}

# ICE's file names carry the date of the list: participatingAgencies07182025pm.xlsx.
FILE_DATE = re.compile(r"(\d{2})(\d{2})(\d{4})(?:am|pm)?\.xlsx$", re.IGNORECASE)
# SIGNED typed without the slash before the year (`05/082025`, `7/72025`): the year is the
# last four digits, so what remains is the day, with no guessing.
MISSING_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})(\d{4})$")
COUNTY_IN_NAME = re.compile(r"^(.+?)\s+(county|parish)\b", re.IGNORECASE)
PLACE_PREFIX = re.compile(r"^(city|town|village|borough|township) of\s+", re.IGNORECASE)
PLACE_SUFFIX = re.compile(
    r"\s+(police (department|departent|dept\.?|services department|services)|"
    r"(department of )?public safety( department)?|police|marshal'?s office)$",
    re.IGNORECASE,
)


# A row's result; its notes say what the import did that a person should know (a repair,
# a duplicate, how the agency was placed).
AgreementRow = RowResult


@dataclass
class ListFile:
    kind: str  # SourceList.Kind
    rows: list[tuple[int, dict]]


@dataclass
class Placement:
    """Where an agency belongs: its county (or state) and, for a town's police, a point."""

    parent: Jurisdiction
    point: Point | None
    how: str


@dataclass
class _Agreement:
    line: int
    agency_key: tuple[str, str]
    agency_name: str
    category: MapCategory
    signed: datetime.date
    url: str
    agency: Jurisdiction


def list_date_from_name(name: str) -> datetime.date | None:
    match = FILE_DATE.search(Path(name).name)
    if not match:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def agency_name(value: str) -> str:
    """The name as shown: trimmed, single spaces, one kind of apostrophe."""
    return re.sub(r"\s+", " ", str(value or "").replace("\u2019", "'").replace("`", "'")).strip()


def agency_key(state: str, name: str) -> tuple[str, str]:
    """An agency as compared from one list to the next: state and folded name."""
    return state, place_key(agency_name(name).replace("'", ""))


def unwrap_safelink(url: str) -> str:
    """The real address behind an Outlook "safelinks" redirect; other addresses unchanged."""
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.hostname and parts.hostname.endswith("safelinks.protection.outlook.com"):
        target = urllib.parse.parse_qs(parts.query).get("url")
        if target:
            return target[0].strip()
    return url


def parse_signed(value) -> tuple[datetime.date, str | None]:
    """SIGNED as a date, and a note when a typing slip was repaired. Raises ValueError."""
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    text = str(value or "").strip()
    for date_format in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, date_format).date(), None
        except ValueError:
            continue
    match = MISSING_SLASH.match(text)
    if match:
        month, day, year = (int(part) for part in match.groups())
        repaired = datetime.date(year, month, day)  # ValueError if no such day
        return repaired, _(
            "SIGNED “%(value)s” read as %(date)s: the slash before the year is missing."
        ) % {"value": text, "date": repaired.isoformat()}
    raise ValueError(text)


def read_list(data: bytes) -> ListFile:
    """Rows of ICE's spreadsheet as published, each with its line, cells trimmed, and the MOA
    hyperlink. A list with SIGNED and MOA columns is of signed agreements; without, pending."""
    import openpyxl  # only the 287(g) import needs it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("The file is not an Excel workbook (.xlsx) as ICE publishes it (%s).") % error
        ) from error
    sheet = workbook.worksheets[0]
    header = [str(cell.value or "").strip().upper() for cell in sheet[1]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _("Line 1: missing column(s) %(missing)s; the header is %(header)s.")
            % {
                "missing": ", ".join(f"“{name}”" for name in missing),
                "header": ", ".join(name for name in header if name) or _("empty"),
            }
        )
    kind = (
        SourceList.Kind.SIGNED
        if all(name in header for name in SIGNED_COLUMNS)
        else SourceList.Kind.PENDING
    )
    columns = {name: header.index(name) for name in (*REQUIRED, *SIGNED_COLUMNS) if name in header}
    rows = []
    for line, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
        if all(cell.value in (None, "") for cell in cells):
            continue
        if len(rows) >= settings.IMPORT_MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        row = {}
        for name, index in columns.items():
            value = cells[index].value if index < len(cells) else None
            row[name] = value.strip() if isinstance(value, str) else value
        if "MOA" in columns and columns["MOA"] < len(cells):
            link = cells[columns["MOA"]].hyperlink
            row["MOA_URL"] = unwrap_safelink(link.target) if link and link.target else ""
        rows.append((line, row))
    return ListFile(kind=kind, rows=rows)


def read_places(path: Path = PLACES_FILE) -> dict[tuple[str, str], dict]:
    """Staff's settlements: agency → county/state GEOID and optional point, by state and name."""
    if not path.exists():
        return {}
    places = {}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(line for line in file if not line.startswith("#")):
            places[agency_key(row["state"].strip().upper(), row["agency"])] = row
    return places


class AgencyResolver:
    """Places an agency of the list: staff's settlement first, then the rules."""

    def __init__(self, states: set[str], places: dict):
        self.places = places
        self.states = {j.postal_code: j for j in Jurisdiction.objects.states()}
        self.by_geoid = {}
        self.counties: dict[tuple[str, str], Jurisdiction] = {}
        for county in (
            Jurisdiction.objects.counties().filter(state_code__in=states).defer("boundary")
        ):
            self.by_geoid[county.geoid] = county
            self.counties[(county.state_code, _county_key(county.name))] = county
        self.by_geoid.update({j.geoid: j for j in self.states.values()})
        self.agencies = {
            agency_key(agency.state_code, agency.name): agency
            for agency in Jurisdiction.objects.agencies()
            .filter(state_code__in=states)
            .select_related("parent")
            .defer("boundary")
        }

    def county(self, state: str, name: str, notes: list[str] | None = None) -> Jurisdiction | None:
        """The county of that name; an independent city (Hopewell, VA) typed as a county; or,
        logged in `notes`, the one county of the state whose name is closest to a misspelt
        one (“Berrian” → Berrien)."""
        key = _county_key(name)
        county = self.counties.get((state, key)) or self.counties.get((state, f"{key} city"))
        if county is None and notes is not None and key:
            names = [k for s, k in self.counties if s == state]
            close = difflib.get_close_matches(key, names, n=2, cutoff=0.85)
            if len(close) == 1:
                county = self.counties[(state, close[0])]
                notes.append(
                    _("COUNTY “%(typed)s” read as %(county)s, the closest county name.")
                    % {"typed": name, "county": county}
                )
        return county

    def place(self, state: str, row: dict, notes: list[str]) -> Placement | str:
        """Where the agency of this row belongs, or why it cannot be placed without a person."""
        name = agency_name(row["LAW ENFORCEMENT AGENCY"])
        kind = str(row.get("TYPE") or "").strip()
        county_name = str(row.get("COUNTY") or "").strip()
        state_name = STATES[self.states[state].geoid][1]

        settled = self.places.get(agency_key(state, name))
        if settled:
            parent = self.by_geoid.get(settled["jurisdiction"].strip())
            if parent is None:
                return (
                    _("the places file names “%s”, which is no state or county.")
                    % (settled["jurisdiction"])
                )
            point = None
            if settled.get("lat") and settled.get("lng"):
                point = Point(float(settled["lng"]), float(settled["lat"]), srid=4326)
            return Placement(parent, point, _("places file"))

        starts_with_state = name.lower().startswith(state_name.lower() + " ") and not (
            name[len(state_name) :].strip().lower().startswith("city")
        )
        if kind == "State Agency" or starts_with_state:
            return Placement(self.states[state], None, _("state agency"))

        county = None
        if county_name.upper() not in NO_COUNTY:
            county = self.county(state, county_name, notes)
        in_name = COUNTY_IN_NAME.match(name)
        if county is None and in_name:
            county = self.county(state, in_name.group(1), notes)

        town = PLACE_SUFFIX.sub("", PLACE_PREFIX.sub("", name)).strip()
        town = re.sub(r"\s+borough$", "", town, flags=re.IGNORECASE)  # "Manheim Borough"
        found = find_places(state, town) if town != name else ()
        if county is not None and len(found) > 1:
            found = tuple(p for p in found if p.county_geoid == county.geoid)
        town_police = kind == "Municipality" or (county is None and not in_name)
        if town_police and len(found) == 1 and found[0].county_geoid in self.by_geoid:
            place = found[0]
            return Placement(
                self.by_geoid[place.county_geoid],
                Point(place.lng, place.lat, srid=4326),
                _("gazetteer"),
            )
        if county is not None:
            return Placement(county, None, _("county"))
        if len(found) > 1:
            return _(
                "%(count)d places called “%(town)s” in %(state)s; settle it in the places file."
            ) % {"count": len(found), "town": town, "state": state}
        if county_name.upper() not in NO_COUNTY:
            return _(
                "no county “%(county)s” in %(state)s and no town found in the name; settle it in "
                "the places file."
            ) % {"county": county_name, "state": state}
        return _(
            "COUNTY is empty and no county or town of %(state)s was found in the name; settle it "
            "in the places file."
        ) % {"state": state}


def _county_key(name: str) -> str:
    key = place_key(name)
    return re.sub(
        r"\s+(county|parish|borough|census area|city and borough|municipality)$", "", key
    ).strip()


def agency_geoid(parent: Jurisdiction, name_key: str) -> str:
    return f"{parent.geoid}-{hashlib.sha1(name_key.encode()).hexdigest()[:6]}"  # noqa: S324


def agreements_import(
    *,
    list_file: ListFile,
    list_date: datetime.date,
    policy_map: PolicyMap,
    dry_run: bool,
    file_name: str = "",
    places: dict | None = None,
) -> ImportReport:
    """Validate every row of one ICE list; save agencies and agreements only if none is bad."""
    report = ImportReport(dry_run=dry_run)
    report.ended = []
    report.placements = {}
    problems = _map_problems(policy_map, list_file.kind)
    if problems:
        report.rows.append(AgreementRow(line=1, action=Action.ERROR, errors=problems))
        return report
    categories = {c.slug: c for c in policy_map.categories.all()}
    states = {
        STATE_BY_NAME.get(str(r.get("STATE") or "").upper(), ("", ""))[1]
        for _, r in list_file.rows
    }
    resolver = AgencyResolver(states - {""}, read_places() if places is None else places)

    agreements: list[_Agreement] = []
    new_agencies: dict[tuple[str, str], Jurisdiction] = {}
    seen: dict[tuple, _Agreement] = {}
    for line, row in list_file.rows:
        result = AgreementRow(line=line)
        report.rows.append(result)
        agreement = _validate(
            result, row, list_file.kind, list_date, categories, resolver, new_agencies
        )
        if agreement is None:
            continue
        lane = (agreement.agency_key, agreement.category.slug)
        first = seen.get(lane)
        if first is not None:
            if (first.signed, first.url) == (agreement.signed, agreement.url) or not agreement.url:
                result.action = Action.UNCHANGED
                result.notes.append(_("Same agreement as line %d; counted once.") % first.line)
            else:
                result.errors.append(
                    _(
                        "The same agency and support type as line %(line)d with another SIGNED "
                        "date or MOA link; keep one row."
                    )
                    % {"line": first.line}
                )
                result.action = Action.ERROR
            continue
        seen[lane] = agreement
        agreements.append(agreement)

    if report.has_errors:
        return report
    plan = _plan(agreements, list_file.kind, list_date, policy_map, new_agencies, report)
    if report.has_errors or dry_run:
        return report
    try:
        _save(plan, policy_map, list_file.kind, list_date, file_name, len(list_file.rows))
    except IntegrityError as error:
        report.rows.append(
            AgreementRow(
                line=0,
                action=Action.ERROR,
                errors=[_("Nothing was saved: the database refused the import (%s).") % error],
            )
        )
        return report
    report.saved = True
    return report


def _map_problems(policy_map: PolicyMap, kind: str) -> list[str]:
    problems = []
    if not policy_map.multiple_categories:
        problems.append(
            _(
                "The map “%s” holds one category per place; 287(g) agencies hold several "
                "agreements at once. Tick “several categories at once” on the map first."
            )
            % policy_map.slug
        )
    if not policy_map.show_agencies:
        problems.append(_("The map “%s” does not show agencies.") % policy_map.slug)
    slugs = set(policy_map.categories.values_list("slug", flat=True))
    needed = set(SUPPORT_TYPES.values()) if kind == SourceList.Kind.SIGNED else {PENDING}
    if needed - slugs:
        problems.append(
            _("The map needs legend categories with the slugs %s.")
            % ", ".join(sorted(needed - slugs))
        )
    return problems


def _validate(result, row, kind, list_date, categories, resolver, new_agencies):
    errors = result.errors
    name = agency_name(row.get("LAW ENFORCEMENT AGENCY"))
    state_name = str(row.get("STATE") or "").strip().upper()
    state = STATE_BY_NAME.get(state_name, ("", ""))[1]
    result.title = f"{name or '?'} ({state or state_name})"
    if not state:
        errors.append(_("STATE: “%s” is not a US state or territory.") % state_name[:40])
    if not name:
        errors.append(_("LAW ENFORCEMENT AGENCY: required."))
    support = re.sub(r"\s+", " ", str(row.get("SUPPORT TYPE") or "")).strip()
    if kind == SourceList.Kind.PENDING:
        category = categories[PENDING]
        signed = list_date
    else:
        category = categories.get(SUPPORT_TYPES.get(support.lower(), ""))
        if category is None:
            errors.append(
                _("SUPPORT TYPE: “%(value)s” is not one of %(known)s.")
                % {"value": support[:60], "known": ", ".join(t.title() for t in SUPPORT_TYPES)}
            )
        signed = None
        try:
            signed, note = parse_signed(row.get("SIGNED"))
            if note:
                result.notes.append(note)
        except ValueError:
            errors.append(
                _("SIGNED: “%s” is not a date (MM/DD/YYYY); correct the row.")
                % str(row.get("SIGNED") or "")[:40]
            )
        if signed and signed > list_date and signed.year % 1000 == list_date.year % 1000:
            # A year typed with a wrong thousands digit (5025 for 2025): the list's year, if
            # that day is on or before the list; logged on the row, never silent.
            repaired = _same_day(signed, list_date.year)
            if repaired and repaired <= list_date:
                result.notes.append(
                    _("SIGNED %(value)s read as %(date)s: the year's first digit is a slip.")
                    % {"value": signed.isoformat(), "date": repaired.isoformat()}
                )
                signed = repaired
        if signed and signed > list_date:
            errors.append(
                _("SIGNED: %(signed)s is after the date of the list, %(list)s.")
                % {"signed": signed.isoformat(), "list": list_date.isoformat()}
            )
    if errors:
        result.action = Action.ERROR
        return None
    key = agency_key(state, name)
    agency = resolver.agencies.get(key) or new_agencies.get(key)
    if agency is None:
        placement = resolver.place(state, row, result.notes)
        if isinstance(placement, str):
            errors.append(
                _("%(agency)s cannot be placed: %(reason)s")
                % {"agency": name, "reason": placement}
            )
            result.action = Action.ERROR
            return None
        agency = Jurisdiction(
            level=Level.AGENCY,
            name=name,
            geoid=agency_geoid(placement.parent, key[1]),
            state_code=state,
            parent=placement.parent,
            slug=slugify(name)[:220],
            point=placement.point,
        )
        agency.placed_by = placement.how
        new_agencies[key] = agency
        result.notes.append(
            _("New agency, placed in %(parent)s by %(how)s.")
            % {"parent": placement.parent, "how": placement.how}
        )
    url = str(row.get("MOA_URL") or "")
    return _Agreement(result.line, key, name, category, signed, url, agency)


def _same_day(day: datetime.date, year: int) -> datetime.date | None:
    try:
        return day.replace(year=year)
    except ValueError:
        return None


def _source_title(kind: str, list_date: datetime.date) -> str:
    if kind == SourceList.Kind.PENDING:
        return _("ICE, list of pending agreements of %s") % list_date.isoformat()
    return _("ICE, list of %s") % list_date.isoformat()


def _summary(agreement: _Agreement, kind: str) -> str:
    if kind == SourceList.Kind.PENDING:
        return f"{agreement.agency_name}: agreement pending."
    return (
        f"{agreement.agency_name}: {agreement.category.label_en or agreement.category.label}, "
        f"signed {agreement.signed.isoformat()}."
    )


@dataclass
class _Plan:
    agencies: list[Jurisdiction]
    create: list[Policy]
    update: list[Policy]


@translation.override("en")  # agreements' texts are written and compared in English
def _plan(agreements, kind, list_date, policy_map, new_agencies, report) -> _Plan:
    """Match the rows to saved agreements and work out every period of the list's kind."""
    rows_by_line = {row.line: row for row in report.rows}
    list_dates = sorted(
        {list_date}
        | set(
            SourceList.objects.filter(policy_map=policy_map, kind=kind).values_list(
                "list_date", flat=True
            )
        )
    )
    slugs = [PENDING] if kind == SourceList.Kind.PENDING else list(SUPPORT_TYPES.values())
    saved = list(
        Policy.objects.filter(
            policy_map=policy_map,
            category__slug__in=slugs,
            status=Status.PUBLISHED,
            last_listed__isnull=False,
        ).select_related("jurisdiction", "category")
    )
    by_lane: dict[tuple, dict[datetime.date, Policy]] = {}
    for policy in saved:
        lane = (
            agency_key(policy.jurisdiction.state_code, policy.jurisdiction.name),
            policy.category.slug,
        )
        by_lane.setdefault(lane, {})[policy.effective_date] = policy
    original = {policy.pk: _snapshot(policy) for policy in saved}

    create = []
    for agreement in agreements:
        lane = (agreement.agency_key, agreement.category.slug)
        policy = _same_agreement(by_lane.get(lane, {}), agreement.signed)
        values = {
            "summary": _summary(agreement, kind),
            "source_title": _source_title(kind, list_date),
            "source_url": agreement.url or PROGRAM_URL,
        }
        if policy is None:
            policy = Policy(
                policy_map=policy_map,
                jurisdiction=agreement.agency,
                category=agreement.category,
                effective_date=agreement.signed,
                status=Status.PUBLISHED,
                exclusive=False,
                first_listed=list_date,
                last_listed=list_date,
                **values,
            )
            create.append(policy)
            by_lane.setdefault(lane, {})[agreement.signed] = policy
            policy.line = agreement.line
            continue
        policy.line = agreement.line
        if list_date >= policy.last_listed:
            # The newest list has the last word on the date, the link and the wording.
            if policy.effective_date != agreement.signed:
                rows_by_line[agreement.line].notes.append(
                    _(
                        "SIGNED %(new)s where an earlier list has %(old)s: read as a correction "
                        "of the same agreement, which now starts on %(new)s."
                    )
                    % {"new": agreement.signed.isoformat(), "old": policy.effective_date}
                )
                policy.effective_date = agreement.signed
            for name, value in values.items():
                setattr(policy, name, value)
        elif policy.effective_date != agreement.signed:
            rows_by_line[agreement.line].notes.append(
                _("SIGNED %(old)s where a later list has %(new)s: the later date is kept.")
                % {"old": agreement.signed.isoformat(), "new": policy.effective_date}
            )
        policy.first_listed = min(policy.first_listed or list_date, list_date)
        policy.last_listed = max(policy.last_listed, list_date)

    by_lane = {
        lane: {policy.effective_date: policy for policy in periods.values()}
        for lane, periods in by_lane.items()
    }
    # Every agreement runs until the day before the first list after its last appearance; a
    # later agreement of the same agency and type (signed again) ends the one before it.
    for periods in by_lane.values():
        ordered = [periods[date] for date in sorted(periods)]
        for index, policy in enumerate(ordered):
            following = [d for d in list_dates if d > policy.last_listed]
            end = following[0] - ONE_DAY if following else None
            if index + 1 < len(ordered):
                cut = ordered[index + 1].effective_date - ONE_DAY
                end = cut if end is None else min(end, cut)
            if end is not None and end < policy.effective_date:
                line = getattr(policy, "line", None)
                row = rows_by_line.get(line) if line else None
                message = _(
                    "%(agency)s, %(type)s: signed %(signed)s but missing from the list of "
                    "%(end)s; check the SIGNED date."
                ) % {
                    "agency": policy.jurisdiction.name,
                    "type": policy.category.label,
                    "signed": policy.effective_date.isoformat(),
                    "end": (end + ONE_DAY).isoformat(),
                }
                if row is None:
                    row = AgreementRow(line=0, action=Action.ERROR)
                    report.rows.append(row)
                row.errors.append(message)
                row.action = Action.ERROR
            if (
                policy.pk
                and policy.end_date != end
                and end is not None
                and policy.end_date is None
            ):
                report.ended.append(policy)
            policy.end_date = end

    update = []
    for policy in saved:
        changed = [
            name for name, value in _snapshot(policy).items() if original[policy.pk][name] != value
        ]
        row = rows_by_line.get(getattr(policy, "line", None))
        if row is not None and row.action != Action.ERROR:
            row.action = Action.CHANGED if changed else Action.UNCHANGED
            row.changes = changed
        if changed:
            update.append(policy)
    for policy in create:
        rows_by_line[policy.line].action = Action.NEW
    for agency in new_agencies.values():
        report.placements[agency.placed_by] = report.placements.get(agency.placed_by, 0) + 1
    return _Plan(list(new_agencies.values()), create, update)


def _same_agreement(periods: dict[datetime.date, Policy], signed: datetime.date) -> Policy | None:
    """The saved agreement a row names: the one signed that day or, since lists correct SIGNED
    by a few days from one to the next, the nearest one signed within CORRECTION_DAYS."""
    if signed in periods:
        return periods[signed]
    near = [date for date in periods if abs((date - signed).days) <= CORRECTION_DAYS]
    return periods[min(near, key=lambda date: abs((date - signed).days))] if near else None


SNAPSHOT_FIELDS = (
    "effective_date",
    "end_date",
    "first_listed",
    "last_listed",
    "summary",
    "source_title",
    "source_url",
)


def _snapshot(policy: Policy) -> dict:
    return {name: getattr(policy, name) for name in SNAPSHOT_FIELDS}


@transaction.atomic
@translation.override("en")
def _save(plan: _Plan, policy_map, kind, list_date, file_name, row_count) -> None:
    if plan.agencies:
        bulk_create_with_history(plan.agencies, Jurisdiction, batch_size=500)
    # Shorten periods before lengthening any, and create last, so the overlap rule never sees
    # two versions of one agreement at once.
    plan.update.sort(key=lambda p: p.end_date is None)
    for policy in plan.update:
        policy.save(update_fields=[*SNAPSHOT_FIELDS, "updated"])
    for policy in plan.create:
        policy.jurisdiction_id = policy.jurisdiction.pk
    bulk_create_with_history(plan.create, Policy, batch_size=1000)
    SourceList.objects.update_or_create(
        policy_map=policy_map,
        kind=kind,
        list_date=list_date,
        defaults={"file_name": file_name[:200], "rows": row_count},
    )
    if kind == SourceList.Kind.SIGNED:
        # The map's data is as of its newest signed list, whatever order the lists came in.
        PolicyMap.objects.filter(pk=policy_map.pk).filter(
            Q(data_as_of__isnull=True) | Q(data_as_of__lt=list_date)
        ).update(data_as_of=list_date)
    invalidate_map(policy_map.pk)
