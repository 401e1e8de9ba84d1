"""The funder export: `export/esf_indicators.{csv,xlsx,json}` (interface.md), exact counts.

The rows come from `marts.esf_indicators` as they are; this module only fixes their order and
their format. The columns are `askel.warehouse.marts_schema.EXPORT_COLUMNS`, the one home of
the export's header.
- CSV: UTF-8 without BOM, comma-separated, RFC 4180 quoting (a field is quoted only when it holds
  a comma, quote or line break), `\\n` line endings, plain integers, empty counts when `status`
  is `not_available`; rows sorted by project_code, indicator_code, period as plain text (Python
  string order equals byte order for these ASCII codes).
- XLSX: formatted for people (reports/workbook.py).
- JSON: `{"run": {...}, "rows": [...]}`, counts as integers or null; `run.checks` is
  :func:`check_summary`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import duckdb

from askel.warehouse.marts_schema import EXPORT_COLUMNS, EXPORT_COUNTS
from reports.marts import as_int, read_mart
from reports.workbook import write_workbook


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
        for k in EXPORT_COUNTS:
            row[k] = None if status == "not_available" else as_int(r[k])
        out.append(row)
    out.sort(key=lambda r: (r["project_code"], r["indicator_code"], r["period"]))
    return out


def csv_text(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        writer.writerow(["" if r[k] is None else r[k] for k in EXPORT_COLUMNS])
    return buf.getvalue()


def check_summary(run_meta: dict[str, Any]) -> dict[str, int] | None:
    """The run's checks as `{"evaluated": n, "passed": p, "failed": f}`.

    `run_meta["check_summary"]` is what the publish step counted (that shape); without it, the
    summary is counted from `run_meta["checks"]` (check records with `passed`).
    """
    if run_meta.get("check_summary") is not None:
        given = run_meta["check_summary"]
        return {k: int(given[k]) for k in ("evaluated", "passed", "failed")}
    checks = run_meta.get("checks")
    if not checks:
        return None
    passed = sum(1 for c in checks if c.get("passed"))
    return {"evaluated": len(checks), "passed": passed, "failed": len(checks) - passed}


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
    payload = {
        "run": run_metadata(run_meta),
        "rows": [{k: r[k] for k in EXPORT_COLUMNS} for r in rows],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"


def render_export(con: duckdb.DuckDBPyConnection, staging_dir: Path, run_meta: dict) -> list[Path]:
    """Write export/esf_indicators.csv, .xlsx and .json under `staging_dir`; return the paths."""
    rows = export_rows(con)
    folder = Path(staging_dir) / "export"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "esf_indicators.csv"
    csv_path.write_bytes(csv_text(rows).encode("utf-8"))
    xlsx_path = folder / "esf_indicators.xlsx"
    write_workbook(xlsx_path, rows, run_metadata(run_meta))
    json_path = folder / "esf_indicators.json"
    json_path.write_bytes(json_text(rows, run_meta).encode("utf-8"))
    return [csv_path, xlsx_path, json_path]
