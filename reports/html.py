"""The report as one self-contained HTML file: inline CSS, charts as inline SVG, no scripts,
no fonts, images or styles loaded from anywhere (the file works offline and in an e-mail). The
same file is printed to the PDF (`reports/pdf.py`): its `@media print` rules lay out the pages."""

from __future__ import annotations

from pathlib import Path

import jinja2

from reports import charts
from reports.model import Report

TEMPLATE = (Path(__file__).parent / "templates" / "report.html.j2").read_text(encoding="utf-8")

_ENV = jinja2.Environment(
    autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
)


def render_html(report: Report) -> str:
    svgs = {
        f"{s.key}{i}": charts.inline(c.svg, f"{s.key}{i}")
        for s in report.sections
        for i, c in enumerate(s.charts)
    }
    return _ENV.from_string(TEMPLATE).render(r=report, svgs=svgs)
