"""Data quality: GX Core 1.x suites and cross-source reconciliations (issue 6).

Pure functions of a DuckDB connection returning a :class:`CheckOutcome`; the Dagster asset
checks in `pipelines/checks/quality.py` are thin wrappers around them.

    from quality import evaluate, ALL_CHECKS
    outcome = evaluate(con, "monthly_flows_stock_flow_identity")
"""

from quality.outcome import CheckOutcome
from quality.registry import ALL_CHECKS, BY_NAME, QualityCheck, evaluate, evaluate_all, steps

__all__ = [
    "ALL_CHECKS",
    "BY_NAME",
    "CheckOutcome",
    "QualityCheck",
    "evaluate",
    "evaluate_all",
    "steps",
]
