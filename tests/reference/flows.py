"""Reference implementation of indicators.md §2 (`marts.monthly_flows`), in plain Python.

One row per month (first month of data .. month of as_of) and municipality (every code that
can be a spell's or a person's municipality, see `municipalities`) plus 'ALL', zeros
included. Unemployed counts use the spell's municipality, counts of persons in services the
person's municipality on E; a spell or person without one counts in 'ALL' only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from tests.reference.rules import ONE_DAY, add_months
from tests.reference.timelines import Person, first_day_of_data, month_end

COUNT_COLUMNS = (
    "unemployed_end",
    "inflow",
    "outflow",
    "outflow_employment",
    "outflow_services",
    "outflow_education",
    "outflow_outside_labour_force",
    "outflow_other",
    "long_term_unemployed_end",
    "repeatedly_unemployed_end",
    "returned_from_services_end",
    "in_services_end",
    "structural_unemployment_end",
)
COLUMNS = ("reference_day", *COUNT_COLUMNS, "activation_rate")


def months(first: dt.date, as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first day of month, reference day E) from the month of `first` to the month of as_of."""
    out = []
    month = first.replace(day=1)
    while month <= as_of:
        out.append((month, min(month_end(month), as_of)))
        month = add_months(month, 1)
    return out


def municipalities(persons: dict[str, Person]) -> set[str]:
    """Every non-empty kotikunta of a jobseeker period and kunta of a municipal service row (rows
    not ignored at as_of): the codes that can be a person's municipality.

    The spec's "every municipality that appears as a spell's or a person's municipality" could
    also be read more narrowly (codes that are some person's municipality on some day, or on a
    reference day E); the readings differ only for a code that is never anyone's municipality,
    e.g. the kunta of a service row of a person already registered as a jobseeker. The model's
    wider reading is kept (int_municipalities)."""
    codes = {q.municipality for p in persons.values() for q in p.periods}
    codes |= {s.municipality for p in persons.values() for s in p.services if s.source == "kunta"}
    codes |= {s.municipality for p in persons.values() for s in p.spells}
    return {c for c in codes if c is not None}


def activation_rate(in_services: int, unemployed: int) -> Decimal | None:
    denominator = unemployed + in_services
    if denominator == 0:
        return None
    # in_services * 100 / denominator, rounded half up to one decimal, in exact integers.
    tenths = (2 * in_services * 1000 + denominator) // (2 * denominator)
    return Decimal(tenths) / Decimal(10)


def _adder(counts: dict[str, Counter[str]]) -> Callable[[str | None, str], None]:
    """Count one person or spell in its municipality (when it has one) and in 'ALL'."""

    def add(code: str | None, column: str) -> None:
        if code is not None:
            counts[code][column] += 1
        counts["ALL"][column] += 1

    return add


def monthly_flows(
    persons: dict[str, Person], as_of: dt.date
) -> dict[tuple[dt.date, str], dict[str, object]]:
    first = first_day_of_data(persons)
    codes = [*sorted(municipalities(persons)), "ALL"]
    rows: dict[tuple[dt.date, str], dict[str, object]] = {}
    for month, ref_day in months(first, as_of):
        counts: dict[str, Counter[str]] = {c: Counter() for c in codes}
        add = _adder(counts)

        for p in persons.values():
            for spell in p.spells:
                if month <= spell.start <= ref_day:
                    add(spell.municipality, "inflow")
                if spell.exit_date is not None and month <= spell.exit_date <= ref_day:
                    add(spell.municipality, "outflow")
                    add(spell.municipality, f"outflow_{spell.destination}")
            spell = p.spell_on(ref_day)
            if spell is not None:
                add(spell.municipality, "unemployed_end")
                structural = None
                if p.is_long_term_on(ref_day):
                    structural = "long_term_unemployed_end"
                elif p.is_repeatedly_on(ref_day):
                    structural = "repeatedly_unemployed_end"
                else:
                    latest = p.latest_service_day_before(ref_day)
                    if latest is not None and latest >= add_months(ref_day, -3):
                        structural = "returned_from_services_end"
                if structural is not None:
                    add(spell.municipality, structural)
                    add(spell.municipality, "structural_unemployment_end")
                continue
            run = p.service_run_on(ref_day)
            if run is not None:
                code = p.municipality_on(ref_day)
                add(code, "in_services_end")
                before = run[0] - ONE_DAY
                if p.is_long_term_on(before) or p.is_repeatedly_on(before):
                    add(code, "structural_unemployment_end")
        for code in codes:
            row: dict[str, object] = {"reference_day": ref_day}
            row.update({c: counts[code][c] for c in COUNT_COLUMNS})
            row["activation_rate"] = activation_rate(
                counts[code]["in_services_end"], counts[code]["unemployed_end"]
            )
            rows[(month, code)] = row
    return rows
