"""Charts as SVG text (matplotlib, no pyplot state), the same SVG for the HTML and the PDF.

Reproducible: text is drawn as paths (`svg.fonttype = 'path'`, so no font is needed where the
file is opened), ids are salted with a constant (`svg.hashsalt`) and the SVG carries no date.
Charts are drawn from values that already passed disclosure control: a hidden value is None and
is simply not drawn.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence

import matplotlib
import matplotlib.lines
from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.figure import Figure

PALETTE = ("#1F3A5F", "#2A9D8F", "#E9A23B", "#C8553D", "#6C757D", "#8E7DBE", "#4C956C")
INK = "#222222"
GRID = "#D9DEE4"
RC = {
    "svg.fonttype": "path",
    "svg.hashsalt": "askel",
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.edgecolor": "#8A949E",
    "axes.labelcolor": INK,
    "text.color": INK,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.frameon": False,
    "legend.fontsize": 8,
}
WIDTH_IN = 7.2


def _nan(values: Sequence[float | int | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "askel"})
    text = buf.getvalue()
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    return text[text.index("<svg") :]


def _figure(height_in: float, nrows: int = 1, sharex: bool = False):
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        axes = fig.subplots(nrows, 1, sharex=sharex, squeeze=False)[:, 0]
        for ax in axes:
            ax.grid(axis="y", color=GRID, linewidth=0.6)
            ax.set_axisbelow(True)
    return fig, list(axes)


def _legend_above(ax, n: int) -> None:
    """Legend in a row above the plot, where it can never cover the data."""
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=min(5, max(1, n)),
        borderaxespad=0.2,
        handlelength=1.4,
    )


def _fmt_int_axis(ax, lang: str) -> None:
    sep = "\u00a0" if lang == "fi" else ","
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}".replace(",", sep)))


def _pct_axis(ax) -> None:
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v * 100:.0f} %"))


def progress_chart(
    items: Sequence[tuple[str, int | None, int | None]], labels: dict, lang: str
) -> str:
    """Horizontal bars: participants against target, one per project."""
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(0.55 + 0.45 * len(items))
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.grid(axis="y", visible=False)
        names = [i[0] for i in items]
        ys = range(len(items))
        targets = [i[2] for i in items]
        if any(t for t in targets):
            ax.barh(ys, _nan(targets), color="#E6EBF1", height=0.6, label=labels["target"])
        ax.barh(
            ys,
            _nan([i[1] for i in items]),
            color=PALETTE[0],
            height=0.36,
            label=labels["participants"],
        )
        ax.set_yticks(list(ys), names)
        ax.invert_yaxis()
        sep = "\u00a0" if lang == "fi" else ","
        ax.xaxis.set_major_formatter(
            ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}".replace(",", sep))
        )
        _legend_above(ax, 2)
        return _svg(fig)


def flows_chart(
    months: Sequence[dt.date],
    stocks: dict[str, Sequence[int | None]],
    flows: dict[str, Sequence[int | None]],
    lang: str,
) -> str:
    """Top: stock lines; bottom: inflow and outflow bars per month."""
    with matplotlib.rc_context(RC):
        fig, (top, bottom) = _figure(4.6, nrows=2, sharex=True)
        for (label, values), colour in zip(stocks.items(), PALETTE, strict=False):
            top.plot(months, _nan(values), color=colour, linewidth=1.6, label=label)
        top.set_ylim(bottom=0)
        _fmt_int_axis(top, lang)
        _legend_above(top, len(stocks))
        width = 12
        offsets = (-width / 2, width / 2)
        for (label, values), colour, off in zip(
            flows.items(), (PALETTE[1], PALETTE[3]), offsets, strict=False
        ):
            xs = [m + dt.timedelta(days=off) for m in months]
            bottom.bar(xs, _nan(values), width=width, color=colour, label=label)
        _fmt_int_axis(bottom, lang)
        _legend_above(bottom, len(flows))
        bottom.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
        for tick in bottom.get_xticklabels():
            tick.set_rotation(0)
        return _svg(fig)


def survival_chart(series: dict[str, Sequence[float | None]], labels: dict) -> str:
    """Kaplan–Meier shares at 0, 3, 6, 12 and 24 months, one line per start year (the points are
    the estimates; the lines only guide the eye)."""
    xs = (0, 3, 6, 12, 24)
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(3.0)
        for (label, values), colour in zip(series.items(), PALETTE, strict=False):
            ys = _nan([1.0, *values])
            ax.plot(xs, ys, "o-", color=colour, linewidth=1.6, markersize=4, label=label)
        ax.set_xticks(xs)
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0, 25)
        _pct_axis(ax)
        ax.set_xlabel(labels["x"])
        ax.set_ylabel(labels["y"])
        _legend_above(ax, len(series))
        return _svg(fig)


def grouped_bars(
    categories: Sequence[str],
    series: dict[str, Sequence[float | int | None]],
    lang: str,
    *,
    share: bool = False,
    height: float = 2.8,
) -> str:
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(height)
        n = max(1, len(series))
        width = 0.8 / n
        for i, ((label, values), colour) in enumerate(zip(series.items(), PALETTE, strict=False)):
            xs = [j - 0.4 + width * (i + 0.5) for j in range(len(categories))]
            ax.bar(xs, _nan(values), width=width * 0.92, color=colour, label=label)
        ax.set_xticks(list(range(len(categories))), list(categories))
        if share:
            ax.set_ylim(0, 1)
            _pct_axis(ax)
        else:
            _fmt_int_axis(ax, lang)
        _legend_above(ax, n)
        return _svg(fig)


def interval_chart(
    labels: Sequence[str],
    share: Sequence[float | None],
    low: Sequence[float | None],
    high: Sequence[float | None],
) -> str:
    """Points with 95 % intervals, one row per service."""
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(0.6 + 0.26 * max(1, len(labels)))
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ys = list(range(len(labels)))
        for y, s, lo, hi in zip(ys, share, low, high, strict=True):
            if s is None:
                continue
            if lo is not None and hi is not None:
                ax.plot([lo, hi], [y, y], color=PALETTE[0], linewidth=1.4)
            ax.plot([s], [y], "o", color=PALETTE[2], markersize=5)
        ax.set_yticks(ys, list(labels))
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v * 100:.0f} %"))
        return _svg(fig)


def stacked_months(
    months: Sequence[dt.date], series: dict[str, Sequence[float | None]], lang: str
) -> str:
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(2.8)
        base = [0.0] * len(months)
        for (label, values), colour in zip(series.items(), PALETTE, strict=False):
            vals = [0.0 if v is None else float(v) for v in values]
            ax.bar(months, vals, bottom=base, width=24, color=colour, label=label)
            base = [b + v for b, v in zip(base, vals, strict=True)]
        _fmt_int_axis(ax, lang)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
        _legend_above(ax, len(series))
        return _svg(fig)


def forecast_fan(
    months: Sequence[dt.date],
    history: dict[str, Sequence[int | None]],
    ahead: Sequence[dt.date],
    forecast: dict[str, Sequence[tuple[float, float, float] | None]],
    title: str,
    lang: str,
) -> str:
    """History as solid lines, then each series' forecast (expected value dashed, its 80 %
    interval as a shaded fan) joined to the last month shown; one colour per series."""
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(2.9)
        for (label, values), colour in zip(history.items(), PALETTE, strict=False):
            ax.plot(months, _nan(values), color=colour, linewidth=1.6, label=label)
            points = forecast.get(label) or []
            last = values[-1] if values else None
            xs = ([months[-1]] if last is not None else []) + [
                m for m, p in zip(ahead, points, strict=True) if p is not None
            ]
            shown = [p for p in points if p is not None]
            start = [(float(last), float(last), float(last))] if last is not None else []
            if not shown:
                continue
            mid, low, high = zip(*(start + shown), strict=True)
            ax.fill_between(xs, low, high, color=colour, alpha=0.18, linewidth=0)
            ax.plot(xs, mid, color=colour, linewidth=1.4, linestyle=(0, (4, 2)))
        if ahead:
            ax.axvline(months[-1] if months else ahead[0], color="#8A949E", linewidth=0.8)
        ax.set_ylim(bottom=0)
        ax.set_title(title, loc="left", pad=18)  # above the legend row
        _fmt_int_axis(ax, lang)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
        _legend_above(ax, len(history))
        return _svg(fig)


def _points(v: float, lang: str) -> str:
    """An axis tick in percentage points: signed, typographic minus, decimal comma in Finnish."""
    if abs(v) < 1e-9:
        return "0"
    text = f"{v:+.0f}" if abs(v - round(v)) < 1e-9 else f"{v:+.1f}"
    text = text.replace("-", "\u2212")
    return text.replace(".", ",") if lang == "fi" else text


#: one forest-plot row: (effect, interval low, interval high, naive difference), percentage
#: points; None where nothing may be shown (no estimate, or hidden by disclosure control)
ForestPoint = tuple[float, float | None, float | None, float | None]


def forest_plot(
    labels: Sequence[str],
    panels: dict[str, Sequence[ForestPoint | None]],
    legend: dict[str, str],
    lang: str,
) -> str:
    """Small multiples, one panel per horizon side by side (shared axes): per row the effect
    as a dot on its 95 % interval and the naive difference as an open diamond beside it, with
    a zero line, so that a reader sees at once which intervals leave zero and how far the naive
    comparison sits from the estimate. `legend` names the marks ("effect", "naive", "axis")."""
    values = [
        v for points in panels.values() for p in points if p is not None for v in p if v is not None
    ]
    low, high = min([0.0, *values]), max([0.0, *values])
    pad = max(1.0, 0.08 * (high - low))
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, 0.95 + 0.3 * max(1, len(labels))), layout="constrained")
        axes = fig.subplots(1, max(1, len(panels)), sharey=True, squeeze=False)[0]
        ys = list(range(len(labels)))
        for ax, (title, points) in zip(axes, panels.items(), strict=False):
            ax.grid(axis="x", color=GRID, linewidth=0.6)
            ax.set_axisbelow(True)
            ax.axvline(0, color="#8A949E", linewidth=0.9)
            for y, point in zip(ys, points, strict=True):
                if point is None:
                    continue
                effect, lo, hi, naive = point
                if lo is not None and hi is not None:
                    ax.plot([lo, hi], [y, y], color=PALETTE[0], linewidth=1.6)
                ax.plot([effect], [y], "o", color=PALETTE[0], markersize=5)
                if naive is not None:
                    ax.plot(
                        [naive],
                        [y - 0.28],
                        "D",
                        markerfacecolor="white",
                        markeredgecolor=PALETTE[3],
                        markersize=4.5,
                        markeredgewidth=1.2,
                    )
            ax.set_xlim(low - pad, high + pad)
            ax.set_title(title, loc="left")
            ax.set_xlabel(legend["axis"])
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: _points(v, lang)))
        axes[0].set_yticks(ys, list(labels))
        axes[0].set_ylim(len(labels) - 0.5, -0.7)  # first label on top
        for ax in axes[1:]:
            ax.tick_params(axis="y", length=0)
        handles = [
            matplotlib.lines.Line2D(
                [], [], color=PALETTE[0], marker="o", markersize=5, linewidth=1.6
            ),
            matplotlib.lines.Line2D(
                [],
                [],
                color=PALETTE[3],
                marker="D",
                markerfacecolor="white",
                markersize=4.5,
                linestyle="none",
            ),
        ]
        fig.legend(
            handles,
            [legend["effect"], legend["naive"]],
            loc="outside upper left",
            ncols=2,
            handlelength=1.6,
        )
        return _svg(fig)


_ID = re.compile(r'\bid="([^"]+)"')


def inline(svg: str, prefix: str) -> str:
    """SVG text fit for inlining in HTML: ids made unique per chart, size set by CSS."""
    ids = set(_ID.findall(svg))
    for i in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{i}"', f'id="{prefix}-{i}"')
        svg = svg.replace(f"#{i})", f"#{prefix}-{i})").replace(f'"#{i}"', f'"#{prefix}-{i}"')
    svg = re.sub(
        r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 class="chart"', svg, count=1
    )
    return svg
