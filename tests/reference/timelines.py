"""Reference implementation of indicators.md §1 (person timelines), in plain Python.

Written from the spec alone, independently of the dbt models, so that the marts can be checked
cell by cell. Inputs are the raw rows of the snapshots selected for the run (the rows the
staging views read, before staging's own cut; typed and zero-padded at ingestion); the `as_of`
cut is applied here: rows that begin after `as_of` are ignored, an empty end or one after
`as_of` reads as `as_of`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

import duckdb

from tests.reference.rules import LMP_CATEGORY, ONE_DAY, UNEMPLOYED, add_months

# §1 destination on the exit date: status groups and end reasons, first in this order wins.
STATUS_DESTINATIONS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"00", "01", "04", "09"}), "employment"),
    (frozenset({"07"}), "services"),
    (frozenset({"08"}), "education"),
    (frozenset({"05"}), "outside_labour_force"),
)
REASON_DESTINATIONS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"AT", "YR"}), "employment"),
    (frozenset({"KO"}), "education"),
    (frozenset({"UL"}), "outside_labour_force"),
    (frozenset({"MU"}), "other"),
)


def month_end(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def cut_end(end: dt.date | None, as_of: dt.date) -> dt.date:
    return as_of if end is None or end > as_of else end


@dataclass(frozen=True)
class Period:
    municipality: str | None
    status: str
    start: dt.date
    end: dt.date  # cut at as_of
    recorded_end: dt.date | None
    end_reason: str | None


@dataclass(frozen=True)
class ServiceRow:
    source: str  # te | kunta
    code: str
    municipality: str | None  # kunta only
    start: dt.date
    end: dt.date  # cut at as_of

    @property
    def active(self) -> bool:
        category = LMP_CATEGORY.get((self.source, self.code))
        return category is not None and 1 <= category <= 7


@dataclass(frozen=True)
class Spell:
    person_id: str
    start: dt.date
    last_day: dt.date
    exit_date: dt.date | None
    destination: str | None
    municipality: str | None


@dataclass
class Person:
    person_id: str
    birth_date: dt.date
    sex: str
    periods: list[Period] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)
    spells: list[Spell] = field(default_factory=list)
    unemployed_runs: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    service_runs: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    # -- §1 day predicates ---------------------------------------------------------------
    def spell_on(self, day: dt.date) -> Spell | None:
        for spell in self.spells:
            if spell.start <= day <= spell.last_day:
                return spell
        return None

    def unemployed_days_in(self, after: dt.date, until: dt.date) -> int:
        """Unemployed days D with after < D <= until."""
        total = 0
        for spell in self.spells:
            lo = max(spell.start, after + ONE_DAY)
            hi = min(spell.last_day, until)
            if hi >= lo:
                total += (hi - lo).days + 1
        return total

    def service_run_on(self, day: dt.date) -> tuple[dt.date, dt.date] | None:
        for run in self.service_runs:
            if run[0] <= day <= run[1]:
                return run
        return None

    def latest_service_day_before(self, day: dt.date) -> dt.date | None:
        latest = None
        for start, end in self.service_runs:
            if start < day:
                candidate = min(end, day - ONE_DAY)
                if latest is None or candidate > latest:
                    latest = candidate
        return latest

    def municipality_on(self, day: dt.date) -> str | None:
        """§2: kotikunta of the covering period (latest start, then lowest code), else of the
        latest period that began before D, else kunta of the latest municipal service row that
        began on or before D. Rows with an empty code are passed over (the model's reading: an
        empty kotikunta says nothing about where the person lives)."""
        known = [p for p in self.periods if p.municipality is not None]
        covering = [p for p in known if p.start <= day <= p.end]
        if covering:
            return _latest_then_lowest(covering)
        before = [p for p in known if p.start < day]
        if before:
            return _latest_then_lowest(before)
        municipal = [
            s
            for s in self.services
            if s.source == "kunta" and s.municipality is not None and s.start <= day
        ]
        if municipal:
            return _latest_then_lowest(municipal)
        return None

    def is_long_term_on(self, day: dt.date) -> bool:
        spell = self.spell_on(day)
        return spell is not None and spell.start <= add_months(day, -12)

    def is_repeatedly_on(self, day: dt.date) -> bool:
        return (
            self.spell_on(day) is not None
            and not self.is_long_term_on(day)
            and self.unemployed_days_in(add_months(day, -16), day) >= 365
        )


def _latest_then_lowest(rows: list[Period] | list[ServiceRow]) -> str | None:
    latest = max(r.start for r in rows)
    codes = [r.municipality for r in rows if r.start == latest]
    known = sorted(c for c in codes if c is not None)
    return known[0] if known else None


def merge_runs(intervals: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Merge touching, overlapping and nested intervals (next start <= latest end + 1)."""
    runs: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(intervals):
        if runs and start <= runs[-1][1] + ONE_DAY:
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def build_spells(person: Person, as_of: dt.date) -> list[Spell]:
    unemployed = [p for p in person.periods if p.status in UNEMPLOYED]
    spells = []
    for start, last_day in merge_runs([(p.start, p.end) for p in unemployed]):
        exit_date = None if last_day >= as_of else last_day + ONE_DAY
        destination = None if exit_date is None else _destination(person, last_day, exit_date)
        first_day_codes = sorted(
            p.municipality for p in unemployed if p.start == start and p.municipality is not None
        )
        spells.append(
            Spell(
                person_id=person.person_id,
                start=start,
                last_day=last_day,
                exit_date=exit_date,
                destination=destination,
                municipality=first_day_codes[0] if first_day_codes else None,
            )
        )
    return spells


