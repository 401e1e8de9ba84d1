"""The one place that knows the marts' column names, and tolerant readers over them.

Each mart maps the *logical* names the report uses to candidate column names in the warehouse
(first one present wins), so a renamed column is reconciled here and nowhere else. A mart that
is missing, or lacks a required column, reads as ``None`` and its report section says "not
available in this run" instead of failing the run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from askel.warehouse.export_columns import EXPORT_COLUMNS

SCHEMA = "marts"


@dataclass(frozen=True)
class MartSpec:
    columns: dict[str, tuple[str, ...]]  # logical name -> candidate column names
    required: tuple[str, ...]


MARTS: dict[str, MartSpec] = {
    "esf_indicators": MartSpec({c: (c,) for c in EXPORT_COLUMNS}, EXPORT_COLUMNS),
    "monthly_flows": MartSpec(
        {
            "month": ("month", "month_start"),
            "reference_day": ("reference_day",),
            "municipality_code": ("municipality_code", "municipality"),
            "unemployed_end": ("unemployed_end",),
            "inflow": ("inflow",),
            "outflow": ("outflow",),
            "outflow_employment": ("outflow_employment",),
            "outflow_services": ("outflow_services",),
            "outflow_education": ("outflow_education",),
            "outflow_outside_labour_force": ("outflow_outside_labour_force", "outflow_outside"),
            "outflow_other": ("outflow_other",),
            "long_term_unemployed_end": ("long_term_unemployed_end",),
            "repeatedly_unemployed_end": ("repeatedly_unemployed_end",),
            "returned_from_services_end": ("returned_from_services_end",),
            "in_services_end": ("in_services_end",),
            "structural_unemployment_end": ("structural_unemployment_end",),
            "activation_rate": ("activation_rate",),
        },
        ("month", "municipality_code", "unemployed_end", "inflow", "outflow"),
    ),
    "unemployment_durations_summary": MartSpec(
        {
            "start_year": ("start_year",),
            "breakdown": ("breakdown",),
            "group_value": ("group_value", "group"),
            "spells": ("spells",),
            "censored_spells": ("censored_spells", "censored"),
            "survival_3m": ("survival_3m",),
            "survival_6m": ("survival_6m",),
            "survival_12m": ("survival_12m",),
            "survival_24m": ("survival_24m",),
            "median_duration_days": ("median_duration_days", "median_days"),
        },
        ("start_year", "breakdown", "group_value", "spells", "survival_12m"),
    ),
    "service_gaps_summary": MartSpec(
        {
            "gap_end_year": ("gap_end_year", "end_year", "year"),
            "scope": ("scope",),
            "gaps": ("gaps",),
            "gaps_within_14_days": ("gaps_within_14_days", "within_14_days"),
            "share": ("share", "share_within_14_days"),
        },
        ("gap_end_year", "scope", "gaps", "gaps_within_14_days"),
    ),
    "service_process": MartSpec(
        {
            "episodes": ("episodes", "episode_count", "service_episodes"),
            "organisations": ("organisations", "organisation_count", "distinct_organisations"),
            "service_codes": ("service_codes", "distinct_service_codes", "service_code_count"),
            "days_in_episodes": ("days_in_episodes", "total_days_in_episodes", "episode_days"),
            "gaps": ("gaps", "gap_count"),
        },
        ("episodes", "organisations"),
    ),
    "service_outcomes_summary": MartSpec(
        {
            "source": ("source",),
            "service_code": ("service_code", "palvelu"),
            "end_year": ("end_year",),
            "horizon_months": ("horizon_months", "horizon"),
            "situation": ("situation",),
            "episodes": ("episodes",),
            "evaluated": ("evaluated",),
            "count": ("count", "n", "situation_count"),
            "share": ("share",),
            "wilson_low": ("wilson_low",),
            "wilson_high": ("wilson_high",),
        },
        ("source", "service_code", "horizon_months", "situation", "evaluated", "count"),
    ),
    "municipal_subsidy_cost": MartSpec(
        {
            "month": ("month", "billing_month"),
            "municipality_code": ("municipality_code", "kunta"),
            "euros_billed": ("euros_billed", "euros"),
            "persons_50": ("persons_50", "persons_50_pct"),
            "persons_70": ("persons_70", "persons_70_pct"),
            "persons_crossing_300": ("persons_crossing_300",),
            "persons_crossing_1000": ("persons_crossing_1000",),
        },
        ("month", "municipality_code", "euros_billed"),
    ),
}


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str] | None:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [SCHEMA, table],
    ).fetchall()
    return [r[0] for r in rows] or None


def read_mart(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]] | None:
    """Rows of ``marts.<name>`` keyed by logical name, or None when it cannot be read.

    Optional columns that are absent read as None in every row.
    """
    spec = MARTS[name]
    present = _columns_of(con, name)
    if present is None:
        return None
    lower = {c.lower(): c for c in present}
    chosen: dict[str, str | None] = {}
    for logical, candidates in spec.columns.items():
        chosen[logical] = next((lower[c] for c in candidates if c in lower), None)
    if any(chosen[r] is None for r in spec.required):
        return None
    names = [k for k, v in chosen.items() if v is not None]
    select = ", ".join(f'"{chosen[k]}"' for k in names)
    try:
        rows = con.execute(f'select {select} from {SCHEMA}."{name}"').fetchall()
    except duckdb.Error:
        return None
    out = []
    for row in rows:
        record: dict[str, Any] = dict.fromkeys(spec.columns)
        record.update(zip(names, row, strict=True))
        out.append(record)
    return out


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
