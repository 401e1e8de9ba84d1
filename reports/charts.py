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
