"""Independent reference of indicators.md §5 (service outcomes), in plain Python.

A person's situation on day D is the first that holds of employment (employed, sources.md),
unemployed (02/03 covers D), services (an active-measure te/kunta row or a 07 period covers D),
education (08, or a TVK/OMA/OSA row, covers D), outside_or_unknown: the spec's order, kept even
though an education-type service that is also an active measure therefore reads as `services`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from tests.reference.rules import EDUCATION_SERVICES, EMPLOYED, UNEMPLOYED, add_months
from tests.reference.services import Inputs

Z = 1.959964
SITUATIONS = ("employment", "unemployed", "services", "education", "outside_or_unknown")
HORIZONS = (3, 6)


def _covers(start: dt.date, end: dt.date, day: dt.date) -> bool:
    return start <= day <= end


def is_employed(inputs: Inputs, person: str, day: dt.date) -> bool:
    """sources.md: an Incomes Register relationship covers D; or a 00/01/04/09 period covers D;
    or D is after the last day of a registration that ended AT/YR and before the first day of
    the person's next jobseeker period (any status), or up to as_of when there is none."""
    if day > inputs.as_of:
        return False
    if any(_covers(a, b, day) for a, b in inputs.employments.get(person, [])):
        return True
    periods = inputs.periods.get(person, [])
    if any(p.status in EMPLOYED and _covers(p.start, p.end, day) for p in periods):
        return True
    for p in periods:
        if p.end_reason in ("AT", "YR") and p.end < day:
            following = [q.start for q in periods if q.start > p.end]
            if not following or day < min(following):
                return True
    return False


def has_status(inputs: Inputs, person: str, statuses: frozenset[str], day: dt.date) -> bool:
    return any(
        p.status in statuses and _covers(p.start, p.end, day)
        for p in inputs.periods.get(person, [])
    )


def in_services(inputs: Inputs, person: str, day: dt.date) -> bool:
    """§1: an active-measure te/kunta row or a 07 period covers D."""
    return has_status(inputs, person, frozenset({"07"}), day) or any(
        r.is_active_measure and _covers(r.start, r.end, day)
        for r in inputs.services.get(person, [])
    )


def in_education(inputs: Inputs, person: str, day: dt.date) -> bool:
    """§5/§6: status 08, or a TVK/OMA/OSA row, covers D."""
    return has_status(inputs, person, frozenset({"08"}), day) or any(
        r.code in EDUCATION_SERVICES and _covers(r.start, r.end, day)
        for r in inputs.services.get(person, [])
    )


def situation(inputs: Inputs, person: str, day: dt.date) -> str | None:
    """The first situation that holds on D, None while D is after as_of."""
    if day > inputs.as_of:
        return None
    if is_employed(inputs, person, day):
        return "employment"
    if has_status(inputs, person, UNEMPLOYED, day):
        return "unemployed"
    if in_services(inputs, person, day):
        return "services"
    if in_education(inputs, person, day):
        return "education"
    return "outside_or_unknown"


def wilson(count: int, n: int) -> tuple[float, float]:
    p = count / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return centre - half, centre + half


def service_outcomes(inputs: Inputs) -> dict[str, dict[str, object]]:
    """One row per te/kunta row whose end date is set and on or before as_of."""
    rows: dict[str, dict[str, object]] = {}
    for person, services in inputs.services.items():
        for r in services:
            if r.raw_end is None or r.raw_end > inputs.as_of:
                continue
            out: dict[str, object] = {
                "source": r.source,
                "organisation": r.organisation,
                "person_id": person,
                "service_code": r.code,
                "start_date": r.start,
                "end_date": r.raw_end,
                "end_year": r.raw_end.year,
            }
            for months in HORIZONS:
                day = add_months(r.raw_end, months)
                out[f"day_{months}m"] = day
                out[f"situation_{months}m"] = situation(inputs, person, day)
            rows[r.row_id] = out
    return rows


def service_outcomes_summary(
    outcomes: dict[str, dict[str, object]],
) -> dict[tuple[str, str, int, int, str], dict[str, object]]:
    """Per source, code, end year, horizon and situation: episodes, evaluated, count, share and
    the Wilson 95 % interval (every situation listed, zeros included)."""
    groups: dict[tuple[str, str, int, int], list[str | None]] = defaultdict(list)
    for row in outcomes.values():
        for months in HORIZONS:
            key = (row["source"], row["service_code"], row["end_year"], months)
            groups[key].append(row[f"situation_{months}m"])  # type: ignore[arg-type]
    summary: dict[tuple[str, str, int, int, str], dict[str, object]] = {}
    for key, values in groups.items():
        evaluated = sum(v is not None for v in values)
        for name in SITUATIONS:
            count = sum(v == name for v in values)
            low, high = wilson(count, evaluated) if evaluated else (None, None)
            summary[(*key, name)] = {
                "episodes": len(values),
                "evaluated": evaluated,
                "count": count,
                "share": count / evaluated if evaluated else None,
                "wilson_low": low,
                "wilson_high": high,
            }
    return summary
