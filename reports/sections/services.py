"""Service paths and gaps (indicators.md §4): share of gaps of at most 14 days by the year the
gap ends (all, and crossing organisations), and customers by number of episodes and
organisations.

Choice where the spec is silent: gaps are shown from the year the extracts begin (2019); an
earlier gap end year holds only gaps between services both still going on in 2019's extract
scope, a biased remnant.
"""

from __future__ import annotations

from typing import Any

from reports import charts
from reports.disclosure import line_relations
from reports.marts import as_int
from reports.model import Chart, Protected, Section, Table, share_text
from reports.sections.context import EXTRACT_SCOPE_START, ReportContext

KEY = "services"
SCOPES = ("all", "cross_organisation")


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    gaps = ctx.mart("service_gaps_summary")
    process = ctx.mart("service_process")
    if not gaps and not process:
        return ctx.unavailable(KEY)
    section = Section(KEY, t("services"), t("services_def"))
    if gaps:
        _gaps(ctx, section, gaps)
    if process:
        section.tables.append(_customers(ctx, process))
    return section


def _gaps(ctx: ReportContext, section: Section, gaps: list[dict[str, Any]]) -> None:
    t = ctx.t
    years = sorted({int(r["gap_end_year"]) for r in gaps} - set(range(EXTRACT_SCOPE_START.year)))
    by = {(int(r["gap_end_year"]), str(r["scope"])): r for r in gaps}
    values = []
    for y in years:
        line = []
        for scope in SCOPES:
            r = by.get((y, scope))
            line += [
                as_int(r["gaps"]) if r else None,
                as_int(r["gaps_within_14_days"]) if r else None,
            ]
        values.append(line)
    prot = Protected.of(values)
    table_rows: list[list[str]] = []
    shares: dict[str, list[float | None]] = {s: [] for s in SCOPES}
    for k, scope in enumerate(SCOPES):
        for i, y in enumerate(years):
            g, w = values[i][2 * k], values[i][2 * k + 1]
            if g is None:
                shares[scope].append(None)
                continue
            share = (w / g) if g and w is not None else None
            text = share_text(t, share, g, prot.hidden(i, 2 * k + 1))
            shares[scope].append(share if text not in ("<5", "–") else None)
            table_rows.append(
                [
                    str(y),
                    t(f"scope_{scope}"),
                    prot.text(t, i, 2 * k),
                    prot.text(t, i, 2 * k + 1),
                    text,
                ]
            )
    section.charts.append(
        Chart(
            charts.grouped_bars(
                [str(y) for y in years],
                {t(f"scope_{s}"): shares[s] for s in SCOPES},
                ctx.lang,
                share=True,
            ),
            t("share_within_14"),
        )
    )
    section.tables.append(
        Table(
            t("services"),
            [t("year"), t("scope"), t("gaps"), t("gaps_within_14"), t("share_within_14")],
            table_rows,
            [False, False, True, True, True],
            note=t(
                "gaps_note",
                start=EXTRACT_SCOPE_START.year,
                start_date=t.date(EXTRACT_SCOPE_START),
            ),
        )
    )


def _customers(ctx: ReportContext, process: list[dict[str, Any]]) -> Table:
    t = ctx.t
    buckets = ("0", "1", "2", "3", "4", "5–9", "10+")

    def bucket(n: int) -> int:
        return n if n <= 4 else (5 if n <= 9 else 6)

    counts = [[0, 0, 0] for _ in buckets]
    for r in process:
        episodes = as_int(r["episodes"]) or 0
        orgs = min(as_int(r["organisations"]) or 0, 2)
        counts[bucket(episodes)][orgs] += 1
    used = [i for i, row in enumerate(counts) if any(row)]
    values: list[list[int | None]] = [[*counts[i], sum(counts[i])] for i in used]
    values.append([sum(v[j] for v in values) for j in range(4)])
    prot = Protected.of(
        values, line_relations(len(values), 4, total_row=len(values) - 1, total_col=3)
    )
    labels = [t("n_episode" if buckets[i] == "1" else "n_episodes", n=buckets[i]) for i in used] + [
        t("total")
    ]
    return Table(
        t("customers_table"),
        [t("episodes"), t("no_org"), t("one_org"), t("two_orgs"), t("total")],
        [[labels[i], *(prot.text(t, i, j) for j in range(4))] for i in range(len(values))],
        [False, True, True, True, True],
        total_rows={len(values) - 1},
    )
