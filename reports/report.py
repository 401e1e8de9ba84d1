"""`render_report`: the project managers' report, `report/indicators.html` and the same file
printed to `report/indicators.pdf`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.disclosure import HIDDEN, SMALL
from reports.html import render_html
from reports.i18n import Translator
from reports.model import Report
from reports.pdf import print_pdf
from reports.sections import SECTIONS, ReportContext


def build_report(con: duckdb.DuckDBPyConnection, run_meta: dict, lang: str = "fi") -> Report:
    """The report as data: the frame (title, run metadata) and every section in order."""
    ctx = ReportContext(con, run_meta, lang)
    t = ctx.t
    meta_lines = [(t("as_of"), t.date(run_meta.get("as_of")))]
    if run_meta.get("software_version"):
        meta_lines.append((t("software"), str(run_meta["software_version"])))
    snaps = run_meta.get("snapshots") or []
    if snaps:
        meta_lines.append(
            (t("snapshots"), ", ".join(str(s.get("file", s.get("source", ""))) for s in snaps))
        )
    sections = [module.build(ctx) for module in SECTIONS]
    return Report(
        t("report_title"),
        t("report_subtitle"),
        lang,
        meta_lines,
        sections,
        t("disclosure_note"),
        marks_key={SMALL: t("mark_small"), HIDDEN: t("mark_hidden")},
        not_available=t("not_available"),
    )


def render_report(
    con: duckdb.DuckDBPyConnection, staging_dir: Path, run_meta: dict, lang: str = "fi"
) -> list[Path]:
    """Write report/indicators.html under `staging_dir`, then print it to indicators.pdf."""
    return write_report(build_report(con, run_meta, lang), staging_dir, run_meta.get("as_of"))


def write_report(report: Report, staging_dir: Path, as_of: str | None) -> list[Path]:
    """The report model as report/indicators.html, and that file printed to indicators.pdf."""
    folder = Path(staging_dir) / "report"
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / "indicators.html"
    html_path.write_bytes(render_html(report).encode("utf-8"))
    pdf_path = folder / "indicators.pdf"
    as_of_label, as_of_text = report.meta_lines[0]
    footer = f"{report.title} · {as_of_label} {as_of_text}"
    print_pdf(html_path, pdf_path, footer, Translator(report.lang)("page"), as_of)
    return [html_path, pdf_path]
