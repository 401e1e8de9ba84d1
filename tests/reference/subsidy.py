"""Reference implementation of indicators.md §7 (`marts.municipal_subsidy_cost` and the
early-warning list `marts.subsidy_early_warning`), in plain Python with exact fractions.

Reading of the spec (sources.md: kela files are monthly, billing months up to the month of
as_of): per billing month and municipality billed, the euros billed, the persons with a row at
50 % and at 70 %; a person's pace is the mean of their maksetut_paivat (summed over the rows of
a month) over their last 3 billing months up to and including this one; they will cross
threshold T within 3 months when kertyneet_paivat (the month's largest) < T <= kertyneet + 3 *
pace. Rows: every billing month present x every municipality billed or configured.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import duckdb

THRESHOLDS = (300, 1000)


def _person_months(
    rows: list[tuple[str, str, dt.date, int, int, int, Decimal]],
) -> dict[tuple[str, dt.date], tuple[int, Fraction]]:
    """(person, month) -> (cumulative days at month end, pace over the last 3 billing months)."""
    paid: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    cumulative: dict[tuple[str, dt.date], int] = {}
    for pid, _, month, paid_days, cum, _, _ in rows:
        paid[pid][month] += paid_days
        cumulative[(pid, month)] = max(cumulative.get((pid, month), cum), cum)
    out = {}
    for pid, by_month in paid.items():
        ordered = sorted(by_month)
        for i, month in enumerate(ordered):
            last3 = ordered[max(0, i - 2) : i + 1]
            pace = Fraction(sum(by_month[m] for m in last3), len(last3))
            out[(pid, month)] = (cumulative[(pid, month)], pace)
    return out


def load_kela(
    con: duckdb.DuckDBPyConnection, as_of: dt.date
) -> list[tuple[str, str, dt.date, int, int, int, Decimal]]:
    rows = con.sql(
        "select person_id, municipality_code, billing_month, paid_days, cumulative_days,"
        " share_pct, euros_billed from staging.stg_kela__municipal_share"
    ).fetchall()
    return [r for r in rows if r[2] <= as_of.replace(day=1)]


def municipal_subsidy_cost(
    con: duckdb.DuckDBPyConnection, as_of: dt.date
) -> tuple[dict[tuple[dt.date, str], dict[str, object]], dict[tuple[str, dt.date, str], dict]]:
    """Returns (cost rows keyed by (month, municipality), early-warning rows keyed by
    (person, month, municipality))."""
    rows = load_kela(con, as_of)
    configured = {
        r[0]
        for r in con.sql(
            "select municipality_code from staging.stg_config__municipalities"
        ).fetchall()
    }
    months = sorted({r[2] for r in rows})
    codes = sorted({r[1] for r in rows} | configured) if rows else []
    person_months = _person_months(rows)

    euros: dict[tuple[dt.date, str], Decimal] = defaultdict(Decimal)
    billed: dict[tuple[dt.date, str], set[str]] = defaultdict(set)
    at_pct: dict[tuple[dt.date, str, int], set[str]] = defaultdict(set)
    for pid, code, month, _, _, pct, eur in rows:
        euros[(month, code)] += eur
        billed[(month, code)].add(pid)
        at_pct[(month, code, pct)].add(pid)

    warnings: dict[tuple[str, dt.date, str], dict] = {}
    crossing: dict[tuple[dt.date, str, int], int] = defaultdict(int)
    for (month, code), pids in billed.items():
        for pid in pids:
            cum, pace = person_months[(pid, month)]
            projected = cum + 3 * pace
            cross = {t: cum < t <= projected for t in THRESHOLDS}
            for t in THRESHOLDS:
                crossing[(month, code, t)] += cross[t]
            if any(cross.values()):
                warnings[(pid, month, code)] = {
                    "cumulative_days": cum,
                    "pace_days_per_month": float(pace),
                    "projected_days_in_3_months": float(projected),
                    "will_cross_300": cross[300],
                    "will_cross_1000": cross[1000],
                }

    cost = {}
    for month in months:
        for code in codes:
            cost[(month, code)] = {
                "euros_billed": euros[(month, code)],
                "persons_billed": len(billed[(month, code)]),
                "persons_50": len(at_pct[(month, code, 50)]),
                "persons_70": len(at_pct[(month, code, 70)]),
                "persons_crossing_300": crossing[(month, code, 300)],
                "persons_crossing_1000": crossing[(month, code, 1000)],
            }
    return cost, warnings
