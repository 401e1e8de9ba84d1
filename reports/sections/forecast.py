"""Anticipated flows (indicators.md §10): the forecast after the history, with its 80 %
prediction interval, for the whole area and each municipality; the expected new long-term
unemployed of the next months; and how far the forecast and the two naive ones missed in the
backtest, stated plainly.

Choices where the spec is silent:
- The charts show the last 24 months of history (the monthly_flows values that passed
  disclosure control: the all-area grid of the flows section, and per measure a municipality
  x month grid whose total row is ALL, as the flows section's municipality table) and the six
  forecast months.
- Disclosure control (§8) on forecasts: an expected value is rounded to whole persons; a value
  or an interval bound of 1-4 shows as <5, and a chart leaves out a forecast month with any of
  them. Forecasts are estimates made area by area (they do not add up to ALL), so no total
  relation applies to them. A mean absolute error is shown as <5 when the actual values it is
  computed from average fewer than 5 persons.
- The backtest table is the whole area's (marts.structural_forecast_accuracy has every
  municipality's); the errors are in persons, rounded to whole persons.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reports import charts
from reports.disclosure import is_small, line_relations
from reports.marts import as_date, as_int
from reports.model import Chart, Kpi, Protected, Section, Table
from reports.sections.context import ALL, ReportContext
from reports.sections.flow_grid import F, flow_rows, flows_all

KEY = "forecast"

#: the stock measures drawn and tabulated, with their i18n keys (label, in a sentence)
STOCKS = (
    ("unemployed_end", "unemployed"),
    ("structural_unemployment_end", "structural_unemployment"),
    ("long_term_unemployed_end", "long_term_unemployed"),
)
SENTENCE = {
    "unemployed_end": "unemployed_sentence",
    "structural_unemployment_end": "structural_sentence",
    "long_term_unemployed_end": "long_term_sentence",
}
NEW_LONG_TERM = "new_long_term_unemployed"
METHODS = (
    ("mae_forecast", "forecast_method"),
    ("mae_naive_last", "naive_last"),
    ("mae_naive_seasonal", "naive_seasonal"),
)
HORIZONS = (1, 3, 6)
HISTORY_MONTHS = 24


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    rows = ctx.mart("structural_forecast")
    if not rows:
        return ctx.unavailable(KEY)
    section = Section(KEY, t(KEY), t("forecast_def"))
    by_area: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (str(r["municipality_code"]), r["month"])):
        by_area.setdefault(str(r["municipality_code"]), []).append(r)
    areas = [a for a in (ALL, *sorted(a for a in by_area if a != ALL)) if a in by_area]
    accuracy = ctx.mart("structural_forecast_accuracy") or []

    section.kpis.extend(_kpis(ctx, by_area.get(ALL, []), accuracy))
    history = _history(ctx, areas)
    for area in areas:
        months, series = history.get(area, ([], {}))
        ahead = [as_date(r["month"]) for r in by_area[area]]
        fan = {t(key): [_shown_point(r, measure) for r in by_area[area]] for measure, key in STOCKS}
        section.charts.append(
            Chart(
                charts.forecast_fan(months, series, ahead, fan, ctx.municipality(area), ctx.lang),
                f"{t(KEY)}: {ctx.municipality(area)}",
            )
        )
    section.tables.append(_new_long_term_table(ctx, areas, by_area))
    for area in areas:
        section.tables.append(
            Table(
                f"{t('forecast_table')}: {ctx.municipality(area)}",
                [t("month"), *(h for _, key in STOCKS for h in _interval_header(ctx, t(key)))],
                [
                    [
                        t.month(as_date(r["month"])),
                        *(c for m, _ in STOCKS for c in _interval_cells(ctx, r, m)),
                    ]
                    for r in by_area[area]
                ],
                [False] + [True] * 3 * len(STOCKS),
                note=t("interval_note"),
            )
        )
    backtest = _backtest_table(ctx, accuracy)
    if backtest:
        section.tables.append(backtest)
    return section


def _rounded(value: Any) -> int | None:
    """An expected value or bound as whole persons (half up)."""
    return None if value is None else int(float(value) + 0.5)


def _count_text(ctx: ReportContext, n: int | None) -> str:
    if n is None:
        return "–"
    return "<5" if is_small(n) else ctx.t.integer(n)


def _interval_cells(ctx: ReportContext, row: dict[str, Any] | None, measure: str) -> list[str]:
    """Expected value, interval low, interval high: one cell each, so that a table's marks
    (<5) are whole cells its key explains."""
    if row is None:
        return ["–", "–", "–"]
    return [_count_text(ctx, _rounded(row[measure + s])) for s in ("", "_low", "_high")]


def _interval_header(ctx: ReportContext, label: str) -> list[str]:
    return [label, ctx.t("interval_low"), ctx.t("interval_high")]


def _shown_point(row: dict[str, Any], measure: str) -> tuple[float, float, float] | None:
    """(expected, low, high) for a chart, or None when any of them is 1-4 persons."""
    values = [row[measure + s] for s in ("", "_low", "_high")]
    if any(v is None or is_small(_rounded(v)) for v in values):
        return None
    return float(values[0]), float(values[1]), float(values[2])


def _history(
    ctx: ReportContext, areas: list[str]
) -> dict[str, tuple[list[dt.date], dict[str, list[int | None]]]]:
    """The last 24 months of each stock measure per area, values that passed disclosure
    control only (hidden = None)."""
    t = ctx.t
    out: dict[str, tuple[list[dt.date], dict[str, list[int | None]]]] = {}
    grid = flows_all(ctx)
    if not grid:
        return out
    all_months, protected = grid
    first = max(0, len(all_months) - HISTORY_MONTHS)
    months = all_months[first:]
    out[ALL] = (
        months,
        {
            t(key): [protected.shown(i, F[m]) for i in range(first, len(all_months))]
            for m, key in STOCKS
        },
    )
    local = [a for a in areas if a != ALL]
    if not local:
        return out
    index = {m: i for i, m in enumerate(months)}
    cells: dict[tuple[str, int], dict[str, Any]] = {}
    for r in flow_rows(ctx) or []:
        month = as_date(r["month"])
        if str(r["municipality_code"]) in local and month in index:
            cells[(str(r["municipality_code"]), index[month])] = r
    series: dict[str, dict[str, list[int | None]]] = {a: {} for a in local}
    for measure, key in STOCKS:
        # municipalities x months, ALL's (already protected) values as the total row
        values = [
            [
                as_int(cells[(a, j)][measure]) if (a, j) in cells else None
                for j in range(len(months))
            ]
            for a in local
        ]
        values.append([protected.values[first + j][F[measure]] for j in range(len(months))])
        preset = [
            (len(local), j) for j in range(len(months)) if protected.hidden(first + j, F[measure])
        ]
        grid_m = Protected.of(
            values, line_relations(len(values), len(months), total_row=len(local)), preset=preset
        )
        for i, a in enumerate(local):
            series[a][t(key)] = [grid_m.shown(i, j) for j in range(len(months))]
    for a in local:
        out[a] = (months, series[a])
    return out


def _new_long_term_table(
    ctx: ReportContext, areas: list[str], by_area: dict[str, list[dict[str, Any]]]
) -> Table:
    t = ctx.t
    months = [as_date(r["month"]) for r in by_area[areas[0]]]
    rows = []
    for i, month in enumerate(months):
        cells = []
        for area in areas:
            area_rows = by_area[area]
            row = area_rows[i] if i < len(area_rows) else None
            cells += _interval_cells(ctx, row, NEW_LONG_TERM)
        rows.append([t.month(month), *cells])
    return Table(
        t("new_long_term_table"),
        [t("month"), *(h for a in areas for h in _interval_header(ctx, ctx.municipality(a)))],
        rows,
        [False] + [True] * 3 * len(areas),
        note=t("interval_note"),
    )


def _kpis(
    ctx: ReportContext, rows: list[dict[str, Any]], accuracy: list[dict[str, Any]]
) -> list[Kpi]:
    t = ctx.t
    if not rows:
        return []
    first, last = rows[0], rows[-1]
    out = [
        Kpi(
            t("new_long_term_next_month"),
            _count_text(ctx, _rounded(first[NEW_LONG_TERM])),
            f"{t.month(as_date(first['month']))}, {t('interval_80')} "
            f"{_count_text(ctx, _rounded(first[NEW_LONG_TERM + '_low']))}\u2013"
            f"{_count_text(ctx, _rounded(first[NEW_LONG_TERM + '_high']))}",
        ),
        Kpi(
            t("long_term_in_six"),
            _count_text(ctx, _rounded(last["long_term_unemployed_end"])),
            f"{t.month(as_date(last['month']))}, {t('interval_80')} "
            f"{_count_text(ctx, _rounded(last['long_term_unemployed_end_low']))}\u2013"
            f"{_count_text(ctx, _rounded(last['long_term_unemployed_end_high']))}",
        ),
    ]
    lt3 = _accuracy_row(accuracy, ALL, "long_term_unemployed_end", 3)
    if lt3:
        out.append(
            Kpi(
                t("missed_3_months"),
                _error_text(ctx, lt3, "mae_forecast"),
                t(
                    "naive_missed",
                    last=_error_text(ctx, lt3, "mae_naive_last"),
                    seasonal=_error_text(ctx, lt3, "mae_naive_seasonal"),
                ),
            )
        )
    return out


def _accuracy_row(
    accuracy: list[dict[str, Any]], area: str, measure: str, horizon: int
) -> dict[str, Any] | None:
    return next(
        (
            r
            for r in accuracy
            if str(r["municipality_code"]) == area
            and r["measure"] == measure
            and int(r["horizon_months"]) == horizon
        ),
        None,
    )


def _error_text(ctx: ReportContext, row: dict[str, Any], column: str) -> str:
    """A mean absolute error in whole persons; <5 when the actual values average under 5."""
    if row[column] is None:
        return "–"
    if row["mean_actual"] is None or float(row["mean_actual"]) < 5:
        return "<5"
    return ctx.t.integer(_rounded(row[column]) or 0)


def _backtest_table(ctx: ReportContext, accuracy: list[dict[str, Any]]) -> Table | None:
    t = ctx.t
    rows, sentences = [], []
    for measure, key in reversed(STOCKS):
        found = {h: _accuracy_row(accuracy, ALL, measure, h) for h in HORIZONS}
        if not any(found.values()):
            continue
        for column, method in METHODS:
            rows.append(
                [
                    t(key),
                    t(method),
                    *(_error_text(ctx, found[h], column) if found[h] else "–" for h in HORIZONS),
                ]
            )
        coverage = [
            t.percent(float(found[h]["interval_coverage"]), 0)
            if found[h] and found[h]["interval_coverage"] is not None
            else "–"
            for h in HORIZONS
        ]
        rows.append([t(key), t("interval_held"), *coverage])
        three = found[3]
        if three:
            sentences.append(
                t(
                    "missed_sentence",
                    measure=t(SENTENCE[measure]),
                    forecast=_error_text(ctx, three, "mae_forecast"),
                    last=_error_text(ctx, three, "mae_naive_last"),
                    seasonal=_error_text(ctx, three, "mae_naive_seasonal"),
                    cases=int(three["cases"]),
                )
            )
    if not rows:
        return None
    return Table(
        t("backtest_table"),
        [t("measure"), t("method"), *(t("months_ahead", n=h) for h in HORIZONS)],
        rows,
        [False, False, True, True, True],
        note=" ".join(sentences),
    )
