"""From the warehouse's forecast inputs to the projection's rows (the body of the dbt Python
model `int_forecast_projection`; plain column dicts in and out, so it is testable without dbt).

Inputs, as `fetchnumpy()` gives them: `int_forecast_origins`, `int_forecast_stock`,
`int_forecast_transitions` and `marts.monthly_flows` (inflow, long-term and structural
unemployment per month and area). Output: one row per origin, area, month after the origin's
month (1..6) and measure, with the expected value and the 80 % interval.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from askel.forecast.projection import (
    _ELAPSED,
    MAX_ELAPSED,
    MEASURES,
    WINDOW_MONTHS,
    Rates,
    Stock,
    Timing,
    Window,
    estimate_rates,
    forecast_inflow,
    project,
    rest_change_sd,
    seed_for,
)

Columns = Mapping[str, np.ndarray]
ALL = "ALL"


def _days(values: np.ndarray) -> np.ndarray:
    """Dates as DuckDB hands them over (datetime64 or date objects) -> datetime64[D]."""
    return np.asarray(values).astype("datetime64[D]")


def _month_numbers(values: np.ndarray) -> np.ndarray:
    """Dates -> year * 12 + month - 1."""
    return _days(values).astype("datetime64[M]").astype(np.int64) + 1970 * 12


def _month_dates(numbers: np.ndarray) -> np.ndarray:
    return (np.asarray(numbers) - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")


def _window(transitions: Columns, area: str, last_complete: int) -> Window:
    months = _month_numbers(transitions["month"])
    keep = (
        (transitions["municipality_code"] == area)
        & (months > last_complete - WINDOW_MONTHS)
        & (months <= last_complete)
    )
    rows = months[keep]
    unique, row = np.unique(rows, return_inverse=True)
    column = np.clip(transitions["elapsed_months"][keep], -1, MAX_ELAPSED) + 1
    at_risk = np.zeros((len(unique), _ELAPSED))
    exits = np.zeros((len(unique), _ELAPSED))
    np.add.at(at_risk, (row, column), transitions["at_risk"][keep])
    np.add.at(exits, (row, column), transitions["exits"][keep])
    return Window(unique, at_risk, exits)


def _stock(stock: Columns, origin: np.datetime64, area: str, origin_month: int) -> Stock:
    """The area's cohorts in a fixed order (elapsed, long-term, crossing month): the
    simulation draws cohort by cohort, so the order the table is read in must not matter."""
    keep = np.flatnonzero((_days(stock["origin"]) == origin) & (stock["municipality_code"] == area))
    crossing = _month_numbers(stock["crossing_month"][keep]) - origin_month
    elapsed = stock["elapsed_months"][keep].astype(np.int64)
    keep = keep[np.lexsort((crossing, stock["long_term_at_origin"][keep], elapsed))]
    spells = stock["spells"][keep].astype(np.int64)
    return Stock(
        elapsed=stock["elapsed_months"][keep].astype(np.int64),
        crossing=_month_numbers(stock["crossing_month"][keep]) - origin_month,
        spells=spells,
        crossing_share=stock["crossing_share_sum"][keep] / np.maximum(spells, 1),
        crossed_by_cut=stock["crossed_by_as_of"][keep] / np.maximum(spells, 1),
    )


def _series(flows: Columns, area: str, column: str, last: int) -> dict[int, float]:
    months = _month_numbers(flows["month"])
    keep = (flows["municipality_code"] == area) & (months <= last)
    return dict(zip(months[keep].tolist(), flows[column][keep].astype(float).tolist(), strict=True))


def project_origins(
    origins: Columns, stock: Columns, transitions: Columns, flows: Columns
) -> pl.DataFrame:
    """Every origin x area (ALL first: its exit rates are the municipalities' prior)."""
    areas = [ALL, *sorted(set(flows["municipality_code"].tolist()) - {ALL})]
    blocks: list[dict[str, np.ndarray]] = []
    for i in range(len(origins["origin"])):
        origin = _days(origins["origin"][i : i + 1])[0]
        origin_month = int(_month_numbers(origins["origin_month"][i : i + 1])[0])
        last_complete = int(_month_numbers(origins["last_complete_month"][i : i + 1])[0])
        timing = Timing(
            origin_month,
            float(origins["remaining_share"][i]),
            int(origins["last_horizon_months"][i]),
            float(origins["last_month_share"][i]),
        )
        ordinal = int(origin.astype(np.int64))
        prior: Rates | None = None
        for area in areas:
            rates = estimate_rates(_window(transitions, area, last_complete), prior)
            if area == ALL:
                prior = rates
            inflow = forecast_inflow(
                _series(flows, area, "inflow", last_complete), last_complete, origin_month
            )
            structural = _series(flows, area, "structural_unemployment_end", origin_month)
            long_term = _series(flows, area, "long_term_unemployed_end", origin_month)
            rest = {m: structural[m] - long_term[m] for m in structural}
            result = project(
                _stock(stock, origin, area, origin_month),
                rates,
                inflow,
                rest.get(origin_month, 0.0),
                rest_change_sd(rest, last_complete),
                timing,
                seed_for(ordinal, area),
            )
            steps = timing.last_step
            size = steps * len(MEASURES)
            blocks.append(
                {
                    "origin": np.full(size, origin),
                    "is_backtest": np.full(size, bool(origins["is_backtest"][i])),
                    "municipality_code": np.full(size, area),
                    "month": np.repeat(
                        _month_dates(origin_month + np.arange(1, steps + 1)), len(MEASURES)
                    ),
                    "horizon_months": np.repeat(np.arange(1, steps + 1), len(MEASURES)),
                    "measure": np.tile(np.array(MEASURES), steps),
                    "forecast": np.round(result.forecast[:steps].ravel(), 1),
                    "forecast_low": result.low[:steps].ravel().astype(np.int64),
                    "forecast_high": result.high[:steps].ravel().astype(np.int64),
                }
            )
    columns = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]} if blocks else {}
    return pl.DataFrame(
        columns or None,
        schema={
            "origin": pl.Date,
            "is_backtest": pl.Boolean,
            "municipality_code": pl.Utf8,
            "month": pl.Date,
            "horizon_months": pl.Int32,
            "measure": pl.Utf8,
            "forecast": pl.Float64,
            "forecast_low": pl.Int64,
            "forecast_high": pl.Int64,
        },
    )
