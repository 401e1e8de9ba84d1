"""Reference implementation of indicators.md §3 (`marts.unemployment_durations` and
`marts.unemployment_durations_summary`), in plain Python with exact fractions.

Choices where the spec is silent (the same as the model's documentation): education comes from
the person's latest ESF record with an entry date on or before as_of (the last in §6's row order:
entry date, leaving date with empty last, row number), koulutusaste 9 or empty reads as unknown;
a spell without a municipality is grouped as 'unknown' in the summary.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

import duckdb

from tests.reference.rules import age_on
from tests.reference.timelines import Person

HORIZONS = {"survival_3m": 91, "survival_6m": 182, "survival_12m": 365, "survival_24m": 730}


def age_band(age: int) -> str:
    if age < 25:
        return "under_25"
    if age <= 54:
        return "25_54"
    return "over_54"


def education_group(level: int | None) -> str:
    if level is None:
        return "unknown"
    if 0 <= level <= 2:
        return "isced_0_2"
    if 3 <= level <= 4:
        return "isced_3_4"
    if 5 <= level <= 8:
        return "isced_5_8"
    return "unknown"


def load_education(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> dict[str, str]:
    """Education group from each person's latest ESF record (entry date <= as_of)."""
    rows = con.sql(
        "select person_id, entry_date, leaving_date, row_number, education_level"
        " from staging.stg_esf__participants"
    ).fetchall()
    latest: dict[str, tuple[tuple[dt.date, bool, dt.date, int], int | None]] = {}
    for pid, entry, leaving, row_number, level in rows:
        if entry > as_of:
            continue
        # sort key of §6: an empty leaving date sorts after every date
        key = (entry, leaving is None, leaving or dt.date.min, row_number)
        if pid not in latest or key > latest[pid][0]:
            latest[pid] = (key, level)
    return {pid: education_group(level) for pid, (_, level) in latest.items()}


def unemployment_durations(
    persons: dict[str, Person], education: dict[str, str], as_of: dt.date
) -> dict[tuple[str, dt.date], dict[str, object]]:
    """One row per spell, keyed by (person_id, spell_start)."""
    rows: dict[tuple[str, dt.date], dict[str, object]] = {}
    for p in persons.values():
        for spell in p.spells:
            censored = spell.exit_date is None
            end = as_of + dt.timedelta(days=1) if censored else spell.exit_date
            assert end is not None
            rows[(p.person_id, spell.start)] = {
                "start_month": spell.start.replace(day=1),
                "start_year": spell.start.year,
                "exit_date": spell.exit_date,
                "duration_days": (end - spell.start).days,
                "is_censored": censored,
                "destination": spell.destination,
                "sex": p.sex,
                "age_band": age_band(age_on(p.birth_date, spell.start)),
                "municipality_code": spell.municipality,
                "education_group": education.get(p.person_id, "unknown"),
            }
    return rows


def kaplan_meier(durations: list[tuple[int, bool]]) -> dict[str, object]:
    """Product-limit estimate: S(t) = prod over event times t_i <= t of (1 - d_i / n_i), n_i =
    spells with duration >= t_i (a spell censored at t_i is still at risk there)."""
    event_times = sorted({d for d, censored in durations if not censored})
    survival = Fraction(1)
    steps: list[tuple[int, Fraction]] = []
    for t in event_times:
        at_risk = sum(1 for d, _ in durations if d >= t)
        events = sum(1 for d, censored in durations if d == t and not censored)
        survival *= 1 - Fraction(events, at_risk)
        steps.append((t, survival))
    out: dict[str, object] = {}
    for column, horizon in HORIZONS.items():
        value = Fraction(1)
        for t, s in steps:
            if t <= horizon:
                value = s
        out[column] = float(value)
    out["median_duration_days"] = next((t for t, s in steps if s <= Fraction(1, 2)), None)
    return out


def durations_summary(
    spells: dict[tuple[str, dt.date], dict[str, object]],
) -> dict[tuple[int, str, str], dict[str, object]]:
    """Per start year x breakdown x group value: spells, censored spells, KM estimates."""
    groups: dict[tuple[int, str, str], list[tuple[int, bool]]] = defaultdict(list)
    for row in spells.values():
        year = row["start_year"]
        assert isinstance(year, int)
        item = (int(row["duration_days"]), bool(row["is_censored"]))  # type: ignore[call-overload]
        groups[(year, "all", "all")].append(item)
        groups[(year, "sex", str(row["sex"]))].append(item)
        groups[(year, "age_band", str(row["age_band"]))].append(item)
        municipality = row["municipality_code"] or "unknown"
        groups[(year, "municipality", str(municipality))].append(item)
        groups[(year, "education", str(row["education_group"]))].append(item)
    summary = {}
    for key, items in groups.items():
        summary[key] = {
            "spells": len(items),
            "censored_spells": sum(1 for _, c in items if c),
            **kaplan_meier(items),
        }
    return summary
