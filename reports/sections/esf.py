"""ESF indicators by year (indicators.md §6): participants by year of entry (chart) and, per
project, every indicator by year with the cumulative men, women and total."""

from __future__ import annotations

from reports import charts
from reports.model import Chart, Section, Table
from reports.sections.context import ReportContext
from reports.sections.esf_grid import esf_grid, indicator_label

KEY = "esf"


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    mart = ctx.mart("esf_indicators")
    if not mart:
        return ctx.unavailable(KEY)
    section = Section(KEY, t("esf"), t("esf_def"))
    bars: dict[str, dict[str, int | None]] = {}
    all_years: set[str] = set()
    for p in ctx.projects():
        code = str(p["code"])
        grid = esf_grid(ctx, code)
        if grid is None:
            continue
        codes, years, prot, names = grid
        all_years.update(years)
        if "TOTAL" in codes:
            i = codes.index("TOTAL")
            bars[code] = {y: prot.shown(i, j) for j, y in enumerate(years)}
        na = {
            str(r["indicator_code"])
            for r in mart
            if r["project_code"] == code and r["status"] == "not_available"
        }
        rows = []
        for i, ind in enumerate(codes):
            label = indicator_label(ctx, ind, names)
            if ind in na:
                rows.append([f"{label} ({t('esf_na')})", *(["–"] * (len(years) + 3))])
            else:
                rows.append([label, *(prot.text(t, i, j) for j in range(len(years) + 3))])
        section.tables.append(
            Table(
                ctx.project_label(p),
                [
                    t("indicator"),
                    *years,
                    f"{t('men')} ({t('cumulative')})",
                    f"{t('women')} ({t('cumulative')})",
                    f"{t('total')} ({t('cumulative')})",
                ],
                rows,
                [False] + [True] * (len(years) + 3),
                total_rows={codes.index("TOTAL")} if "TOTAL" in codes else set(),
            )
        )
    years = sorted(all_years)
    if bars and years:
        section.charts.insert(
            0,
            Chart(
                charts.grouped_bars(
                    years, {c: [b.get(y) for y in years] for c, b in bars.items()}, ctx.lang
                ),
                t("esf_chart"),
            ),
        )
    return section
