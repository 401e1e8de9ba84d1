"""Every data-quality check of the run: name, asset, severity and the reason for it.

Severity rule: **blocking** when a violation means a number the run publishes (funder export,
managers' report) would be wrong or could not be trusted; **warning** when the published
figures stay correct by their definitions but the input looks suspicious and deserves a look.
The reason is recorded next to each check (`why`) and shown in the quality report.

Checks are grouped into `step`s: one Dagster multi-asset check per step, so the checks of one
table share one connection and one scan. Raw-layer checks are attached to
`raw/snapshot_selection`: they read the rows of the selected snapshots, which exist only once
the run context is written, and a blocking check on `raw/<table>` itself could not wait for
that (the run context is downstream of every raw table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from askel.warehouse.raw_schema import REQUIRED_SOURCES
from quality import forecast_checks, mart_checks, raw_checks, reconciliations
from quality.outcome import CheckOutcome, Severity
from quality.suites import RAW_SUITES

Evaluate = Callable[[duckdb.DuckDBPyConnection, dict], CheckOutcome]

SELECTION = ("raw", "snapshot_selection")
FLOWS = ("marts", "monthly_flows")
ESF = ("marts", "esf_indicators")
FORECAST_ACCURACY = ("marts", "structural_forecast_accuracy")


@dataclass(frozen=True)
class QualityCheck:
    name: str
    asset: tuple[str, ...]
    severity: Severity
    description: str
    why: str
    step: str
    evaluate: Evaluate


def _raw(source: str, fn: Callable[..., CheckOutcome]) -> Evaluate:
    return lambda con, cache: fn(con, source, cache)


def _plain(fn: Callable[[duckdb.DuckDBPyConnection], CheckOutcome]) -> Evaluate:
    return lambda con, cache: fn(con)


WHY_INGEST_FAULT = (
    "ingestion quarantines such rows, so one found here means the raw layer is not what the "
    "contract says and every figure built on it is in doubt"
)


def _raw_checks() -> list[QualityCheck]:
    out: list[QualityCheck] = []
    for source, suite in RAW_SUITES.items():
        t = suite.table
        step = f"quality_{t}"

        def add(
            group: str,
            severity: Severity,
            description: str,
            why: str,
            fn: Callable[..., CheckOutcome],
            t: str = t,
            source: str = source,
            step: str = step,
        ) -> None:
            out.append(
                QualityCheck(
                    f"{t}_{group}",
                    SELECTION,
                    severity,
                    f"{source}: {description}",
                    why,
                    step,
                    _raw(source, fn),
                )
            )

        add(
            "columns_and_types",
            "blocking",
            "every column of the raw contract is present with its type.",
            "the models read these columns by name and type; a missing or retyped column "
            "changes what they compute",
            raw_checks.evaluate_columns_and_types,
        )
        add(
            "codes_in_lists",
            "blocking" if suite.codes_blocking else "warning",
            "code columns hold only the codes of sources.md (municipality codes 3 digits), "
            "required codes are never empty.",
            suite.codes_why,
            raw_checks.evaluate_codes,
        )
        add(
            "dates_in_order",
            "blocking",
            "no period ends before it starts"
            + (
                " and no entry precedes its project's start."
                if t == "esf_osallistujat"
                else " (Kela: each row's month is its file's billing month)."
                if t.startswith("kela")
                else "."
            ),
            WHY_INGEST_FAULT,
            raw_checks.evaluate_dates_in_order,
        )
        add(
            "dates_in_range",
            "warning",
            "dates and amounts are plausible (after birth, not after the extraction, inside "
            "the snapshot's scope).",
            "the models cut time at as_of and ignore what lies outside, so the figures stay "
            "as defined; odd values hint at a data-entry or extraction problem",
            raw_checks.evaluate_dates_in_range,
        )
        add(
            "rows_unique",
            "blocking",
            "each source row is in the warehouse once ((load_id, row_number) unique).",
            "a row loaded twice is counted twice in every figure",
            raw_checks.evaluate_rows_unique,
        )
        add(
            "natural_key_unique",
            "warning",
            f"the natural key ({', '.join(suite.natural_key)}) is unique.",
            "near-duplicates are legal by contract (overlaps are kept, the definitions merge "
            "them), so they do not change the figures, but many of them suggest a faulty extract",
            raw_checks.evaluate_natural_key,
        )
        add(
            "row_count_band",
            "warning",
            "the snapshot holds at least 70 % of the rows of the previous loaded snapshot "
            "(Kela: of the previous billing month).",
            "a smaller extract may be real (persons leave the scope); a person must judge it",
            raw_checks.evaluate_row_count_band,
        )
        if source in REQUIRED_SOURCES:
            add(
                "snapshot_not_shrunk",
                "blocking",
                "the snapshot in use holds rows, and at least half as many as the snapshot "
                "before it.",
                "a required register that lost more than half of its rows in a month (or all "
                "of them) is a broken extract, not a change in the area: every figure built "
                "on it would fall with it",
                raw_checks.evaluate_snapshot_not_shrunk,
            )
        add(
            "identity_code_validity",
            "warning",
            "at most 1 % of each file's rows have an invalid identity code.",
            "those rows are quarantined and listed in findings.csv, so the figures are right "
            "for the rows that passed; a high share points at a wrong or mangled extract",
            raw_checks.evaluate_identity_code_validity,
        )
    out.append(
        QualityCheck(
            "esf_osallistujat_complete_records",
            SELECTION,
            "warning",
            "esf/osallistujat: at least 80 % of each project's participants have a complete "
            "record (sex, age, labour-market status, education 0-8).",
            "incomplete participants are counted as the regulation says (in TOTAL only), so "
            "the export is right, but the funder expects complete records",
            "quality_esf_osallistujat",
            _raw("esf/osallistujat", raw_checks.evaluate_esf_complete_records),
        )
    )
    return out


def _cross_checks() -> list[QualityCheck]:
    step = "quality_cross_source"
    return [
        QualityCheck(
            "esf_unemployed_not_in_register",
            SELECTION,
            "warning",
            "At most 5 % of the ESF participants recorded unemployed at entry are missing "
            "from the jobseeker register.",
            "both sources are taken as they are (CO01 reads the form, CO02 the register); a "
            "high share suggests a mismatch of persons or an incomplete register extract",
            step,
            _plain(reconciliations.evaluate_esf_unemployed_not_in_register),
        ),
        QualityCheck(
            "services_before_first_registration",
            SELECTION,
            "warning",
            "No employment-administration service starts before the person's first "
            "jobseeker period (municipal services counted for information).",
            "the figures follow the rows as given; such rows suggest a register history that "
            "starts too late (e.g. a period before 2019 missing from the snapshot)",
            step,
            _plain(reconciliations.evaluate_services_before_registration),
        ),
    ]


def _mart_checks() -> list[QualityCheck]:
    flows, esf = "quality_monthly_flows", "quality_esf_indicators"
    published = "these are the published figures themselves"
    return [
        QualityCheck(
            "monthly_flows_columns_and_types",
            FLOWS,
            "blocking",
            "marts.monthly_flows has the columns of indicators.md §2 with integral counts.",
            published,
            flows,
            _plain(mart_checks.evaluate_monthly_flows_columns),
        ),
        QualityCheck(
            "monthly_flows_grid_complete",
            FLOWS,
            "blocking",
            "One row per month and area (each municipality and ALL), every month from the "
            "first month of data to the month of as_of; reference day = month end (as_of in "
            "its month).",
            "a missing or doubled month x area row is a missing or doubled published figure",
            flows,
            _plain(mart_checks.evaluate_monthly_flows_grid),
        ),
        QualityCheck(
            "monthly_flows_stock_flow_identity",
            FLOWS,
            "blocking",
            "unemployed_end(m) = unemployed_end(m-1) + inflow(m) - outflow(m) for every "
            "municipality and ALL; the first month's previous stock is 0.",
            "indicators.md §2 makes this identity a blocking data check",
            flows,
            _plain(mart_checks.evaluate_stock_flow_identity),
        ),
        QualityCheck(
            "monthly_flows_outflow_split",
            FLOWS,
            "blocking",
            "outflow_employment + _services + _education + _outside_labour_force + _other = "
            "outflow on every row.",
            "the split is published next to the outflow and must add up to it (indicators.md §2)",
            flows,
            _plain(mart_checks.evaluate_outflow_split),
        ),
        QualityCheck(
            "monthly_flows_values_consistent",
            FLOWS,
            "blocking",
            "No negative count; structural parts within the unemployed; activation rate as "
            "defined; no municipality above ALL.",
            published,
            flows,
            _plain(mart_checks.evaluate_monthly_flows_values),
        ),
        QualityCheck(
            "esf_indicators_columns_and_types",
            ESF,
            "blocking",
            "marts.esf_indicators has exactly the columns of export/esf_indicators.csv.",
            "the funder export is written from this table as it is",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_columns),
        ),
        QualityCheck(
            "esf_indicators_rows_complete",
            ESF,
            "blocking",
            "One row per configured project x indicator x period (each year from the "
            "project's start to as_of, and cumulative); known status; CR07 not available.",
            "the funder expects every indicator for every period (interface.md)",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_rows),
        ),
        QualityCheck(
            "esf_indicators_totals_add_up",
            ESF,
            "blocking",
            "total = men + women; cumulative = sum of the years; not_available rows empty.",
            "a total that does not add up would reach the funder",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_totals),
        ),
        QualityCheck(
            "esf_indicators_consistent",
            ESF,
            "blocking",
            "Nested and partitioning indicators agree (e.g. CO02 <= CO01, CO01+CO03+CO05 = "
            "CO09+CO10+CO11 = complete participants).",
            "the definitions make these hold exactly; a breach is a wrong funder number",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_consistency),
        ),
    ]


def _forecast_checks() -> list[QualityCheck]:
    return [
        QualityCheck(
            "structural_forecast_beats_naive",
            FORECAST_ACCURACY,
            "warning",
            "In the backtest of the last 12 month ends, the forecast's mean absolute error 3 "
            "months ahead (ALL) is not above either naive forecast's (last value; same month "
            "last year moved by the year's change), for each measure.",
            "the published figures stay exact, but the forecast is shown as the better guess: "
            "when a naive one did better, readers should know and the method needs a look",
            "quality_structural_forecast",
            _plain(forecast_checks.evaluate_forecast_beats_naive),
        ),
    ]


ALL_CHECKS: tuple[QualityCheck, ...] = (
    *_raw_checks(),
    *_cross_checks(),
    *_mart_checks(),
    *_forecast_checks(),
)
BY_NAME: dict[str, QualityCheck] = {c.name: c for c in ALL_CHECKS}


def steps() -> dict[str, list[QualityCheck]]:
    """step -> its checks, in registry order."""
    out: dict[str, list[QualityCheck]] = {}
    for c in ALL_CHECKS:
        out.setdefault(c.step, []).append(c)
    return out


def evaluate(con: duckdb.DuckDBPyConnection, name: str, cache: dict | None = None) -> CheckOutcome:
    """Run the check `name` on `con` (the pure function behind its Dagster asset check)."""
    return BY_NAME[name].evaluate(con, {} if cache is None else cache)


def evaluate_all(
    con: duckdb.DuckDBPyConnection, names: list[str] | None = None
) -> dict[str, CheckOutcome]:
    """Run several checks (default: all) sharing one cache; the lead's end-to-end helper."""
    cache: dict = {}
    return {n: evaluate(con, n, cache) for n in (names or list(BY_NAME))}


__all__ = ["ALL_CHECKS", "BY_NAME", "QualityCheck", "evaluate", "evaluate_all", "steps"]
