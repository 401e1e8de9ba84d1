"""Builds the report model from the marts: one function per section, disclosure applied.

Choices where the spec is silent (written down here so the report can be read with them):
- Monthly tables use the all-area rows (`municipality_code = 'ALL'`); the municipality table
  shows the latest month, with the all-area row as its total row (a conservative relation:
  complementary suppression treats it as the sum of the municipalities).
- Relations used for complementary suppression: outflow = sum of its destinations; the
  stock–flow identity of consecutive months; ESF years sum to the cumulative value and men +
  women = total; a two-way table's row and column totals; service outcomes' situations sum to
  the evaluated episodes.
- A rate is hidden when any count it is computed from is hidden (e.g. the activation rate and
  a hidden `unemployed_end` would give that count back). Euros billed are hidden when they were
  billed for 1–4 persons (an amount for so few persons is personal data).
- Service outcomes pool all end years per source and service; the Wilson interval of a pooled
  share is recomputed with the same z (1.959964).
- Subsidy cost table: the latest 12 billing months (the chart shows all of them).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import duckdb

from reports import charts
from reports.definitions import finnish_name
from reports.disclosure import line_relations
from reports.i18n import Translator
from reports.marts import as_date, as_float, as_int, read_mart
from reports.model import Chart, Kpi, Protected, Report, Section, Table, share_text

Z95 = 1.959964
ALL = "ALL"

FLOW_COLUMNS = (
    "unemployed_end",
    "inflow",
    "outflow",
    "outflow_employment",
    "outflow_services",
    "outflow_education",
    "outflow_outside_labour_force",
    "outflow_other",
    "long_term_unemployed_end",
    "repeatedly_unemployed_end",
    "returned_from_services_end",
    "in_services_end",
    "structural_unemployment_end",
)
F = {name: i for i, name in enumerate(FLOW_COLUMNS)}
SITUATIONS = ("employment", "unemployed", "services", "education", "outside_or_unknown")


def wilson(count: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    if n <= 0:
        return None
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


#: first day of the extracts' scope (sources.md: rows going on at or beginning after it)
EXTRACT_SCOPE_START = dt.date(2019, 1, 1)


class ReportBuilder:
    def __init__(self, con: duckdb.DuckDBPyConnection, run_meta: dict[str, Any], lang: str):
        self.t = Translator(lang)
        self.lang = lang
        self.meta = run_meta
        self.marts = {
            name: read_mart(con, name)
            for name in (
                "esf_indicators",
                "monthly_flows",
                "unemployment_durations_summary",
                "service_gaps_summary",
                "service_process",
                "service_outcomes_summary",
                "municipal_subsidy_cost",
            )
        }
        # The extracts hold only what was going on at or began after 2019-01-01 (sources.md),
        # so the mart's earlier months (from the start of the oldest period still going on
        # then) are partial by construction: the report starts at the extract scope.
        if self.marts["monthly_flows"]:
            self.marts["monthly_flows"] = [
                r for r in self.marts["monthly_flows"] if as_date(r["month"]) >= EXTRACT_SCOPE_START
            ]
        self.municipality_names = {
            str(m.get("code")): str(m.get("name") or m.get("code"))
            for m in run_meta.get("municipalities", [])
        }
        self._flows: tuple[list[dt.date], Protected] | None = None
        self._esf: dict[str, tuple[list[str], list[str], Protected, dict]] = {}

    # -- shared pieces ---------------------------------------------------------------------
    def municipality(self, code: Any) -> str:
        code = str(code)
        if code == ALL:
            return self.t("all_area")
        name = self.municipality_names.get(code)
        return f"{name} ({code})" if name else code

    def unavailable(self, key: str) -> Section:
        t = self.t
        return Section(key, t(key), t(f"{key}_def"), available=False)

    def flows_all(self) -> tuple[list[dt.date], Protected] | None:
        """All-area monthly grid (months × FLOW_COLUMNS), protected once for every use."""
        if self._flows is not None:
            return self._flows
        rows = self.marts["monthly_flows"]
        if not rows:
            return None
        area = sorted(
            (r for r in rows if str(r["municipality_code"]) == ALL), key=lambda r: r["month"]
        )
        if not area:
            return None
        months = [as_date(r["month"]) for r in area]
        values = [[as_int(r[c]) for c in FLOW_COLUMNS] for r in area]
        relations = []
        for i in range(len(area)):
            relations.append([(i, F[c]) for c in FLOW_COLUMNS[3:8]] + [(i, F["outflow"])])
            if i > 0:
                relations.append(
                    [
                        (i - 1, F["unemployed_end"]),
                        (i, F["inflow"]),
                        (i, F["outflow"]),
                        (i, F["unemployed_end"]),
                    ]
                )
        self._flows = (months, Protected.of(values, relations))
        return self._flows

    def esf_grid(self, project: str) -> tuple[list[str], list[str], Protected, dict] | None:
        """Indicators × (years…, cumulative men, women, total) for one project."""
        if project in self._esf:
            return self._esf[project]
        rows = [r for r in self.marts["esf_indicators"] or [] if r["project_code"] == project]
        if not rows:
            return None
        codes = sorted({str(r["indicator_code"]) for r in rows}, key=_indicator_order)
        years = sorted({str(r["period"]) for r in rows if str(r["period"]) != "cumulative"})
        by_key = {(str(r["indicator_code"]), str(r["period"])): r for r in rows}
        names = {str(r["indicator_code"]): str(r["indicator_name"] or "") for r in rows}
        values: list[list[int | None]] = []
        relations = []
        ny = len(years)
        for i, code in enumerate(codes):
            line: list[int | None] = []
            for y in years:
                r = by_key.get((code, y))
                line.append(_count(r, "total"))
            cum = by_key.get((code, "cumulative"))
            line += [_count(cum, "men"), _count(cum, "women"), _count(cum, "total")]
            values.append(line)
            relations.append([(i, j) for j in range(ny)] + [(i, ny + 2)])
            relations.append([(i, ny), (i, ny + 1), (i, ny + 2)])
        grid = (codes, years, Protected.of(values, relations), names)
        self._esf[project] = grid
        return grid

    def projects(self) -> list[dict[str, Any]]:
        configured = list(self.meta.get("projects", []))
        known = {p.get("code") for p in configured}
        for r in self.marts["esf_indicators"] or []:
            if r["project_code"] not in known:
                known.add(r["project_code"])
                configured.append({"code": r["project_code"]})
        return configured

    def indicator_label(self, code: str, names: dict[str, str]) -> str:
        name = finnish_name(code, names.get(code, "")) if self.lang == "fi" else names.get(code, "")
        return f"{code} {name}".strip()

    # -- sections --------------------------------------------------------------------------
    def summary(self) -> Section:
        t = self.t
        section = Section("summary", t("summary"), t("summary_def"))
        flows = self.flows_all()
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
            section.kpis.append(Kpi(t("activation_rate"), self._activation(grid, last), suffix))
        if self.marts["esf_indicators"]:
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
            for p in self.projects():
                code = str(p["code"])
                grid = self.esf_grid(code)
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
                            self.lang,
                        ),
                        t("participants"),
                    )
                )
        if not section.kpis and not section.tables:
            section.available = False
        return section

    def _activation(self, grid: Protected, r: int) -> str:
        """Activation rate (indicators.md §2) from the protected counts of row `r`."""
        return activation_text(
            self.t,
            grid.values[r][F["unemployed_end"]],
            grid.values[r][F["in_services_end"]],
            grid.hidden(r, F["unemployed_end"]) or grid.hidden(r, F["in_services_end"]),
        )

    def flows(self) -> Section:
        t = self.t
        flows = self.flows_all()
        if not flows:
            return self.unavailable("flows")
        months, grid = flows
        section = Section("flows", t("flows"), t("flows_def") + " " + t("activation_def"))
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
                    self.lang,
                ),
                t("flows"),
            )
        )
        flow_cols = FLOW_COLUMNS[:8]
        section.tables.append(
            Table(
                t("flows_table"),
                [t("month"), t("unemployed"), *(t(c) for c in flow_cols[1:])],
                [
                    [t.month(months[i]), *(grid.text(t, i, F[c]) for c in flow_cols)]
                    for i in range(n)
                ],
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
                        self._activation(grid, i),
                    ]
                    for i in range(n)
                ],
                [False] + [True] * 7,
            )
        )
        by_mun = self._by_municipality(months[-1], grid)
        if by_mun:
            section.tables.append(by_mun)
        return section

    def _by_municipality(self, month: dt.date, area: Protected) -> Table | None:
        t = self.t
        rows = [r for r in self.marts["monthly_flows"] or [] if as_date(r["month"]) == month]
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
        labels = [self.municipality(r["municipality_code"]) for r in local] + [t("all_area")]
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

    def durations(self) -> Section:
        t = self.t
        rows = self.marts["unemployment_durations_summary"]
        if not rows:
            return self.unavailable("durations")
        section = Section("durations", t("durations"), t("durations_def"))
        overall = sorted(
            (r for r in rows if str(r["breakdown"]) == "all"), key=lambda r: int(r["start_year"])
        )
        keys = ("survival_3m", "survival_6m", "survival_12m", "survival_24m")
        values = [[as_int(r["spells"]), as_int(r["censored_spells"])] for r in overall]
        prot = Protected.of(values)
        series, table_rows = {}, []
        for i, r in enumerate(overall):
            spells = values[i][0]
            few = spells is not None and 1 <= spells <= 4
            shares = [as_float(r[k]) for k in keys]
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
            years = sorted({int(r["start_year"]) for r in groups})
            cells: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
            for r in groups:
                spells = as_int(r["spells"])
                cells[(str(r["breakdown"]), str(r["group_value"]))][int(r["start_year"])] = (
                    share_text(t, as_float(r["survival_12m"]), spells)
                )
            order = {"sex": 0, "age_band": 1, "municipality": 2, "education": 3}
            group_rows = []
            for bd, value in sorted(cells, key=lambda k: (order.get(k[0], 9), k[1])):
                label = self.municipality(value) if bd == "municipality" else t.maybe(value, value)
                group_rows.append(
                    [
                        t.maybe(f"bd_{bd}", bd),
                        label,
                        *(cells[(bd, value)].get(y, "–") for y in years),
                    ]
                )
            section.tables.append(
                Table(
                    t("durations_groups"),
                    [t("breakdown"), t("group"), *map(str, years)],
                    group_rows,
                    [False, False] + [True] * len(years),
                )
            )
        return section

    def services(self) -> Section:
        t = self.t
        gaps = self.marts["service_gaps_summary"]
        process = self.marts["service_process"]
        if not gaps and not process:
            return self.unavailable("services")
        section = Section("services", t("services"), t("services_def"))
        if gaps:
            years = sorted({int(r["gap_end_year"]) for r in gaps})
            by = {(int(r["gap_end_year"]), str(r["scope"])): r for r in gaps}
            values = []
            for y in years:
                line = []
                for scope in ("all", "cross_organisation"):
                    r = by.get((y, scope))
                    line += [
                        as_int(r["gaps"]) if r else None,
                        as_int(r["gaps_within_14_days"]) if r else None,
                    ]
                values.append(line)
            prot = Protected.of(values)
            table_rows, shares = [], {"all": [], "cross_organisation": []}
            for k, scope in enumerate(("all", "cross_organisation")):
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
                        {
                            t("scope_all"): shares["all"],
                            t("scope_cross_organisation"): shares["cross_organisation"],
                        },
                        self.lang,
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
                )
            )
        if process:
            section.tables.append(self._customers(process))
        return section

    def _customers(self, process: list[dict[str, Any]]) -> Table:
        t = self.t
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
        labels = [
            t("n_episode" if buckets[i] == "1" else "n_episodes", n=buckets[i]) for i in used
        ] + [t("total")]
        return Table(
            t("customers_table"),
            [t("episodes"), t("no_org"), t("one_org"), t("two_orgs"), t("total")],
            [[labels[i], *(prot.text(t, i, j) for j in range(4))] for i in range(len(values))],
            [False, True, True, True, True],
            total_rows={len(values) - 1},
        )

    def outcomes(self) -> Section:
        t = self.t
        rows = self.marts["service_outcomes_summary"]
        if not rows:
            return self.unavailable("outcomes")
        section = Section("outcomes", t("outcomes"), t("outcomes_def"))
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
                [*(counts[k].get(s, 0) for s in SITUATIONS), sum(evaluated[k].values())]
                for k in keys
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
                label = f"{k[1]} ({t.maybe('src_' + k[0].split('/')[0], k[0])})"
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

    def esf(self) -> Section:
        t = self.t
        if not self.marts["esf_indicators"]:
            return self.unavailable("esf")
        section = Section("esf", t("esf"), t("esf_def"))
        bars: dict[str, dict[str, int | None]] = {}
        all_years: set[str] = set()
        for p in self.projects():
            code = str(p["code"])
            grid = self.esf_grid(code)
            if grid is None:
                continue
            codes, years, prot, names = grid
            all_years.update(years)
            if "TOTAL" in codes:
                i = codes.index("TOTAL")
                bars[code] = {y: prot.shown(i, j) for j, y in enumerate(years)}
            na = {
                str(r["indicator_code"])
                for r in self.marts["esf_indicators"] or []
                if r["project_code"] == code and r["status"] == "not_available"
            }
            rows = []
            for i, ind in enumerate(codes):
                label = self.indicator_label(ind, names)
                if ind in na:
                    rows.append([f"{label} ({t('esf_na')})", *(["–"] * (len(years) + 3))])
                else:
                    rows.append([label, *(prot.text(t, i, j) for j in range(len(years) + 3))])
            section.tables.append(
                Table(
                    f"{code} {p.get('lead', '')}".strip(),
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
                        years, {c: [b.get(y) for y in years] for c, b in bars.items()}, self.lang
                    ),
                    t("esf_chart"),
                ),
            )
        return section

    def subsidy(self) -> Section:
        t = self.t
        rows = self.marts["municipal_subsidy_cost"]
        if not rows:
            return self.unavailable("subsidy")
        section = Section("subsidy", t("subsidy"), t("subsidy_def"))
        local = sorted(
            (r for r in rows if str(r["municipality_code"]) != ALL),
            key=lambda r: (as_date(r["month"]), str(r["municipality_code"])),
        )
        cols = ("persons_50", "persons_70", "persons_crossing_300", "persons_crossing_1000")
        values = [[as_int(r[c]) for c in cols] for r in local]
        prot = Protected.of(values)
        months = sorted({as_date(r["month"]) for r in local})
        municipalities = sorted({str(r["municipality_code"]) for r in local})
        euros: dict[tuple, float | None] = {}
        euro_text: list[str] = []
        for i, r in enumerate(local):
            persons = sum(v or 0 for v in values[i][:2])
            amount = as_float(r["euros_billed"])
            few = 1 <= persons <= 4
            euros[(as_date(r["month"]), str(r["municipality_code"]))] = None if few else amount
            euro_text.append("<5" if few else ("–" if amount is None else t.decimal(amount, 0)))
        section.charts.append(
            Chart(
                charts.stacked_months(
                    months,
                    {
                        self.municipality(m): [euros.get((mo, m)) for mo in months]
                        for m in municipalities
                    },
                    self.lang,
                ),
                t("subsidy"),
            )
        )
        recent = set(months[-12:])
        section.tables.append(
            Table(
                t("subsidy_table"),
                [
                    t("month"),
                    t("municipality"),
                    t("euros"),
                    t("persons_50"),
                    t("persons_70"),
                    t("crossing_300"),
                    t("crossing_1000"),
                ],
                [
                    [
                        t.month(as_date(r["month"])),
                        self.municipality(r["municipality_code"]),
                        euro_text[i],
                        *(prot.text(t, i, j) for j in range(4)),
                    ]
                    for i, r in enumerate(local)
                    if as_date(r["month"]) in recent
                ],
                [False, False, True, True, True, True, True],
            )
        )
        return section

    def build(self) -> Report:
        t = self.t
        meta_lines = [(t("as_of"), t.date(self.meta.get("as_of")))]
        if self.meta.get("software_version"):
            meta_lines.append((t("software"), str(self.meta["software_version"])))
        snaps = self.meta.get("snapshots") or []
        if snaps:
            meta_lines.append(
                (t("snapshots"), ", ".join(str(s.get("file", s.get("source", ""))) for s in snaps))
            )
        sections = [
            self.summary(),
            self.flows(),
            self.durations(),
            self.services(),
            self.outcomes(),
            self.esf(),
            self.subsidy(),
        ]
        return Report(
            t("report_title"),
            t("report_subtitle"),
            self.lang,
            meta_lines,
            sections,
            t("disclosure_note"),
        )


def activation_text(
    t: Translator, unemployed: int | None, in_services: int | None, hidden: bool
) -> str:
    """`in_services / (unemployed + in_services) * 100`, half up to one decimal; `<5` when
    computed from 1–4 persons or from a hidden count (it would give that count back)."""
    if unemployed is None or in_services is None or unemployed + in_services == 0:
        return "–"
    if hidden or unemployed + in_services <= 4:
        return "<5"
    rate = _round_half_up(in_services / (unemployed + in_services) * 100, 1)
    return f"{t.decimal(rate)}\u00a0%"


def _count(row: dict[str, Any] | None, key: str) -> int | None:
    if row is None or row.get("status") == "not_available":
        return None
    return as_int(row[key])


def _indicator_order(code: str) -> tuple[int, str]:
    prefix = (
        0 if code == "TOTAL" else 1 if code.startswith("CO") else 2 if code.startswith("CR") else 3
    )
    return prefix, code


def _round_half_up(x: float, places: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
