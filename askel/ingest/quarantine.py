"""The quarantine folder: rows and files that broke the contract, each with its reason.

Layout: `<quarantine>/<source with / as __>/<file>.rows.csv` (quarantined rows: line, finding,
detail, then the file's own columns) and, for a file rejected whole, a copy `<file>` plus
`<file>.reason.txt`. No plain identity code is written: the rows carry the pseudonym in the
`hetu` column, and a rejected file's copy has every code-shaped token replaced by its
pseudonym (the bytes are read as latin-1 so any encoding survives unchanged otherwise). A
workbook cannot be redacted in place, so a rejected workbook is copied as one CSV per sheet.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from askel.ingest import hetu


def folder(quarantine_dir: Path, source: str) -> Path:
    path = quarantine_dir / source.replace("/", "__")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_rows(
    quarantine_dir: Path, source: str, file_name: str, load_id: str, rows: pl.DataFrame
) -> Path:
    """Quarantined rows of one file (a second content under the same name gets its load id)."""
    target = folder(quarantine_dir, source) / f"{file_name}.rows.csv"
    if target.exists() and f"load {load_id}" not in target.read_text(encoding="utf-8")[:200]:
        target = target.with_name(f"{file_name}.{load_id}.rows.csv")
    buffer = io.BytesIO()
    buffer.write(f"# quarantined rows of {file_name}, load {load_id}\n".encode())
    rows.write_csv(buffer)
    _write_atomic(target, buffer.getvalue())
    return target


def write_rejected_file(
    quarantine_dir: Path, source: str, file_name: str, data: bytes, reason: str, key: bytes
) -> None:
    base = folder(quarantine_dir, source)
    _write_atomic(base / f"{file_name}.reason.txt", (reason + "\n").encode("utf-8"))
    if data[:4] == b"PK\x03\x04":
        _write_workbook_sheets(base, file_name, data, key)
        return
    text = hetu.redact_text(data.decode("latin-1"), key)
    _write_atomic(base / file_name, text.encode("latin-1"))


def _write_workbook_sheets(base: Path, file_name: str, data: bytes, key: bytes) -> None:
    import fastexcel

    try:
        workbook = fastexcel.read_excel(data)
        sheets = workbook.sheet_names
    except Exception:
        note = "a zip archive that is not a readable workbook; not copied (see the landing folder)"
        _write_atomic(base / f"{file_name}.not-copied.txt", (note + "\n").encode())
        return
    for sheet in sheets:
        try:
            frame = workbook.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        except Exception:
            continue
        buffer = io.BytesIO()
        frame.write_csv(buffer, include_header=False)
        text = hetu.redact_text(buffer.getvalue().decode("utf-8"), key)
        safe = "".join(ch if ch.isalnum() else "_" for ch in sheet)
        _write_atomic(base / f"{file_name}.sheet-{safe}.csv", text.encode("utf-8"))
