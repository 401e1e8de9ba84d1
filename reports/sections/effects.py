"""Employment effect of services (indicators.md §9): per service and horizon, the effect on the
participants' share employed (matched comparisons as the counterfactual) with its 95 % interval,
the naive difference beside it, the counts behind it and the balance of the matching.

Choices where the spec is silent:
- A forest plot of small multiples, one panel per horizon (3, 6, 12 months) on one axis, so the
  horizon-6 estimate sits between the other two; per service the effect as a dot on its
  interval and the naive difference as an open diamond. Services are ordered by entries (most
  first), in the plot and the tables; the plot shows the services with at least one estimate.
- One table per horizon. The mart leaves the estimates empty below 30 matched entries: the row
  stays with its counts and its effect cell says "too few participants to estimate".
- The reading sentence ("… raised the share employed 6 months after entry by N points …") is
  written for the service with the most matched entries among those with a horizon-6 estimate,
  under the horizon-6 table; the mart's `method` text is appended to the definition as it is.
- Disclosure control (§8): counts of 1-4 read <5; no total is shown, so no relation calls for
  complementary suppression (the unmatched entries, entries minus matched, are not shown). An
  estimate computed from 1-4 persons reads <5: the participants' share when the matched entries,
  or the employed among them (share x matched), are 1-4 (the share would give that count back);
  the comparisons' share when 1-4 comparisons were used; the effect and its interval when either
  share is hidden (effect = share minus share would give a hidden one back); the naive
  difference when the entries are 1-4. Balance (standardised mean differences) is no count of
  persons and is always shown.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from typing import Any

from askel.effects.estimate import CALIPER_SD, METHOD, PRIOR_BANDS, K
from reports import charts
from reports.disclosure import SMALL, is_small
from reports.marts import as_float, as_int
from reports.model import Chart, Section, Table
from reports.sections.context import ReportContext
from reports.sections.outcomes import service_label
from reports.sections.shared import round_half_up
from reports.service_names import service_name, service_source

KEY = "effects"
HORIZONS = (3, 6, 12)
#: the horizon of the reading sentence (indicators.md §9's headline horizon)
HEADLINE = 6
#: indicators.md §9: balance above this after matching is flagged (and warned of by a check)
MAX_SMD = 0.1
EMPTY = "–"
#: table columns that may hold a phrase ("too few participants to estimate", a balance flag)
EFFECT_COLUMN, SMD_AFTER_COLUMN = 6, 10
MINUS = "\u2212"


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    rows = ctx.mart("service_effects")
    if rows is None:
        return ctx.unavailable(KEY)
    if not rows:
        return Section(
            KEY, t(KEY), t("effects_def"), available=False, unavailable_text=t("effects_none")
        )
    by: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        by[int(r["horizon_months"])][str(r["service_code"])] = r
    horizons = sorted(by, key=lambda h: (h not in HORIZONS, h))
    entries = {
        code: max(as_int(by[h][code]["entries"]) or 0 for h in horizons if code in by[h])
        for code in {str(r["service_code"]) for r in rows}
    }
    codes = sorted(entries, key=lambda c: (-entries[c], c))
    # the mart's method sentence (askel.effects.METHOD) in the report's language; a text the
    # report does not know (another method) is shown as the mart wrote it
    methods = sorted(
        t(
            "effects_method_matching",
            k=K,
            caliper=ctx.t.decimal(CALIPER_SD, 1),
            bands=_bands(ctx.lang),
        )
        if r["method"] == METHOD
        else str(r["method"])
        for r in rows
        if r["method"]
    )
    definition = t("effects_def")
    if methods:
        definition += " " + t("effects_method", method="; ".join(sorted(set(methods))))
    section = Section(KEY, t(KEY), definition)

    estimates = {h: {c: _Estimate(by[h][c]) for c in codes if c in by[h]} for h in horizons}
    chart = _chart(ctx, codes, horizons, estimates)
    if chart:
        section.charts.append(chart)
    reading = _reading(ctx, estimates.get(HEADLINE, {}))
    for h in horizons:
        note = t("effects_note", n=h)
        if h == HEADLINE and reading:
            note = f"{reading} {note}"
        section.tables.append(
            Table(
                t("effects_table", n=h),
                [
                    t("service"),
                    t("entries"),
                    t("entries_matched"),
                    t("comparisons_used"),
                    t("employed_treated"),
                    t("employed_counterfactual"),
                    t("effect_pp"),
                    t("effect_ci"),
                    t("naive_pp"),
                    t("smd_before"),
                    t("smd_after"),
                ],
                [[_label(ctx, c), *estimates[h][c].cells(ctx)] for c in codes if c in estimates[h]],
                [False] + [True] * 10,
                note=note,
                wrap={EFFECT_COLUMN, SMD_AFTER_COLUMN},
            )
        )
    return section


class _Estimate:
    """One row of the mart with its disclosure decisions (module docstring)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.entries = as_int(row["entries"])
        self.matched = as_int(row["entries_matched"])
        self.comparisons = as_int(row["comparisons_used"])
        self.share_treated = as_float(row["employed_share_treated"])
        self.share_counterfactual = as_float(row["employed_share_counterfactual"])
        self.att = as_float(row["att_pp"])
        self.low = as_float(row["ci_low_pp"])
        self.high = as_float(row["ci_high_pp"])
        self.naive = as_float(row["naive_difference_pp"])
        self.smd_before = as_float(row["max_abs_smd_before"])
        self.smd_after = as_float(row["max_abs_smd_after"])
        employed = (
            round(self.share_treated * self.matched)
            if self.share_treated is not None and self.matched is not None
            else None
        )
        self.treated_hidden = is_small(self.matched) or is_small(employed)
        self.counterfactual_hidden = is_small(self.comparisons)
        self.effect_hidden = self.treated_hidden or self.counterfactual_hidden
        self.naive_hidden = is_small(self.entries)

    @property
    def estimated(self) -> bool:
        """False where the mart left the estimate empty (fewer than 30 matched entries)."""
        return self.att is not None

    def shown(self) -> charts.ForestPoint | None:
        """The chart's point: only what the table shows as a number."""
        if self.att is None or self.effect_hidden:
            return None
        naive = None if self.naive_hidden else self.naive
        return (self.att, self.low, self.high, naive)

    def cells(self, ctx: ReportContext) -> list[str]:
        t = ctx.t
        counts = [_count(ctx, n) for n in (self.entries, self.matched, self.comparisons)]
        before = EMPTY if self.smd_before is None else t.decimal(self.smd_before, 2)
        if not self.estimated:
            return [*counts, EMPTY, EMPTY, t("too_few"), EMPTY, EMPTY, before, EMPTY]
        return [
            *counts,
            SMALL if self.treated_hidden else _share(ctx, self.share_treated),
            SMALL if self.counterfactual_hidden else _share(ctx, self.share_counterfactual),
            SMALL if self.effect_hidden else _pp(ctx, self.att),
            SMALL if self.effect_hidden else _range(ctx, self.low, self.high, signed=True),
            SMALL if self.naive_hidden else _pp(ctx, self.naive),
            before,
            _smd_after(ctx, self.smd_after),
        ]


