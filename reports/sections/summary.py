"""Summary: the area's stocks at the end of the latest month, and each project's participants
against its target with its key results (CR04, CR02, CR06, cumulative)."""

from __future__ import annotations

from reports import charts
from reports.model import Chart, Kpi, Section, Table
from reports.sections.context import ReportContext
from reports.sections.esf_grid import esf_grid
from reports.sections.flow_grid import F, activation, flows_all

KEY = "summary"


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    section = Section(KEY, t("summary"), t("summary_def"))
    flows = flows_all(ctx)
    if flows:
        months, grid = flows
        last = len(months) - 1
        suffix = f"{t('month_end')} {t.month(months[last])}"
        for col, key in (
            ("unemployed_end", "unemployed"),
            ("long_term_unemployed_end", "long_term_unemployed"),
            ("structural_unemployment_end", "structural_unemployment"),
            ("in_services_end", "in_services"),
        ):
            section.kpis.append(Kpi(t(key), grid.text(t, last, F[col]), suffix))
        section.kpis.append(Kpi(t("activation_rate"), activation(ctx, grid, last), suffix))
    if ctx.mart("esf_indicators"):
        header = [
            t("project"),
            t("participants"),
            t("target"),
            t("of_target"),
            t("leavers_employed"),
            t("leavers_education"),
            t("employed_6m"),
        ]
        rows, bars = [], []
        for p in ctx.projects():
            code = str(p["code"])
            grid = esf_grid(ctx, code)
            if grid is None:
                continue
            codes, years, prot, _ = grid
            total_col = len(years) + 2

            def cell(
                ind: str, codes=codes, prot=prot, total_col=total_col
            ) -> tuple[str, int | None]:
                if ind not in codes:
                    return "–", None
                i = codes.index(ind)
                return prot.text(t, i, total_col), prot.shown(i, total_col)

            participants, shown = cell("TOTAL")
            target = p.get("target_participants")
            pct = "–"
            if target and shown is not None:
                pct = t.percent(shown / int(target), 0)
            elif target and shown is None:
                pct = "<5"
            rows.append(
                [
                    f"{code} {p.get('lead', '')}".strip(),
                    participants,
                    t.integer(int(target)) if target else t("no_target"),
                    pct,
                    cell("CR04")[0],
                    cell("CR02")[0],
                    cell("CR06")[0],
                ]
            )
            bars.append((code, shown, int(target) if target else None))
        if rows:
            section.tables.append(
                Table(
                    f"{t('participants')}, {t('cumulative')}",
                    header,
                    rows,
                    [False, True, True, True, True, True, True],
                )
            )
            section.charts.append(
                Chart(
                    charts.progress_chart(
                        bars,
                        {"target": t("target"), "participants": t("participants")},
                        ctx.lang,
                    ),
                    t("participants"),
                )
            )
    if not section.kpis and not section.tables:
        section.available = False
    return section
