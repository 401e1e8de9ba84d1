"""Writing the frames in the contract's formats: `;` CSV (UTF-8, UTF-8 with BOM, or
Windows-1252 encoded in chunks) and the ESF workbook (xlsxwriter, constant memory, fixed
document date so the same seed gives the same bytes)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import polars as pl
import xlsxwriter

CHUNK_ROWS = 200_000
FIXED_CREATED = dt.datetime(2020, 1, 1, 0, 0, 0)


def _blank_to_null(frame: pl.DataFrame) -> pl.DataFrame:
    """Empty strings as nulls (polars would quote them); copies only when there are any."""
    if not frame.select(pl.any_horizontal((pl.all() == "").any())).item():
        return frame
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


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _escape(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _template() -> bytes:
    """A one-cell workbook from xlsxwriter: its package parts and the date style (s="1")."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": FIXED_CREATED, "author": "askel synth"})
    ws = wb.add_worksheet("osallistujat")
    ws.write_datetime(0, 0, FIXED_CREATED, wb.add_format({"num_format": "d.m.yyyy"}))
    wb.close()
    return buf.getvalue()


def _sheet_rows(
    frame: pl.DataFrame, columns: list[str], text_dates: pl.Series, first_row: int
) -> pl.Series:
    """One `<row>` element per row: dates as serial numbers with the date style unless the row
    keeps its dates as text (or a value is no date), `koulutusaste` digits as numbers, the rest
    as inline strings; empty values are no cell at all."""
    excel_epoch = dt.date(1899, 12, 30)
    rownum = (pl.int_range(pl.len()) + first_row).cast(pl.Utf8)
    cells = []
    for j, name in enumerate(columns):
        ref = pl.lit(f'<c r="{_column_letter(j)}') + rownum
        value = pl.col(name)
        text = ref + '" t="inlineStr"><is><t>' + _escape(value) + "</t></is></c>"
        cell = text
        if name in ("aloituspvm", "lopetuspvm"):
            day = value.str.strptime(pl.Date, "%d.%m.%Y", strict=False)
            serial = (day - pl.lit(excel_epoch)).dt.total_days().cast(pl.Utf8)
            as_date = ref + '" s="1"><v>' + serial + "</v></c>"
            cell = pl.when(day.is_not_null() & ~pl.col("_text_dates")).then(as_date).otherwise(text)
        elif name == "koulutusaste":
            number = ref + '"><v>' + value + "</v></c>"
            cell = pl.when(value.str.contains(r"^\d+$")).then(number).otherwise(text)
        cells.append(pl.when(value.is_null() | (value == "")).then(pl.lit("")).otherwise(cell))
    row = pl.concat_str([pl.lit('<row r="') + rownum + '">', *cells, pl.lit("</row>")])
    return frame.with_columns(_text_dates=text_dates).select(row.alias("row")).to_series()


def write_workbook(
    frame: pl.DataFrame, path: Path, columns: list[str], text_dates: list[bool]
) -> int:
    """The ESF workbook, sheet `osallistujat`, as a real xlsx package.

    xlsxwriter writes the package (workbook, styles with the `d.m.yyyy` date format, document
    properties with a fixed creation date); the sheet's XML is built column-wise with polars,
    since writing 100k rows cell by cell takes xlsxwriter too long. Zip members carry a fixed
    timestamp, so the same frame always gives the same bytes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "".join(
        f'<c r="{_column_letter(j)}1" t="inlineStr"><is><t>{c}</t></is></c>'
        for j, c in enumerate(columns)
    )
    last = f"{_column_letter(len(columns) - 1)}{frame.height + 1}"
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="A1:{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/>'
        '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>'
        f'<row r="1">{header}</row>'
    )
    tail = (
        '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
        'header="0.3" footer="0.3"/></worksheet>'
    )
    template = zipfile.ZipFile(io.BytesIO(_template()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in template.namelist():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name != "xl/worksheets/sheet1.xml":
                zf.writestr(info, template.read(name))
                continue
            with zf.open(info, "w", force_zip64=True) as fh:
                fh.write(head.encode("utf-8"))
                for offset in range(0, frame.height, CHUNK_ROWS):
                    part = frame.slice(offset, CHUNK_ROWS)
                    flags = pl.Series(text_dates[offset : offset + CHUNK_ROWS], dtype=pl.Boolean)
                    rows = _sheet_rows(part, columns, flags, offset + 2)
                    fh.write("".join(rows.to_list()).encode("utf-8"))
                fh.write(tail.encode("utf-8"))
    return frame.height
