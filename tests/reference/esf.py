"""Independent reference of indicators.md §6 (ESF common indicators), in plain Python.

Builds one participant per person per project from the participation rows (entry on or before
as_of), flags every CO/CR/NA_/PENDING_ code per participant and counts them for men, women and
total, per calendar year (outputs and NA_ in the year of the first entry; results and
PENDING_CR06 in the year of the final leaving) and cumulatively, in the layout of
export/esf_indicators.csv (interface.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from tests.reference.outcomes import has_status, in_education, is_employed
from tests.reference.rules import ONE_DAY, add_months, age_on
from tests.reference.services import EsfRow, Inputs, unemployment_spells

OUTPUTS = (
    "TOTAL",
    "CO01",
    "CO02",
    "CO03",
    "CO04",
    "CO05",
    "CO06",
    "CO07",
    "CO08",
    "CO09",
    "CO10",
    "CO11",
    "CO15",
    "CO16",
    "CO17",
    "CO18",
    "CO19",
    "NA_CO15",
    "NA_CO16",
    "NA_CO17",
)
RESULTS = ("CR01", "CR02", "CR03", "CR04", "CR05", "CR06", "CR08", "CR09", "PENDING_CR06")
NOT_AVAILABLE = "CR07"
RECORDED = {
    "TYOLLINEN": "employment",
    "YRITTAJA": "self_employment",
    "KOULUTUS": "education",
    "TYONHAKU": "job_searching",
    "ULKOPUOLELLA": "outside",
}
ALL_STATUSES = frozenset({"00", "01", "02", "03", "04", "05", "07", "08", "09"})


@dataclass
class Participant:
    person: str
    project: str
    sex: str
    entry: dt.date
    leaving: dt.date | None  # set only when the participant has left
    codes: set[str] = field(default_factory=set)


def _order(row: EsfRow) -> tuple[object, ...]:
    """Entry date, then leaving date (empty last), then row number."""
    return (row.entry, row.leaving is None, row.leaving or dt.date.min, row.row_number)


def situation_upon_leaving(inputs: Inputs, person: str, last: EsfRow, leaving: dt.date) -> str:
    recorded = last.fields["situation_recorded"]
    if recorded in RECORDED:
        return RECORDED[recorded]  # type: ignore[index]
    window = [leaving + ONE_DAY * k for k in range(29)]
    if any(is_employed(inputs, person, d) for d in window):
        return "employment"
    if any(in_education(inputs, person, d) for d in window):
        return "education"
    if any(has_status(inputs, person, ALL_STATUSES, d) for d in window):
        return "job_searching"
    return "unknown"


def participants(inputs: Inputs) -> list[Participant]:
    spells = unemployment_spells(inputs)
    grouped: dict[tuple[str, str], list[EsfRow]] = defaultdict(list)
    for row in inputs.esf_rows:
        grouped[(row.person, row.project)].append(row)
    found: list[Participant] = []
    for (person, project), rows in grouped.items():
        rows.sort(key=_order)
        first, last = rows[0], rows[-1]
        has_left = all(r.leaving is not None and r.leaving <= inputs.as_of for r in rows)
        p = Participant(person, project, first.sex, first.entry, last.leaving if has_left else None)
        p.codes.add("TOTAL")
        found.append(p)
        f = first.fields
        status = f["labour_market_status"]
        level = f["education_level"]
        if status is None or level is None or not 0 <= level <= 8:  # type: ignore[operator]
            continue
        age = age_on(first.birth_date, first.entry)
        day_before = first.entry - ONE_DAY
        since = add_months(first.entry, -12 if age >= 25 else -6)
        long_term = status == "TYOTON" and any(
            s.first_day <= day_before <= s.last_day and s.first_day <= since
            for s in spells.get(person, [])
        )
        flags = {
            "CO01": status == "TYOTON",
            "CO02": long_term,
            "CO03": status in ("OPISKELIJA", "ULKOPUOLELLA"),
            "CO04": status == "ULKOPUOLELLA",
            "CO05": status == "TYOLLINEN",
            "CO06": age < 25,
            "CO07": age > 54,
            "CO08": age > 54 and status in ("TYOTON", "ULKOPUOLELLA"),
            "CO09": level in (0, 1, 2),
            "CO10": level in (3, 4),
            "CO11": 5 <= level <= 8,  # type: ignore[operator]
            "CO15": f["minority"] == "K",
            "CO16": f["disability"] == "K",
            "CO17": f["other_disadvantage"] == "K",
            "CO18": f["homeless"] == "K",
            "CO19": f["rural"] == "K",
            "NA_CO15": f["minority"] in ("EOS", None),
            "NA_CO16": f["disability"] in ("EOS", None),
            "NA_CO17": f["other_disadvantage"] in ("EOS", None),
        }
        disadvantaged = any(flags[c] for c in ("CO15", "CO16", "CO17", "CO18"))
        if p.leaving is not None:
            upon = situation_upon_leaving(inputs, person, last, p.leaving)
            flags["CR01"] = flags["CO03"] and upon == "job_searching"
            flags["CR02"] = upon == "education"
            flags["CR03"] = last.fields["qualification"] == "K"
            flags["CR04"] = upon in ("employment", "self_employment")
            flags["CR05"] = disadvantaged and any(
                flags[c] for c in ("CR01", "CR02", "CR03", "CR04")
            )
            six = add_months(p.leaving, 6)
            due = six <= inputs.as_of
            flags["CR06"] = due and is_employed(inputs, person, six)
            flags["CR08"] = flags["CR06"] and age > 54
            flags["CR09"] = flags["CR06"] and disadvantaged
            flags["PENDING_CR06"] = not due
        p.codes.update(code for code, on in flags.items() if on)
    return found


def esf_indicators(
    inputs: Inputs, names: dict[str, str], not_available_note: str
) -> dict[tuple[str, str, str], dict[str, object]]:
    """Rows keyed (project_code, indicator_code, period) with the export's other columns."""
    counts: dict[tuple[str, str, str], dict[str, int]] = defaultdict(
        lambda: {"men": 0, "women": 0, "total": 0}
    )
    for p in participants(inputs):
        column = "men" if p.sex == "male" else "women"
        for code in p.codes:
            year = p.entry.year if code in OUTPUTS else p.leaving.year  # type: ignore[union-attr]
            for period in (str(year), "cumulative"):
                cell = counts[(p.project, code, period)]
                cell[column] += 1
                cell["total"] += 1
    rows: dict[tuple[str, str, str], dict[str, object]] = {}
    for project, (start, _end) in inputs.projects.items():
        periods = [str(y) for y in range(start.year, inputs.as_of.year + 1)] + ["cumulative"]
        for code in (*OUTPUTS, *RESULTS, NOT_AVAILABLE):
            for period in periods:
                if code == NOT_AVAILABLE:
                    values: dict[str, object] = {
                        "men": None,
                        "women": None,
                        "total": None,
                        "status": "not_available",
                        "note": not_available_note,
                    }
                else:
                    cell = counts.get((project, code, period), {"men": 0, "women": 0, "total": 0})
                    values = {**cell, "status": "ok", "note": ""}
                rows[(project, code, period)] = {"indicator_name": names[code], **values}
    return rows
