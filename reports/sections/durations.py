"""Duration of unemployment (indicators.md §3): Kaplan–Meier shares still unemployed by start
year (chart and table), and the 12-month share by group."""

from __future__ import annotations

from collections import defaultdict

from reports import charts
from reports.marts import as_float, as_int
from reports.model import Chart, Protected, Section, Table, share_text
from reports.sections.context import ReportContext

KEY = "durations"
SURVIVAL = ("survival_3m", "survival_6m", "survival_12m", "survival_24m")


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    rows = ctx.mart("unemployment_durations_summary")
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
        spells = values[i][0]
        few = spells is not None and 1 <= spells <= 4
        shares = [as_float(r[k]) for k in SURVIVAL]
        if not few:
            series[str(r["start_year"])] = shares
        median = as_int(r["median_duration_days"])
        table_rows.append(
            [
                str(r["start_year"]),
                prot.text(t, i, 0),
                prot.text(t, i, 1),
                *(share_text(t, s, spells) for s in shares),
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
    section.tables.append(
        Table(
            t("durations"),
            [
                t("start_year"),
                t("spells"),
                t("censored"),
                t("still_3m"),
                t("still_6m"),
                t("still_12m"),
                t("still_24m"),
                t("median_days"),
            ],
            table_rows,
            [False] + [True] * 7,
        )
    )
    groups = [r for r in rows if str(r["breakdown"]) != "all"]
    if groups:
        section.tables.append(_groups_table(ctx, groups))
    return section


def _groups_table(ctx: ReportContext, groups: list[dict]) -> Table:
    t = ctx.t
    years = sorted({int(r["start_year"]) for r in groups})
    cells: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for r in groups:
        spells = as_int(r["spells"])
        cells[(str(r["breakdown"]), str(r["group_value"]))][int(r["start_year"])] = share_text(
            t, as_float(r["survival_12m"]), spells
        )
    order = {"sex": 0, "age_band": 1, "municipality": 2, "education": 3}
    group_rows = []
    for bd, value in sorted(cells, key=lambda k: (order.get(k[0], 9), k[1])):
        label = ctx.municipality(value) if bd == "municipality" else t.maybe(value, value)
        group_rows.append(
            [
                t.maybe(f"bd_{bd}", bd),
                label,
                *(cells[(bd, value)].get(y, "–") for y in years),
            ]
        )
    return Table(
        t("durations_groups"),
        [t("breakdown"), t("group"), *map(str, years)],
        group_rows,
        [False, False] + [True] * len(years),
    )
