"""Writing the frames in the contract's formats: `;` CSV (UTF-8, UTF-8 with BOM, or
Windows-1252 encoded in chunks) and the ESF workbook (xlsxwriter, constant memory, fixed
document date so the same seed gives the same bytes)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import polars as pl
import xlsxwriter

CHUNK_ROWS = 200_000
FIXED_CREATED = dt.datetime(2020, 1, 1, 0, 0, 0)
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _blank_to_null(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns
    )


def write_csv(
    frame: pl.DataFrame,
    path: Path,
    header: list[str],
    encoding: str = "utf-8",
    truncate_last: bool = False,
) -> int:
    """Write `frame` (text columns in file order) under `header`; return the data rows written.

    `truncate_last` cuts the last row to half its fields, without a newline.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = _blank_to_null(frame)
    frame.columns = header
    body, tail = (frame.head(frame.height - 1), frame.tail(1)) if truncate_last else (frame, None)
    with path.open("wb") as fh:
        if encoding == "utf-8-sig":
            fh.write(b"\xef\xbb\xbf")
        if encoding in ("utf-8", "utf-8-sig"):
            body.write_csv(fh, separator=";", null_value="")
        else:
            for offset in range(0, max(body.height, 1), CHUNK_ROWS):
                buf = io.BytesIO()
                body.slice(offset, CHUNK_ROWS).write_csv(
                    buf, separator=";", null_value="", include_header=offset == 0
                )
                fh.write(buf.getvalue().decode("utf-8").encode(encoding))
        if tail is not None:
            values = ["" if v is None else str(v) for v in tail.row(0)]
            cut = ";".join(values[: max(1, len(values) // 2)])
            fh.write(cut.encode("utf-8" if encoding == "utf-8-sig" else encoding))
    return frame.height


def write_workbook(
    frame: pl.DataFrame, path: Path, columns: list[str], text_dates: list[bool]
) -> int:
    """The ESF workbook, sheet `osallistujat`: dates as Excel date cells, or as text on the rows
    flagged in `text_dates` (and whenever a value is no date); `koulutusaste` as numbers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": FIXED_CREATED, "author": "askel synth"})
    ws = wb.add_worksheet("osallistujat")
    date_fmt = wb.add_format({"num_format": "d.m.yyyy"})
    ws.write_row(0, 0, columns)
    date_cols = {columns.index(c) for c in ("aloituspvm", "lopetuspvm")}
    number_col = columns.index("koulutusaste")
    for r, (row, as_text) in enumerate(zip(frame.iter_rows(), text_dates, strict=True), start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if c in date_cols and not as_text:
                m = _DATE.match(value)
                if m:
                    try:
                        day = dt.datetime(int(m[3]), int(m[2]), int(m[1]))
                    except ValueError:
                        day = None
                    if day is not None:
                        ws.write_datetime(r, c, day, date_fmt)
                        continue
            if c == number_col and value.isdigit():
                ws.write_number(r, c, int(value))
                continue
            ws.write_string(r, c, value)
    wb.close()
    return frame.height