def _destination(person: Person, last_day: dt.date, exit_date: dt.date) -> str:
    covering = {
        p.status
        for p in person.periods
        if p.status not in UNEMPLOYED and p.start <= exit_date <= p.end
    }
    for statuses, destination in STATUS_DESTINATIONS:
        if covering & statuses:
            return destination
    reasons = {
        p.end_reason for p in person.periods if p.end == last_day and p.end_reason is not None
    }
    for codes, destination in REASON_DESTINATIONS:
        if reasons & codes:
            return destination
    return "other"


def _selected(con: duckdb.DuckDBPyConnection, table: str, source: str, columns: str) -> list[tuple]:
    """The raw rows of the snapshot selected for the run (what staging reads), before any cut:
    the as_of rules are applied here, not taken from staging."""
    return con.sql(
        f"select person_id, birth_date, sex, {columns} from raw.{table}"
        " where load_id in (select load_id from raw.snapshot_selection"
        f" where source = '{source}')"
    ).fetchall()


def load_persons(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> dict[str, Person]:
    """Every person of the jobseeker register and the service sources, cut at as_of."""
    persons: dict[str, Person] = {}

    def person(person_id: str, birth_date: dt.date, sex: str) -> Person:
        if person_id not in persons:
            persons[person_id] = Person(person_id, birth_date, sex)
        return persons[person_id]

    periods = _selected(
        con,
        "te_tyonhakijajaksot",
        "te/tyonhakijajaksot",
        "kotikunta, tyollkoodi, alkupvm, loppupvm, paattymissyy",
    )
    for pid, birth, sex, municipality, status, start, end, reason in periods:
        if start > as_of:
            continue
        person(pid, birth, sex).periods.append(
            Period(municipality, status, start, cut_end(end, as_of), end, reason)
        )
    te_rows = _selected(con, "te_palvelut", "te/palvelut", "palvelu, alkupvm, loppupvm")
    for pid, birth, sex, code, start, end in te_rows:
        if start > as_of:
            continue
        person(pid, birth, sex).services.append(
            ServiceRow("te", code, None, start, cut_end(end, as_of))
        )
    kunta_rows = _selected(
        con, "kunta_palvelut", "kunta/palvelut", "palvelu, kunta, alkupvm, loppupvm"
    )
    for pid, birth, sex, code, municipality, start, end in kunta_rows:
        if start > as_of:
            continue
        person(pid, birth, sex).services.append(
            ServiceRow("kunta", code, municipality, start, cut_end(end, as_of))
        )
    for p in persons.values():
        p.spells = build_spells(p, as_of)
        in_services = [(s.start, s.end) for s in p.services if s.active]
        in_services += [(q.start, q.end) for q in p.periods if q.status == "07"]
        p.service_runs = merge_runs(in_services)
    return persons


def first_day_of_data(persons: dict[str, Person]) -> dt.date:
    """The earliest start of any jobseeker period or service row."""
    return min(row.start for p in persons.values() for row in [*p.periods, *p.services])
