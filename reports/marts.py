"""The marts the reports read, the columns they read from each, and one reader over them.

Three outcomes, kept apart on purpose:

- the mart has rows: they are returned, keyed by column name;
- the mart is legitimately absent: no such table in the warehouse (a warehouse built before the
  mart existed, or a partial test warehouse) or a table with no rows (Kela's data are optional:
  `municipal_subsidy_cost` is empty until kela/ is delivered). :func:`read_mart` returns
  ``None`` or ``[]`` and the section says "not available in this run";
- the mart is broken: the table is there but lacks a column the report reads, or reading it
  fails. :class:`MartBroken` is raised and the run stops; a broken mart is never rendered as
  "not available".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from askel.warehouse.marts_schema import (
    EXPORT_COLUMNS,
    MONTHLY_FLOWS_COLUMNS,
    SERVICE_EFFECTS_COLUMNS,
)
from reports.errors import MartBroken

SCHEMA = "marts"


#: mart -> the columns the reports read from it (indicators.md / interface.md names); a list
#: the quality checks name too is imported from askel/warehouse/marts_schema.py
MART_COLUMNS: dict[str, tuple[str, ...]] = {
    "esf_indicators": EXPORT_COLUMNS,
    "monthly_flows": tuple(MONTHLY_FLOWS_COLUMNS),
    "unemployment_durations_summary": (
        "start_year",
        "breakdown",
        "group_value",
        "spells",
        "censored_spells",
        "survival_3m",
        "survival_6m",
        "survival_12m",
        "survival_24m",
        "median_duration_days",
    ),
    "service_gaps_summary": ("gap_end_year", "scope", "gaps", "gaps_within_14_days", "share"),
    "service_process": ("episodes", "organisations"),
    "service_outcomes_summary": (
        "source",
        "service_code",
        "end_year",
        "horizon_months",
        "situation",
        "episodes",
        "evaluated",
        "count",
        "share",
        "wilson_low",
        "wilson_high",
    ),
    "structural_forecast": (
        "month",
        "municipality_code",
        "unemployed_end",
        "unemployed_end_low",
        "unemployed_end_high",
        "long_term_unemployed_end",
        "long_term_unemployed_end_low",
        "long_term_unemployed_end_high",
        "new_long_term_unemployed",
        "new_long_term_unemployed_low",
        "new_long_term_unemployed_high",
        "structural_unemployment_end",
        "structural_unemployment_end_low",
        "structural_unemployment_end_high",
    ),
    "structural_forecast_accuracy": (
        "municipality_code",
        "measure",
        "horizon_months",
        "cases",
        "mae_forecast",
        "mae_naive_last",
        "mae_naive_seasonal",
        "interval_coverage",
        "mean_actual",
    ),
    "service_effects": SERVICE_EFFECTS_COLUMNS,
    "municipal_subsidy_cost": (
        "month",
        "municipality_code",
        "euros_billed",
        "persons_50",
        "persons_70",
        "persons_crossing_300",
        "persons_crossing_1000",
    ),
}


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [SCHEMA, table],
    ).fetchall()
    return [r[0] for r in rows]


def read_mart(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]] | None:
    """Rows of ``marts.<name>`` (the columns of :data:`MART_COLUMNS`), ``None`` when the table
    does not exist; :class:`MartBroken` when it exists but cannot be read."""
    columns = MART_COLUMNS[name]
    present = {c.lower() for c in _columns_of(con, name)}
    if not present:
        return None
    missing = [c for c in columns if c not in present]
    if missing:
        raise MartBroken(
            f"The mart {SCHEMA}.{name} lacks the column(s) {', '.join(missing)} that the "
            "report reads; rebuild the warehouse with this version of askel."
        )
    select = ", ".join(f'"{c}"' for c in columns)
    try:
        rows = con.execute(f'select {select} from {SCHEMA}."{name}"').fetchall()
    except duckdb.Error as exc:
        raise MartBroken(f"Reading the mart {SCHEMA}.{name} failed: {exc}") from exc
    return [dict(zip(columns, row, strict=True)) for row in rows]


def as_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def as_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
