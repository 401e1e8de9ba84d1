"""Independent reference of indicators.md §4 (service process), in plain Python.

Reads the typed rows of the selected snapshots (schema `staging`) and applies the spec's own
`as_of` rules here (rows beginning after `as_of` ignored; an empty end, or one after `as_of`,
read as `as_of`), so that a staging view that forgot a cut would still show up as a difference.
Also holds what §5 and §6 share: the cut inputs, unemployment spells (§1) and `add_months`.

Readings where the spec leaves room (each checked against the marts):
- the organisation of a kunta row is its municipality (`municipality:<kunta>`), of a te row or a
  `07` period the employment administration (`te`);
- episodes are ordered by start, then end, then organisation; a gap is measured from the
  previous episode in that order (`next start − previous end − 1`, 0 when they overlap or
  touch) and ends in the year of the next episode's start;
- a customer's distinct service codes are those of their te/kunta rows (`07` is a status, not a
  service code); total days in episodes is the plain sum of episode lengths.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from tests.reference.rules import (
    LMP_CATEGORY,
    ONE_DAY,
    UNEMPLOYED,
)

TE_ORGANISATION = "te"


@dataclass(frozen=True)
class Period:
    """A jobseeker period, cut at as_of."""

    start: dt.date
    end: dt.date
    status: str
    municipality: str | None
    end_reason: str | None


@dataclass(frozen=True)
class ServiceRow:
    """A te/palvelut or kunta/palvelut row, cut at as_of (`end` read; `raw_end` as given)."""

    row_id: str
    source: str
    person: str
    code: str
    municipality: str | None
    start: dt.date
    end: dt.date
    raw_end: dt.date | None
    project_tag: str | None

    @property
    def organisation(self) -> str:
        return TE_ORGANISATION if self.source == "te" else f"municipality:{self.municipality}"

    @property
    def is_active_measure(self) -> bool:
        return LMP_CATEGORY.get((self.source, self.code)) is not None


@dataclass(frozen=True)
class EsfRow:
    """One esf/osallistujat row (staging names), entry on or before as_of."""

    row_number: int
    person: str
    birth_date: dt.date
    sex: str
    project: str
    entry: dt.date
    leaving: dt.date | None
    fields: dict[str, object]


@dataclass
class Inputs:
    """Everything the references read, per person, already cut at as_of."""

    as_of: dt.date
    periods: dict[str, list[Period]] = field(default_factory=lambda: defaultdict(list))
    services: dict[str, list[ServiceRow]] = field(default_factory=lambda: defaultdict(list))
    employments: dict[str, list[tuple[dt.date, dt.date]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    esf_rows: list[EsfRow] = field(default_factory=list)
    projects: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    sex: dict[str, str] = field(default_factory=dict)


def _cut(start: dt.date, end: dt.date | None, as_of: dt.date) -> dt.date | None:
    """The row's last day read at as_of, or None when the row begins after as_of."""
    if start > as_of:
        return None
    return as_of if end is None or end > as_of else end


