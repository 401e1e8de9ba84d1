"""The all-area monthly grid of `marts.monthly_flows`, protected once for every section that
shows it (summary KPIs, flows tables and chart, the municipality table's total row).

Choices where the spec is silent:
- Monthly tables use the all-area rows (`municipality_code = 'ALL'`).
- The extracts hold only what was going on at or began after 2019-01-01 (sources.md), so the
  mart's earlier months (from the start of the oldest period still going on then) are partial
  by construction: the report starts at the extract scope.
- Relations for complementary suppression: outflow = sum of its destinations; the stock–flow
  identity of consecutive months.
- A rate is hidden when any count it is computed from is hidden (the activation rate and a
  hidden `unemployed_end` would give that count back).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from askel.warehouse.marts_schema import MONTHLY_FLOWS_COUNTS, OUTFLOW_SPLITS
from reports.marts import as_date, as_int
from reports.model import Protected
from reports.sections.context import ALL, EXTRACT_SCOPE_START, ReportContext
from reports.sections.shared import activation_text

#: the counts of monthly_flows, in indicators.md §2's order
FLOW_COLUMNS = MONTHLY_FLOWS_COUNTS
F = {name: i for i, name in enumerate(FLOW_COLUMNS)}


def flow_rows(ctx: ReportContext) -> list[dict[str, Any]] | None:
    """Rows of monthly_flows from the extract scope on (every municipality and ALL)."""

    def compute() -> list[dict[str, Any]] | None:
        rows = ctx.mart("monthly_flows")
        if not rows:
            return rows
        return [r for r in rows if as_date(r["month"]) >= EXTRACT_SCOPE_START]

    return ctx.memo("flow_rows", compute)


def flows_all(ctx: ReportContext) -> tuple[list[dt.date], Protected] | None:
    """All-area monthly grid (months × FLOW_COLUMNS), protected once for every use."""
    return ctx.memo("flows_all", lambda: _flows_all(flow_rows(ctx)))


def _flows_all(rows: list[dict[str, Any]] | None) -> tuple[list[dt.date], Protected] | None:
    if not rows:
        return None
    area = sorted((r for r in rows if str(r["municipality_code"]) == ALL), key=lambda r: r["month"])
    if not area:
        return None
    months = [as_date(r["month"]) for r in area]
    values = [[as_int(r[c]) for c in FLOW_COLUMNS] for r in area]
    relations = []
    for i in range(len(area)):
        relations.append([(i, F[c]) for c in OUTFLOW_SPLITS] + [(i, F["outflow"])])
        if i > 0:
            relations.append(
                [
                    (i - 1, F["unemployed_end"]),
                    (i, F["inflow"]),
                    (i, F["outflow"]),
                    (i, F["unemployed_end"]),
                ]
            )
    return months, Protected.of(values, relations)


def activation(ctx: ReportContext, grid: Protected, r: int) -> str:
    """Activation rate (indicators.md §2) from the protected counts of row `r`."""
    return activation_text(
        ctx.t,
        grid.values[r][F["unemployed_end"]],
        grid.values[r][F["in_services_end"]],
        grid.hidden(r, F["unemployed_end"]) or grid.hidden(r, F["in_services_end"]),
    )
