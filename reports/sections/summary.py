"""Summary: the area's stocks at the end of the latest month; each project's participants and
key results (CR04, CR02, CR06, cumulative); progress against the project plan's targets.

Targets come from the configuration (`[projects.targets]` in askel.toml: indicator code =
cumulative target; `target_participants` = `targets.TOTAL`). Progress is the cumulative total
against the target; it is hidden like the count it is computed from (a known target would give a
hidden count back). The share of the project period elapsed on `as_of` is given beside it, so a
reader can judge whether the project is on track.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reports import charts
from reports.model import Chart, Kpi, Section, Table
from reports.sections.context import ReportContext
from reports.sections.esf_grid import EsfGrid, esf_grid, indicator_label
from reports.sections.flow_grid import F, activation, flows_all

KEY = "summary"
#: the key results of the overview table
KEY_RESULTS = (("CR04", "leavers_employed"), ("CR02", "leavers_education"), ("CR06", "employed_6m"))


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
        _projects(ctx, section)
    if not section.kpis and not section.tables:
        section.available = False
    return section


def targets_of(project: dict[str, Any]) -> dict[str, int]:
    """The project's targets by indicator code (TOTAL = participants)."""
    targets = dict(project.get("targets") or {})
    if project.get("target_participants") and "TOTAL" not in targets:
        targets["TOTAL"] = int(project["target_participants"])
    return targets


def _achieved(ctx: ReportContext, grid: EsfGrid, code: str, target: int | None):
    """(cumulative total as text, the value when shown, progress against `target` as text)."""
    t = ctx.t
    codes, years, prot, _ = grid
    col = len(years) + 2
    if code not in codes or prot.values[codes.index(code)][col] is None:
        return "–", None, "–"
    i = codes.index(code)
    text, shown = prot.text(t, i, col), prot.shown(i, col)
    if not target:
        return text, shown, "–"
    return text, shown, (text if shown is None else t.percent(shown / target, 0))


def _projects(ctx: ReportContext, section: Section) -> None:
    t = ctx.t
    overview, progress, bars, elapsed = [], [], [], []
    for p in ctx.projects():
        grid = esf_grid(ctx, str(p["code"]))
        if grid is None:
            continue
        label = ctx.project_label(p)
        targets = targets_of(p)
        participants, shown, pct = _achieved(ctx, grid, "TOTAL", targets.get("TOTAL"))
        overview.append(
            [
                label,
                participants,
                t.integer(targets["TOTAL"]) if "TOTAL" in targets else t("no_target"),
                pct,
                *(_achieved(ctx, grid, code, None)[0] for code, _ in KEY_RESULTS),
            ]
        )
        bars.append((str(p["code"]), shown, targets.get("TOTAL")))
        for code, target in targets.items():
            achieved, _, pct = _achieved(ctx, grid, code, target)
            name = indicator_label(ctx, code, {code: grid[3].get(code, "")})
            progress.append([label, name, t.integer(target), achieved, pct])
        share = _elapsed(ctx.as_of, p.get("start"), p.get("end"))
        if share is not None:
            elapsed.append(f"{p['code']} {t.percent(share, 0)}")
    if not overview:
        return
    section.tables.append(
        Table(
            f"{t('participants')}, {t('cumulative')}",
            [
                t("project"),
                t("participants"),
                t("target"),
                t("of_target"),
                *(t(key) for _, key in KEY_RESULTS),
            ],
            overview,
            [False, True, True, True, True, True, True],
            note="" if progress else t("targets_howto"),
        )
    )
    if progress:
        section.tables.append(
            Table(
                t("targets_table"),
                [t("project"), t("indicator"), t("target"), t("achieved"), t("of_target")],
                progress,
                [False, False, True, True, True],
                note=t("period_elapsed", items=", ".join(elapsed)) if elapsed else "",
            )
        )
    section.charts.append(
        Chart(
            charts.progress_chart(
                bars, {"target": t("target"), "participants": t("participants")}, ctx.lang
            ),
            t("participants"),
        )
    )


def _elapsed(as_of: dt.date | None, start: Any, end: Any) -> float | None:
    """Share of the project period (first to last day) that has passed on `as_of`."""
    if as_of is None or not start or not end:
        return None
    first, last = dt.date.fromisoformat(str(start)), dt.date.fromisoformat(str(end))
    days = (last - first).days + 1
    if days <= 0:
        return None
    return min(1.0, max(0.0, ((as_of - first).days + 1) / days))