def load_inputs(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> Inputs:
    """Read the staging views and apply the spec's as_of cut."""
    inputs = Inputs(as_of=as_of)
    for person, sex, muni, status, start, end, reason in con.execute(
        "select person_id, sex, municipality_code, status_code, start_date, end_date, end_reason"
        " from staging.stg_te__jobseeker_periods"
    ).fetchall():
        inputs.sex[person] = sex
        last = _cut(start, end, as_of)
        if last is not None:
            inputs.periods[person].append(Period(start, last, status, muni, reason))
    for source, sql in (
        (
            "te",
            "select service_row_id, person_id, sex, service_code, null, start_date, end_date,"
            " null from staging.stg_te__services",
        ),
        (
            "kunta",
            "select service_row_id, person_id, sex, service_code, municipality_code, start_date,"
            " end_date, project_tag from staging.stg_kunta__services",
        ),
    ):
        for row_id, person, sex, code, muni, start, end, tag in con.execute(sql).fetchall():
            inputs.sex[person] = sex
            last = _cut(start, end, as_of)
            if last is not None:
                inputs.services[person].append(
                    ServiceRow(row_id, source, person, code, muni, start, last, end, tag)
                )
    for person, start, end in con.execute(
        "select person_id, start_date, end_date from staging.stg_tulorekisteri__employments"
    ).fetchall():
        last = _cut(start, end, as_of)
        if last is not None:
            inputs.employments[person].append((start, last))
    for code, start, end in con.execute(
        "select project_code, start_date, end_date from staging.stg_config__projects"
    ).fetchall():
        inputs.projects[code] = (start, end)
    cursor = con.execute("select * from staging.stg_esf__participants")
    names = [d[0] for d in cursor.description]
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        if row["entry_date"] > as_of:
            continue
        project = inputs.projects.get(row["project_code"])
        if project is None or row["entry_date"] < project[0]:
            continue  # quarantined by the contract (out_of_project)
        inputs.sex[row["person_id"]] = row["sex"]
        inputs.esf_rows.append(
            EsfRow(
                row_number=row["row_number"],
                person=row["person_id"],
                birth_date=row["birth_date"],
                sex=row["sex"],
                project=row["project_code"],
                entry=row["entry_date"],
                leaving=row["leaving_date"],
                fields=row,
            )
        )
    return inputs


@dataclass(frozen=True)
class Spell:
    """A maximal run of unemployed days (§1); `exit` is None while it goes on at as_of."""

    person: str
    first_day: dt.date
    last_day: dt.date
    exit: dt.date | None


def unemployment_spells(inputs: Inputs) -> dict[str, list[Spell]]:
    """§1: 02/03 periods sorted by start merge while next start <= latest end so far + 1."""
    spells: dict[str, list[Spell]] = {}
    for person, periods in inputs.periods.items():
        runs: list[list[dt.date]] = []
        for period in sorted(
            (p for p in periods if p.status in UNEMPLOYED), key=lambda p: (p.start, p.end)
        ):
            if runs and period.start <= runs[-1][1] + ONE_DAY:
                runs[-1][1] = max(runs[-1][1], period.end)
            else:
                runs.append([period.start, period.end])
        if runs:
            spells[person] = [
                Spell(person, a, b, None if b >= inputs.as_of else b + ONE_DAY) for a, b in runs
            ]
    return spells


# ---------------------------------------------------------------------------------------------
# §4 service process


@dataclass
class Episode:
    person: str
    organisation: str
    start: dt.date
    end: dt.date
    service_rows: int = 0
    status_07_periods: int = 0
    codes: set[str] = field(default_factory=set)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def customers(inputs: Inputs) -> dict[str, dict[str, object]]:
    """Persons with a kunta row tagged ASKEL or an ESF participation (either project)."""
    found: dict[str, dict[str, object]] = {}
    for person, rows in inputs.services.items():
        if any(
            r.source == "kunta" and (r.project_tag or "").strip().upper() == "ASKEL" for r in rows
        ):
            found[person] = {"is_askel_service_customer": True, "esf_projects": set()}
    for row in inputs.esf_rows:
        entry = found.setdefault(
            row.person, {"is_askel_service_customer": False, "esf_projects": set()}
        )
        entry["esf_projects"].add(row.project)  # type: ignore[union-attr]
    return found


def episodes_of(inputs: Inputs, person: str) -> list[Episode]:
    """te/kunta rows (all codes) and 07 periods, same-organisation touching/overlapping merged."""
    items: list[tuple[str, dt.date, dt.date, str | None]] = [
        (r.organisation, r.start, r.end, r.code) for r in inputs.services.get(person, [])
    ]
    items += [
        (TE_ORGANISATION, p.start, p.end, None)
        for p in inputs.periods.get(person, [])
        if p.status == "07"
    ]
    episodes: list[Episode] = []
    by_org: dict[str, list[tuple[dt.date, dt.date, str | None]]] = defaultdict(list)
    for org, start, end, code in items:
        by_org[org].append((start, end, code))
    for org, rows in by_org.items():
        current: Episode | None = None
        for start, end, code in sorted(rows, key=lambda r: (r[0], r[1])):
            if current is None or start > current.end + ONE_DAY:
                current = Episode(person, org, start, end)
                episodes.append(current)
            current.end = max(current.end, end)
            if code is None:
                current.status_07_periods += 1
                current.codes.add("07")
            else:
                current.service_rows += 1
                current.codes.add(code)
    episodes.sort(key=lambda e: (e.start, e.end, e.organisation))
    return episodes


@dataclass(frozen=True)
class Gap:
    person: str
    seq: int
    previous: Episode
    next: Episode

    @property
    def days(self) -> int:
        return max(0, (self.next.start - self.previous.end).days - 1)

    @property
    def crosses(self) -> bool:
        return self.previous.organisation != self.next.organisation

    @property
    def end_year(self) -> int:
        return self.next.start.year


@dataclass
class ServiceProcess:
    """All §4 outputs, keyed as the marts are."""

    episodes: dict[tuple[str, int], dict[str, object]]
    gaps: dict[tuple[str, int], dict[str, object]]
    waits: dict[tuple[str, dt.date], dict[str, object]]
    gaps_summary: dict[tuple[int, str], dict[str, object]]
    process: dict[str, dict[str, object]]


def service_process(inputs: Inputs) -> ServiceProcess:
    spells = unemployment_spells(inputs)
    out = ServiceProcess({}, {}, {}, {}, {})
    summary: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for person, info in customers(inputs).items():
        episodes = episodes_of(inputs, person)
        for seq, ep in enumerate(episodes, start=1):
            out.episodes[(person, seq)] = {
                "organisation": ep.organisation,
                "episode_start": ep.start,
                "episode_end": ep.end,
                "episode_days": ep.days,
                "items": ep.service_rows + ep.status_07_periods,
                "service_rows": ep.service_rows,
                "status_07_periods": ep.status_07_periods,
                "service_codes": ",".join(sorted(ep.codes)),
            }
        gaps = [Gap(person, i, episodes[i - 1], episodes[i]) for i in range(1, len(episodes))]
        for gap in gaps:
            out.gaps[(person, gap.seq)] = {
                "previous_organisation": gap.previous.organisation,
                "next_organisation": gap.next.organisation,
                "previous_end": gap.previous.end,
                "next_start": gap.next.start,
                "gap_days": gap.days,
                "crosses_organisations": gap.crosses,
                "is_within_14_days": gap.days <= 14,
                "gap_end_year": gap.end_year,
            }
            scopes = ["all"] + (["cross_organisation"] if gap.crosses else [])
            for scope in scopes:
                summary[(gap.end_year, scope)][0] += 1
                summary[(gap.end_year, scope)][1] += gap.days <= 14
        for spell in spells.get(person, []):
            first = next(
                (e.start for e in episodes if spell.first_day <= e.start <= spell.last_day), None
            )
            out.waits[(person, spell.first_day)] = {
                "spell_last_day": spell.last_day,
                "exit_date": spell.exit,
                "is_censored": spell.exit is None,
                "first_episode_start": first,
                "days_to_first_episode": None if first is None else (first - spell.first_day).days,
            }
        days_covered: set[dt.date] = set()
        for ep in episodes:
            days_covered.update(ep.start + ONE_DAY * k for k in range(ep.days))
        codes = {r.code for r in inputs.services.get(person, [])}
        out.process[person] = {
            "is_askel_service_customer": info["is_askel_service_customer"],
            "esf_projects": len(info["esf_projects"]),  # type: ignore[arg-type]
            "episodes": len(episodes),
            "organisations": len({e.organisation for e in episodes}),
            "service_codes": len(codes),
            "days_in_episodes": sum(e.days for e in episodes),
            "distinct_days_in_episodes": len(days_covered),
            "first_episode_start": min((e.start for e in episodes), default=None),
            "last_episode_end": max((e.end for e in episodes), default=None),
            "gaps": len(gaps),
            "gaps_within_14_days": sum(g.days <= 14 for g in gaps),
            "cross_organisation_gaps": sum(g.crosses for g in gaps),
            "cross_organisation_gaps_within_14_days": sum(g.crosses and g.days <= 14 for g in gaps),
        }
    # both scopes for every year in which a gap ends, a scope without gaps with 0 and no share
    for year in {year for year, _ in summary}:
        for scope in ("all", "cross_organisation"):
            gaps_n, within = summary.get((year, scope), (0, 0))
            out.gaps_summary[(year, scope)] = {
                "gaps": gaps_n,
                "gaps_within_14_days": within,
                "share": within / gaps_n if gaps_n else None,
            }
    return out
