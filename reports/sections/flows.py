"""Unemployment stocks and flows (indicators.md §2): chart of stocks and flows, the monthly flow
and stock tables of the whole area, and the latest month by municipality.

The municipality table shows the latest month with the all-area row as its total row (a
conservative relation: complementary suppression treats it as the sum of the municipalities;
cells already hidden in the all-area grid stay hidden).
"""

from __future__ import annotations

import datetime as dt

from askel.warehouse.marts_schema import OUTFLOW_SPLITS
from reports import charts
from reports.disclosure import line_relations
from reports.marts import as_date, as_int
from reports.model import Chart, Protected, Section, Table
from reports.sections.context import ALL, ReportContext
from reports.sections.flow_grid import F, activation, flow_rows, flows_all
from reports.sections.shared import activation_text

KEY = "flows"


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    flows = flows_all(ctx)
    if not flows:
        return ctx.unavailable(KEY)
    months, grid = flows
    section = Section(KEY, t("flows"), t("flows_def") + " " + t("activation_def"))
    n = len(months)
    stock_cols = (
        "unemployed_end",
        "long_term_unemployed_end",
        "structural_unemployment_end",
        "in_services_end",
    )
    stock_keys = (
        "unemployed",
        "long_term_unemployed",
        "structural_unemployment",
        "in_services",
    )
    section.charts.append(
        Chart(
            charts.flows_chart(
                months,
                {
                    t(k): [grid.shown(i, F[c]) for i in range(n)]
                    for c, k in zip(stock_cols, stock_keys, strict=True)
                },
                {
                    t("inflow"): [grid.shown(i, F["inflow"]) for i in range(n)],
                    t("outflow"): [grid.shown(i, F["outflow"]) for i in range(n)],
                },
                ctx.lang,
            ),
            t("flows"),
        )
    )
    flow_cols = ("unemployed_end", "inflow", "outflow", *OUTFLOW_SPLITS)
    section.tables.append(
        Table(
            t("flows_table"),
            [t("month"), t("unemployed"), *(t(c) for c in flow_cols[1:])],
            [[t.month(months[i]), *(grid.text(t, i, F[c]) for c in flow_cols)] for i in range(n)],
            [False] + [True] * len(flow_cols),
        )
    )
    stock_table_cols = (
        "unemployed_end",
        "long_term_unemployed_end",
        "repeatedly_unemployed_end",
        "returned_from_services_end",
        "in_services_end",
        "structural_unemployment_end",
    )
    section.tables.append(
        Table(
            t("stocks_table"),
            [
                t("month"),
                t("unemployed"),
                t("long_term_unemployed"),
                t("repeatedly_unemployed"),
                t("returned_from_services"),
                t("in_services"),
                t("structural_unemployment"),
                t("activation_rate"),
            ],
            [
                [
                    t.month(months[i]),
                    *(grid.text(t, i, F[c]) for c in stock_table_cols),
                    activation(ctx, grid, i),
                ]
                for i in range(n)
            ],
            [False] + [True] * 7,
        )
    )
    by_mun = _by_municipality(ctx, months[-1], grid)
    if by_mun:
        section.tables.append(by_mun)
    return section


def _by_municipality(ctx: ReportContext, month: dt.date, area: Protected) -> Table | None:
    t = ctx.t
    rows = [r for r in flow_rows(ctx) or [] if as_date(r["month"]) == month]
    local = sorted(
        (r for r in rows if str(r["municipality_code"]) != ALL),
        key=lambda r: str(r["municipality_code"]),
    )
    if not local:
        return None
    cols = (
        "unemployed_end",
        "inflow",
        "outflow",
        "long_term_unemployed_end",
        "structural_unemployment_end",
        "in_services_end",
    )
    values = [[as_int(r[c]) for c in cols] for r in local]
    last = len(area.values) - 1
    values.append([area.values[last][F[c]] for c in cols])
    preset = [(len(local), j) for j, c in enumerate(cols) if area.hidden(last, F[c])]
    prot = Protected.of(
        values, line_relations(len(values), len(cols), total_row=len(local)), preset=preset
    )
    labels = [ctx.municipality(r["municipality_code"]) for r in local] + [t("all_area")]
    out = []
    for i, label in enumerate(labels):
        rate = activation_text(
            t, values[i][0], values[i][5], prot.hidden(i, 0) or prot.hidden(i, 5)
        )
        out.append([label, *(prot.text(t, i, j) for j in range(len(cols))), rate])
    return Table(
        f"{t('by_municipality')} ({t.month(month)})",
        [
            t("municipality"),
            t("unemployed"),
            t("inflow"),
            t("outflow"),
            t("long_term_unemployed"),
            t("structural_unemployment"),
            t("in_services"),
            t("activation_rate"),
        ],
        out,
        [False] + [True] * 7,
        total_rows={len(local)},
    )
