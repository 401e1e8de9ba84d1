"""Duration of unemployment (indicators.md §3): Kaplan–Meier shares still unemployed by start
year (chart and table), and the 12-month share by group.

Choices where the spec is silent:
- Only start years whose spells the data follow from their start: the extracts hold what was
  going on at or began after 2019-01-01 (sources.md), so a spell that began earlier is seen only
  if it was still going on then (left truncation: the mart's earlier years read near 100 %).
- A horizon is left empty for a start year when no spell of that year could have lasted that
  long by `as_of` (one begun on 1 January lasts at most `as_of` + 1 − 1 January days). The mart
  carries the estimate forward beyond the longest observed duration, as §3 says; the report does
  not show that carried value where nobody could have been followed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from reports import charts
from reports.i18n import GROUPS
from reports.marts import as_float, as_int
from reports.model import Chart, Protected, Section, Table, share_text
from reports.sections.context import EXTRACT_SCOPE_START, ReportContext

KEY = "durations"
#: mart column, days (indicators.md §3), column header key
HORIZONS = (
    ("survival_3m", 91, "still_3m"),
    ("survival_6m", 182, "still_6m"),
    ("survival_12m", 365, "still_12m"),
    ("survival_24m", 730, "still_24m"),
)
BREAKDOWN_ORDER = {"sex": 0, "age_band": 1, "municipality": 2, "education": 3}
#: group values in reading order (youngest first, lowest education first, unknown last)
VALUE_ORDER = {key: i for i, key in enumerate(GROUPS)}


def followed_from_start(year: int) -> bool:
    """Spells that began in `year` are in the data from their first day."""
    return dt.date(year, 1, 1) >= EXTRACT_SCOPE_START


def reachable(ctx: ReportContext, year: int, days: int) -> bool:
    """Some spell that began in `year` could have lasted `days` days by `as_of`."""
    if ctx.as_of is None:
        return True
    return (ctx.as_of + dt.timedelta(days=1) - dt.date(year, 1, 1)).days >= days


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    rows = ctx.mart("unemployment_durations_summary")
    rows = [r for r in rows or [] if followed_from_start(int(r["start_year"]))]
    if not rows:
        return ctx.unavailable(KEY)
    section = Section(KEY, t("durations"), t("durations_def"))
    overall = sorted(
        (r for r in rows if str(r["breakdown"]) == "all"), key=lambda r: int(r["start_year"])
    )
    values = [[as_int(r["spells"]), as_int(r["censored_spells"])] for r in overall]
    prot = Protected.of(values)
    series, table_rows = {}, []
    for i, r in enumerate(overall):
        year = int(r["start_year"])
        spells = values[i][0]
        few = spells is not None and 1 <= spells <= 4
        shares = [
            as_float(r[col]) if reachable(ctx, year, days) else None for col, days, _ in HORIZONS
        ]
        if not few:
            series[str(year)] = shares
        median = as_int(r["median_duration_days"])
        table_rows.append(
            [
                str(year),
                prot.text(t, i, 0),
                prot.text(t, i, 1),
                *(
                    share_text(t, s, spells) if reachable(ctx, year, days) else ""
                    for s, (_, days, _) in zip(shares, HORIZONS, strict=True)
                ),
                "<5" if few else ("–" if median is None else t.integer(median)),
            ]
        )
    if series:
        section.charts.append(
            Chart(
                charts.survival_chart(
                    series, {"x": t("months_since_start"), "y": t("share_unemployed")}
                ),
                t("durations"),
            )
        )
    note = t("durations_note", start=t.date(EXTRACT_SCOPE_START), as_of=t.date(ctx.as_of))
    section.tables.append(
        Table(
            t("durations"),
            [
                t("start_year"),
                t("spells"),
                t("censored"),
                *(t(key) for _, _, key in HORIZONS),
                t("median_days"),
            ],
            table_rows,
            [False] + [True] * 7,
            note=note,
        )
    )
    groups = [r for r in rows if str(r["breakdown"]) != "all"]
    if groups:
        section.tables.append(_groups_table(ctx, groups))
    return section


def _groups_table(ctx: ReportContext, groups: list[dict[str, Any]]) -> Table:
    t = ctx.t
    years = sorted({int(r["start_year"]) for r in groups})
    cells: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for r in groups:
        year = int(r["start_year"])
        cells[(str(r["breakdown"]), str(r["group_value"]))][year] = (
            share_text(t, as_float(r["survival_12m"]), as_int(r["spells"]))
            if reachable(ctx, year, 365)
            else ""
        )
    group_rows = []
    for bd, value in sorted(cells, key=_group_order):
        label = ctx.municipality(value) if bd == "municipality" else t.group(bd, value)
        group_rows.append(
            [
                t.maybe(f"bd_{bd}", bd),
                label,
                *(cells[(bd, value)].get(y, "–") if reachable(ctx, y, 365) else "" for y in years),
            ]
        )
    return Table(
        t("durations_groups"),
        [t("breakdown"), t("group"), *map(str, years)],
        group_rows,
        [False, False] + [True] * len(years),
        note=t("durations_groups_note"),
    )


def _group_order(key: tuple[str, str]) -> tuple[int, int, str]:
    breakdown, value = key
    return BREAKDOWN_ORDER.get(breakdown, 9), VALUE_ORDER.get(key, -1), value
