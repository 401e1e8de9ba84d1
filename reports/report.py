"""`render_report`: the project managers' report, `report/indicators.html` and `.pdf`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.html import render_html
from reports.i18n import Translator
from reports.model import Report
from reports.pdf import render_pdf
from reports.sections import ReportBuilder


def build_report(con: duckdb.DuckDBPyConnection, run_meta: dict, lang: str = "fi") -> Report:
    return ReportBuilder(con, run_meta, lang).build()


def render_report(
    con: duckdb.DuckDBPyConnection, staging_dir: Path, run_meta: dict, lang: str = "fi"
) -> list[Path]:
    """Write report/indicators.html and report/indicators.pdf under `staging_dir`."""
    t = Translator(lang)
    report = build_report(con, run_meta, lang)
    folder = Path(staging_dir) / "report"
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / "indicators.html"
    html_path.write_bytes(render_html(report, t("not_available")).encode("utf-8"))
    pdf_path = folder / "indicators.pdf"
    pdf_path.write_bytes(render_pdf(report, run_meta.get("as_of"), t("not_available"), t("page")))
    return [html_path, pdf_path]
