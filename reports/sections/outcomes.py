"""Outcomes of services (indicators.md §5): situation 3 and 6 months after a service ended.

Choices where the spec is silent: outcomes pool all end years per source and service; the Wilson
interval of a pooled share is recomputed with the same z (1.959964). Relation for complementary
suppression: the situations sum to the evaluated episodes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reports import charts
from reports.disclosure import line_relations
from reports.marts import as_int
from reports.model import Chart, Protected, Section, Table, share_text
from reports.sections.context import ReportContext
from reports.sections.shared import wilson
from reports.service_names import service_name

KEY = "outcomes"
SITUATIONS = ("employment", "unemployed", "services", "education", "outside_or_unknown")


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    rows = ctx.mart("service_outcomes_summary")
    if not rows:
        return ctx.unavailable(KEY)
    section = Section(KEY, t("outcomes"), t("outcomes_def"))
    evaluated: dict[tuple, dict[Any, int]] = defaultdict(dict)
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        key = (str(r["source"]), str(r["service_code"]), int(r["horizon_months"]))
        evaluated[key][r["end_year"]] = as_int(r["evaluated"]) or 0
        counts[key][str(r["situation"])] += as_int(r["count"]) or 0
    for horizon in sorted({k[2] for k in evaluated}):
        keys = sorted(
            (k for k in evaluated if k[2] == horizon),
            key=lambda k: (-sum(evaluated[k].values()), k[0], k[1]),
        )
        values = [
            [*(counts[k].get(s, 0) for s in SITUATIONS), sum(evaluated[k].values())] for k in keys
        ]
        prot = Protected.of(values, line_relations(len(values), 6, total_col=5))
        table_rows, labels, shares, lows, highs = [], [], [], [], []
        for i, k in enumerate(keys):
            n, e = values[i][5], values[i][0]
            hidden = prot.hidden(i, 0) or prot.hidden(i, 5)
            share = e / n if n else None
            ci = wilson(e, n) if n else None
            text = share_text(t, share, n, hidden)
            ci_text = (
                text
                if text in ("<5", "–")
                else (f"{t.percent(ci[0])}–{t.percent(ci[1])}" if ci else "–")
            )
            label = service_label(ctx, k[0], k[1])
            table_rows.append(
                [
                    label,
                    prot.text(t, i, 5),
                    *(prot.text(t, i, j) for j in range(5)),
                    text,
                    ci_text,
                ]
            )
            if text not in ("<5", "–") and len(labels) < 15:
                labels.append(label)
                shares.append(share)
                lows.append(ci[0] if ci else None)
                highs.append(ci[1] if ci else None)
        if horizon == 6 and labels:
            section.charts.append(
                Chart(charts.interval_chart(labels, shares, lows, highs), t("outcomes_chart"))
            )
        section.tables.append(
            Table(
                t("horizon_n", n=horizon),
                [
                    t("service"),
                    t("evaluated"),
                    *(t(f"sit_{s}") for s in SITUATIONS),
                    t("employed_share"),
                    t("ci95"),
                ],
                table_rows,
                [False] + [True] * 8,
            )
        )
    return section


def service_label(ctx: ReportContext, source: str, code: str) -> str:
    """`TVK työvoimakoulutus (TE)`: code, name and the source that provides it."""
    name = service_name(source, code, ctx.lang)
    where = ctx.t.maybe("src_" + source.split("/")[0], source)
    return f"{code} {name} ({where})" if name else f"{code} ({where})"
