"""The quarantine folder: rows and files that broke the contract, each with its reason.

Layout: `<quarantine>/<source with / as __>/<file>.rows.csv` (quarantined rows: line, finding,
detail, then the file's own columns) and, for a file rejected whole, a copy `<file>` plus
`<file>.reason.txt`. A rejected workbook cannot be redacted in place, so it is copied as one
CSV per sheet (`<file>.sheet-<name>.csv`).

No plain identity code is written (interface.md). Quarantined rows carry the pseudonym in the
`hetu` column and every other code replaced by its pseudonym (`hetu.redact_text`). A rejected
file is redacted after decoding it with the encoding its bytes show (a BOM, UTF-16/32 without
one, else UTF-8, Windows-1252 or Latin-1) and written back in that encoding; when no encoding
gives plausible text (see `_plausible`), nothing of its content is copied: only
`<file>.not-copied.txt` with its name, size, hash and reason (the original stays in the landing
folder, where the partner put it).

Every cell that a spreadsheet would run as a formula is neutralised (`askel.csv_safe`). The
folder and its files are owner-only (`askel.private_files`): they hold personal data.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import polars as pl

from askel.csv_safe import neutralise_delimited, neutralise_frame
from askel.ingest import hetu
from askel.private_files import private_dir, write_private

#: byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one)
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: encodings tried, in order, on bytes with NUL bytes and no BOM; and on bytes without NULs
WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
NARROW = ("utf-8", "cp1252", "latin-1")
#: a text this long with no line break is no extract (e.g. EBCDIC read as Latin-1)
MAX_SINGLE_LINE = 256
#: control characters (Unicode category Cc) other than tab, line feed and carriage return
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def folder(quarantine_dir: Path, source: str) -> Path:
    """The source's quarantine folder; it and the quarantine folder itself owner-only."""
    return private_dir(quarantine_dir / source.replace("/", "__"), below=quarantine_dir.parent)


def write_rows(
    quarantine_dir: Path, source: str, file_name: str, load_id: str, rows: pl.DataFrame
) -> Path:
    """Quarantined rows of one file (a second content under the same name gets its load id)."""
    target = folder(quarantine_dir, source) / f"{file_name}.rows.csv"
    if target.exists() and f"load {load_id}" not in target.read_text(encoding="utf-8")[:200]:
        target = target.with_name(f"{file_name}.{load_id}.rows.csv")
    buffer = io.BytesIO()
    buffer.write(f"# quarantined rows of {file_name}, load {load_id}\n".encode())
    neutralise_frame(rows).write_csv(buffer)
    return write_private(target, buffer.getvalue())


def write_rejected_file(
    quarantine_dir: Path, source: str, file_name: str, data: bytes, reason: str, key: bytes
) -> None:
    base = folder(quarantine_dir, source)
    write_private(base / f"{file_name}.reason.txt", (reason + "\n").encode("utf-8"))
    if data[:4] == b"PK\x03\x04":
        _write_workbook_sheets(base, file_name, data, reason, key)
        return
    decoded = decode_confidently(data)
    if decoded is None:
        _write_not_copied(base, file_name, data, reason, "its bytes are no text askel can read")
        return
    bom, encoding, text = decoded
    copy = neutralise_delimited(hetu.redact_text(text, key))
    write_private(base / file_name, bom + copy.encode(encoding))


def decode_confidently(data: bytes) -> tuple[bytes, str, str] | None:
    """(BOM, encoding, text) of `data`, or None when no encoding gives plausible text."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _decode(data[len(bom) :], encoding)
            return (bom, encoding, text) if text is not None and _plausible(text) else None
    for encoding in WIDE if b"\x00" in data else NARROW:
        text = _decode(data, encoding)
        if text is not None and _plausible(text):
            return b"", encoding, text
    return None


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _plausible(text: str) -> bool:
    """Text an extract could be: no control character but tab and line breaks, mostly ASCII
    (Finnish CSV is), and line breaks unless it is short. Bytes read in a wrong encoding fail
    one of these (UTF-16 read as UTF-8 has NULs, the wrong byte order gives CJK letters and no
    line break, EBCDIC read as Latin-1 gives C1 controls or no line break)."""
    if not text:
        return True
    if _CONTROL.search(text):
        return False
    if len(text.encode("ascii", errors="ignore")) * 2 < len(text):
        return False
    return len(text) <= MAX_SINGLE_LINE or "\n" in text or "\r" in text


def _write_not_copied(base: Path, file_name: str, data: bytes, reason: str, why: str) -> None:
    note = (
        f"file: {file_name}\nsize: {len(data)} bytes\nsha256: {hashlib.sha256(data).hexdigest()}\n"
        f"reason: {reason}\nnot copied: {why}, so an identity code in it could not be redacted; "
        "the original is in the landing folder.\n"
    )
    write_private(base / f"{file_name}.not-copied.txt", note.encode("utf-8"))


def _write_workbook_sheets(
    base: Path, file_name: str, data: bytes, reason: str, key: bytes
) -> None:
    import fastexcel

    try:
        workbook = fastexcel.read_excel(data)
        sheets = workbook.sheet_names
    except Exception:
        _write_not_copied(base, file_name, data, reason, "it is a zip archive but no workbook")
        return
    for sheet in sheets:
        try:
            frame = workbook.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        except Exception:
            continue
        frame = redact_frame(frame, key)
        buffer = io.BytesIO()
        neutralise_frame(frame).write_csv(buffer, include_header=False)
        safe = "".join(ch if ch.isalnum() else "_" for ch in hetu.scrub(sheet))
        write_private(base / f"{file_name}.sheet-{safe}.csv", buffer.getvalue())


def redact_frame(frame: pl.DataFrame, key: bytes) -> pl.DataFrame:
    """Every text cell with an identity code redacted (Python only on the cells that may hold
    one)."""
    out = frame
    for name, dtype in frame.schema.items():
        if dtype != pl.String:
            continue
        hits = frame.select(hetu.may_hold_code(pl.col(name)).fill_null(False).arg_true())
        index = hits.to_series()
        if index.len():
            fixed = [hetu.redact_text(v, key) for v in frame[name].gather(index).to_list()]
            out = out.with_columns(out[name].scatter(index, pl.Series(fixed, dtype=pl.String)))
    return out


__all__ = ["decode_confidently", "folder", "redact_frame", "write_rejected_file", "write_rows"]