def _count(ctx: ReportContext, n: int | None) -> str:
    if n is None:
        return EMPTY
    return SMALL if is_small(n) else ctx.t.integer(n)


def _share(ctx: ReportContext, share: float | None) -> str:
    return EMPTY if share is None else ctx.t.percent(share, 1)


def _pp(ctx: ReportContext, value: float | None, *, signed: bool = True) -> str:
    """Percentage points to one decimal (half up), with a typographic minus; `+` when signed."""
    if value is None:
        return EMPTY
    rounded = round_half_up(value, 1)
    text = ctx.t.decimal(abs(rounded), 1)
    if rounded < 0:
        return MINUS + text
    return f"+{text}" if signed and rounded > 0 else text


def _range(ctx: ReportContext, low: float | None, high: float | None, *, signed: bool) -> str:
    if low is None or high is None:
        return EMPTY
    return ctx.t(
        "effects_range", low=_pp(ctx, low, signed=signed), high=_pp(ctx, high, signed=signed)
    )


def _smd_after(ctx: ReportContext, smd: float | None) -> str:
    if smd is None:
        return EMPTY
    text = ctx.t.decimal(smd, 2)
    return ctx.t("smd_flag", value=text) if smd > MAX_SMD else text


def _label(ctx: ReportContext, code: str) -> str:
    source = service_source(code)
    return service_label(ctx, source, code) if source else code


def _chart_label(ctx: ReportContext, code: str) -> str:
    name = service_name(service_source(code), code, ctx.lang) if service_source(code) else ""
    return textwrap.shorten(f"{code} {name}".strip(), width=30, placeholder="\u2026")


def _chart(
    ctx: ReportContext,
    codes: list[str],
    horizons: list[int],
    estimates: dict[int, dict[str, _Estimate]],
) -> Chart | None:
    t = ctx.t
    drawn = [
        c for c in codes if any(c in estimates[h] and estimates[h][c].shown() for h in horizons)
    ]
    if not drawn:
        return None
    panels = {
        t("effects_months", n=h): [
            estimates[h][c].shown() if c in estimates[h] else None for c in drawn
        ]
        for h in horizons
    }
    svg = charts.forest_plot(
        [_chart_label(ctx, c) for c in drawn],
        panels,
        {
            "effect": t("effects_effect_label"),
            "naive": t("effects_naive_label"),
            "axis": t("effects_axis"),
        },
        ctx.lang,
    )
    return Chart(svg, t("effects_chart"))


def _reading(ctx: ReportContext, estimates: dict[str, _Estimate]) -> str:
    """How to read an estimate, said of the horizon-6 estimate resting on the most matched
    entries; empty when no service has one that may be shown."""
    t = ctx.t
    shown = [(c, e) for c, e in estimates.items() if e.shown() and e.low is not None]
    if not shown:
        return ""
    code, e = min(shown, key=lambda ce: (-(ce[1].matched or 0), ce[0]))
    rounded = round_half_up(e.att or 0.0, 1)
    key = (
        "effects_reading_up"
        if rounded > 0
        else ("effects_reading_down" if rounded < 0 else "effects_reading_zero")
    )
    sentence = t(
        key,
        service=_label(ctx, code),
        n=_pp(ctx, abs(rounded), signed=False),
        low=_pp(ctx, e.low, signed=False),
        high=_pp(ctx, e.high, signed=False),
    )
    text = t("effects_reading", sentence=sentence)
    if e.low is not None and e.high is not None and e.low <= 0 <= e.high:
        text += " " + t("effects_zero_inside")
    return text


def _bands(lang: str) -> str:
    """The bands of earlier unemployment the matching holds exact (PRIOR_BANDS: upper bounds),
    e.g. "0, 1–182, 183–365 or over 365"."""
    lows = [0, *(b + 1 for b in PRIOR_BANDS)]
    parts = [
        str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in zip(lows, PRIOR_BANDS, strict=False)
    ]
    over = {"fi": "tai yli", "en": "or over"}[lang]
    return f"{', '.join(parts)} {over} {PRIOR_BANDS[-1]}"
