"""The funder export: `export/esf_indicators.{csv,xlsx,json}` (interface.md), exact counts.

The rows come from `marts.esf_indicators` as they are; this module only fixes their order and
their format:
- CSV: UTF-8 without BOM, comma-separated, RFC 4180 quoting (a field is quoted only when it holds
  a comma, quote or line break), `\\n` line endings, plain integers, empty counts when `status`
  is `not_available`; rows sorted by project_code, indicator_code, period as plain text (Python
  string order equals byte order for these ASCII codes).
- XLSX: one sheet per project with the same rows, plus a sheet `run` with the run's metadata and
  the indicator definitions.
- JSON: `{"run": {...}, "rows": [...]}`, counts as integers or null.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import xlsxwriter

from reports.definitions import INDICATORS, definition
from reports.marts import as_int, read_mart

HEADER = (
    "project_code",
    "indicator_code",
    "indicator_name",
    "period",
    "men",
    "women",
    "total",
    "status",
    "note",
)
COUNTS = ("men", "women", "total")


class ExportUnavailable(RuntimeError):
    """The ESF mart is missing: the funder export cannot be written (the run must not publish)."""


def export_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The mart's rows, normalised (codes as text, counts int/None) and sorted as the CSV."""
    rows = read_mart(con, "esf_indicators")
    if rows is None:
        raise ExportUnavailable(
            "marts.esf_indicators is missing; the funder export cannot be written."
        )
    out = []
    for r in rows:
        status = str(r["status"] or "ok")
        row = {
            "project_code": str(r["project_code"]),
            "indicator_code": str(r["indicator_code"]),
            "indicator_name": str(r["indicator_name"] or ""),
            "period": str(r["period"]),
            "status": status,
            "note": str(r["note"] or ""),
        }
        for k in COUNTS:
            row[k] = None if status == "not_available" else as_int(r[k])
        out.append(row)
    out.sort(key=lambda r: (r["project_code"], r["indicator_code"], r["period"]))
    return out


def csv_text(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for r in rows:
        writer.writerow(["" if r[k] is None else r[k] for k in HEADER])
    return buf.getvalue()


def check_summary(run_meta: dict[str, Any]) -> dict[str, Any] | None:
    """`run_meta["check_summary"]` when given, else a summary of `run_meta["checks"]`."""
    if run_meta.get("check_summary") is not None:
        return run_meta["check_summary"]
    checks = run_meta.get("checks")
    if not checks:
        return None
    failed = [c for c in checks if not c.get("passed")]
    return {
        "total": len(checks),
        "passed": len(checks) - len(failed),
        "failed": len(failed),
        "failed_blocking": sum(1 for c in failed if c.get("severity") == "blocking"),
        "failed_names": [c.get("name") for c in failed],
    }


def run_metadata(run_meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "as_of": run_meta.get("as_of"),
        "software_version": run_meta.get("software_version"),
        "snapshots": run_meta.get("snapshots", []),
        "kela_billing_months": run_meta.get("kela_billing_months"),
        "projects": run_meta.get("projects", []),
        "checks": check_summary(run_meta),
    }


def json_text(rows: list[dict[str, Any]], run_meta: dict[str, Any]) -> str:
    payload = {"run": run_metadata(run_meta), "rows": [{k: r[k] for k in HEADER} for r in rows]}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"


def write_xlsx(path: Path, rows: list[dict[str, Any]], run_meta: dict[str, Any]) -> None:
    # constant_memory off (we need column widths); a fixed creation date keeps the file stable.
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties(
        {"title": "ESF indicators", "author": "askel", "comments": f"as_of {run_meta.get('as_of')}"}
    )
    head = workbook.add_format(
        {
            "bold": True,
            "bg_color": "#1F3A5F",
            "font_color": "#FFFFFF",
            "border": 1,
            "text_wrap": True,
            "valign": "top",
        }
    )
    integer = workbook.add_format({"num_format": "0"})
    text = workbook.add_format({"num_format": "@"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True})

    projects = sorted({r["project_code"] for r in rows}) or [
        p["code"] for p in run_meta.get("projects", [])
    ]
    widths = {
        "project_code": 12,
        "indicator_code": 14,
        "indicator_name": 60,
        "period": 12,
        "men": 9,
        "women": 9,
        "total": 9,
        "status": 14,
        "note": 40,
    }
    for code in projects:
        sheet = workbook.add_worksheet(code[:31])
        for c, name in enumerate(HEADER):
            sheet.write_string(0, c, name, head)
            sheet.set_column(c, c, widths[name])
        sheet.freeze_panes(1, 0)
        project_rows = [r for r in rows if r["project_code"] == code]
        for i, r in enumerate(project_rows, start=1):
            for c, name in enumerate(HEADER):
                value = r[name]
                if name in COUNTS:
                    if value is None:
                        sheet.write_blank(i, c, None, integer)
                    else:
                        sheet.write_number(i, c, value, integer)
                else:
                    sheet.write_string(i, c, str(value), text)
        sheet.autofilter(0, 0, max(len(project_rows), 1), len(HEADER) - 1)

    meta = workbook.add_worksheet("run")
    meta.set_column(0, 0, 24)
    meta.set_column(1, 1, 40)
    meta.set_column(2, 3, 22)
    meta.set_column(4, 4, 70)
    row = 0
    info = run_metadata(run_meta)
    for key in ("as_of", "software_version", "kela_billing_months"):
        meta.write_string(row, 0, key, bold)
        meta.write(row, 1, "" if info[key] is None else str(info[key]))
        row += 1
    checks = info["checks"]
    if checks:
        meta.write_string(row, 0, "checks", bold)
        meta.write_string(row, 1, f"{checks.get('passed')} of {checks.get('total')} passed")
        row += 1
    row += 1
    meta.write_row(row, 0, ["snapshot source", "file", "extraction_date", "", "sha256"], head)
    row += 1
    for s in info["snapshots"]:
        meta.write_row(
            row,
            0,
            [
                str(s.get("source", "")),
                str(s.get("file", "")),
                str(s.get("extraction_date", "")),
                "",
                str(s.get("sha256", "")),
            ],
        )
        row += 1
    row += 1
    meta.write_row(row, 0, ["indicator_code", "indicator_name", "", "", "definition"], head)
    row += 1
    names = {r["indicator_code"]: r["indicator_name"] for r in rows}
    for code in sorted(set(names) | set(INDICATORS)):
        meta.write_string(row, 0, code)
        meta.write_string(row, 1, names.get(code, ""), wrap)
        meta.write_string(row, 4, definition(code), wrap)
        row += 1
    workbook.close()


def render_export(con: duckdb.DuckDBPyConnection, staging_dir: Path, run_meta: dict) -> list[Path]:
    """Write export/esf_indicators.csv, .xlsx and .json under `staging_dir`; return the paths."""
    rows = export_rows(con)
    folder = Path(staging_dir) / "export"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "esf_indicators.csv"
    csv_path.write_bytes(csv_text(rows).encode("utf-8"))
    xlsx_path = folder / "esf_indicators.xlsx"
    write_xlsx(xlsx_path, rows, run_meta)
    json_path = folder / "esf_indicators.json"
    json_path.write_bytes(json_text(rows, run_meta).encode("utf-8"))
    return [csv_path, xlsx_path, json_path]
