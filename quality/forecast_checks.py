"""Check of the forecast (indicators.md §10): is it worth reading?

The backtest (`marts.structural_forecast_backtest`, summarised in
`marts.structural_forecast_accuracy`) puts the method next to two naive forecasts on the last 12
month ends. The method is published as the better guess; when it missed by more
than either naive forecast three months ahead, readers should know and the method needs a look.
Judged on ALL (a municipality's few persons make its backtest noisy; the report shows them), on
the cases where both naive forecasts exist, measure by measure.
"""

from __future__ import annotations

import duckdb

from quality.mart_checks import _missing, _zero_violations
from quality.outcome import CheckOutcome
from quality.sql import relation_exists

ACCURACY = "marts.structural_forecast_accuracy"
HORIZON = 3


def evaluate_forecast_beats_naive(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Mean absolute error 3 months ahead (ALL), per measure: forecast <= each naive one."""
    if not relation_exists(con, "marts", "structural_forecast_accuracy"):
        return _missing(ACCURACY)
    sql = f"""
        select measure, cases, mae_forecast, mae_naive_last, mae_naive_seasonal
        from {ACCURACY}
        where municipality_code = 'ALL' and horizon_months = {HORIZON}"""
    outcome = _zero_violations(
        con,
        f"{ACCURACY}.beats_naive",
        sql,
        {
            "worse_than_naive_last": "mae_forecast > mae_naive_last",
            "worse_than_naive_seasonal": "mae_forecast > mae_naive_seasonal",
        },
        ("measure", "cases", "mae_forecast", "mae_naive_last", "mae_naive_seasonal"),
    )
    worse = sorted({e["measure"] for e in outcome.examples})
    outcome.summary = (
        f"the forecast missed by more than a naive forecast 3 months ahead for {', '.join(worse)}"
        if worse
        else f"the forecast beat both naive forecasts 3 months ahead on "
        f"{outcome.counts['rows_checked']} measures"
    )
    return outcome
