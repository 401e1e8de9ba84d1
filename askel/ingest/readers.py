"""One reader per container: bytes of a CSV or XLSX extract -> a table of raw text fields.

Readers only decode and split; they never judge values (that is `rules.py`). They reject a
whole file (`FileRejected`) only for what makes it unreadable: `bad_encoding`, `not_a_workbook`.

Every data row keeps its line number (header = line 1; workbook: the sheet's row number) and,
for CSV, its own field count, because polars silently fills short rows with NULLs and a
`truncated_row` must be told apart from empty trailing fields. Blank lines (and blank sheet
rows) are not records: they are skipped and not counted.

CSV fast path: files without a double quote are read line by line with polars and split on
`;` (vectorised). Files with quotes go through Python's csv module, which is slower but
handles quoted separators and line breaks exactly.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import fastexcel
import polars as pl

BOM = b"\xef\xbb\xbf"
LINE = "_line"
NFIELDS = "_nfields"
OVERFLOW = "_overflow"
SHEET = "osallistujat"
DATE_CELLS = "_date_cells"
#: how calamine renders a date cell as text (a text cell may look the same: see read_xlsx)
_DATE_CELL_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?$"


class FileRejected(Exception):
    """A whole file cannot be read; `kind` is its finding, the message one sentence."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass
class RawTable:
    #: header cells as they appear (stripped)
    header: list[str]
    #: `_line`, `_nfields` (NULL for workbooks), `f0`..`f{n-1}` raw text, `_overflow`
    frame: pl.DataFrame


def field_name(i: int) -> str:
    return f"f{i}"


def decode_csv(data: bytes, encoding: str, label: str) -> bytes:
    """UTF-8 bytes of a CSV extract (BOM removed), or `bad_encoding`."""
    if encoding == "utf-8":
        if data.startswith(BOM):
            data = data[len(BOM) :]
        if not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise FileRejected(
                    "bad_encoding",
                    f"{label} is not UTF-8 text: line {line} holds a byte that does not decode "
                    "(re-export the file as UTF-8).",
                ) from None
        return data
    # Windows-1252 (kunta): a file that is valid UTF-8 with non-ASCII text was exported in the
    # wrong encoding (its ä would read as "Ã¤"), so it is rejected rather than garbled.
    if data.isascii():
        return data
    utf8 = True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = False
    if utf8:
        raise FileRejected(
            "bad_encoding",
            f"{label} is UTF-8 text, but this extract must be Windows-1252 "
            "(re-export the file as Windows-1252).",
        )
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            "bad_encoding",
            f"{label} is not Windows-1252 text: line {line} holds a byte that Windows-1252 "
            "does not define.",
        ) from None


def read_csv(data: bytes, encoding: str, label: str) -> RawTable:
    text = decode_csv(data, encoding, label)
    if b'"' in text or b"\x1f" in text:
        return _read_csv_quoted(text)
    return _read_csv_plain(text)


def _split_header(line: str | None) -> list[str]:
    if line is None or not line.strip():
        return []
    return [h.strip() for h in line.split(";")]


def _read_csv_plain(text: bytes) -> RawTable:
    if not text.strip():
        return RawTable([], pl.DataFrame())
    # Lines as one text column (for line numbers and field counts) and the fields themselves,
    # both read by polars from the same bytes, so their rows correspond one to one.
    lines = pl.read_csv(
        text,
        has_header=False,
        separator="\x1f",
        quote_char=None,
        infer_schema=False,
        new_columns=["text"],
    )
    header = _split_header(lines["text"][0])
    n = max(len(header), 1)
    counts = lines.lazy().select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(LINE),
        (pl.col("text").str.count_matches(";", literal=True) + 1).cast(pl.Int32).alias(NFIELDS),
        (pl.col("text").is_not_null() & ~pl.col("text").str.contains(r"^\s*$")).alias("record"),
    )
    names = [field_name(i) for i in range(n)]
    if (
        lines.lazy()
        .select((pl.col("text").str.count_matches(";", literal=True) >= n).any())
        .collect()
        .item()
    ):
        # some row has more fields than the header: keep them (splitting is slower)
        fields = lines.select(
            pl.col("text").str.splitn(";", n + 1).struct.rename_fields([*names, OVERFLOW])
        ).unnest("text")
    else:
        fields = pl.read_csv(
            text,
            has_header=False,
            separator=";",
            quote_char=None,
            infer_schema=False,
            new_columns=names,
            truncate_ragged_lines=True,
        ).with_columns(pl.lit(None, dtype=pl.String).alias(OVERFLOW))
    if fields.height != lines.height:
        raise AssertionError("CSV line and field readers disagree")  # never expected
    frame = (
        pl.concat([counts.collect(), fields], how="horizontal")
        .slice(1)
        .filter(pl.col("record"))
        .drop("record")
    )
    return RawTable(header, frame)


def _read_csv_quoted(text: bytes) -> RawTable:
    reader = csv.reader(io.StringIO(text.decode("utf-8"), newline=""), delimiter=";")
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    for record in reader:
        if not header and start == 1:
            header = [h.strip() for h in record] if any(f.strip() for f in record) else []
        elif record and any(f.strip() for f in record):
            rows.append(record)
            lines.append(start)
        start = reader.line_num + 1
    n = max(len(header), 1)
    columns: dict[str, list[str | None]] = {field_name(i): [] for i in range(n)}
    overflow: list[str | None] = []
    for record in rows:
        for i in range(n):
            columns[field_name(i)].append(record[i] if i < len(record) else None)
        overflow.append(";".join(record[n:]) if len(record) > n else None)
    frame = pl.DataFrame(
        {
            LINE: pl.Series(lines, dtype=pl.Int64),
            NFIELDS: pl.Series([len(r) for r in rows], dtype=pl.Int32),
            **{k: pl.Series(v, dtype=pl.String) for k, v in columns.items()},
            OVERFLOW: pl.Series(overflow, dtype=pl.String),
        }
    )
    return RawTable(header, frame)


def date_cells(field: str) -> str:
    """The column holding the dates of real date cells of `field` (workbooks only)."""
    return f"{field}{DATE_CELLS}"


def read_xlsx(data: bytes, label: str, date_columns: frozenset[str] = frozenset()) -> RawTable:
    """Sheet `osallistujat` as text: date cells read as ISO text, numbers as plain text.

    For the columns named in `date_columns` (any case), `date_cells(field)` also holds the date
    of each cell that is a real Excel date cell (a number with a date format), NULL for every
    other cell: sources.md allows a date cell or the text D.M.YYYY, and a text cell that merely
    looks like a date cell's text (`2021-11-19`) is neither. calamine converts only date and
    number cells to datetimes, and renders date cells (not numbers) as `YYYY-MM-DD hh:mm:ss`
    text, so a cell is a date cell when both readings agree.
    """
    try:
        workbook = fastexcel.read_excel(data)
    except Exception:
        raise FileRejected("not_a_workbook", f"{label} is not an Excel workbook (.xlsx).") from None
    sheet = next((s for s in workbook.sheet_names if s.strip().lower() == SHEET), None)
    if sheet is None:
        raise FileRejected("not_a_workbook", f"{label} is a workbook without the sheet {SHEET}.")
    try:
        table = workbook.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    except Exception:
        return RawTable([], pl.DataFrame())
    if table.height == 0:
        return RawTable([], pl.DataFrame())
    # calamine starts the sheet at its first non-empty row; the contract's row numbers are the
    # sheet's own, so add back the rows it skipped.
    first_row = _first_sheet_row(data, sheet)
    names = table.columns
    header = [(table[c][0] or "").strip() for c in names]
    header = [h or f"column_{i + 1}" for i, h in enumerate(header)]
    fields = [field_name(i) for i in range(len(names))]
    cells = _date_cells(
        workbook, sheet, table, [i for i, h in enumerate(header) if h.lower() in date_columns]
    )
    frame = (
        table.rename(dict(zip(names, fields, strict=True)))
        .with_columns(cells)
        .with_row_index(LINE, offset=first_row)
        .slice(1)
        .filter(~pl.all_horizontal(pl.col(fields).is_null()))
        .with_columns(
            pl.col(LINE).cast(pl.Int64),
            pl.lit(None, dtype=pl.Int32).alias(NFIELDS),
            pl.lit(None, dtype=pl.String).alias(OVERFLOW),
        )
    )
    return RawTable(header, frame)


def _date_cells(workbook, sheet: str, text: pl.DataFrame, columns: list[int]) -> list[pl.Series]:
    """`date_cells(field)` of each column in `columns` (see read_xlsx)."""
    if not columns:
        return []
    typed = workbook.load_sheet(
        sheet, header_row=None, use_columns=columns, dtypes={i: "datetime" for i in columns}
    ).to_polars()
    if typed.height != text.height:  # never expected: both read the same range of the sheet
        raise AssertionError("workbook readings disagree")
    out = []
    for i, name in zip(columns, typed.columns, strict=True):
        both = pl.DataFrame(
            {"text": text[text.columns[i]], "value": typed[name].cast(pl.Date, strict=False)}
        )
        is_date_cell = pl.col("text").str.contains(_DATE_CELL_TEXT).fill_null(False)
        out.append(
            both.select(pl.when(is_date_cell).then(pl.col("value")))
            .to_series()
            .alias(date_cells(field_name(i)))
        )
    return out


def _first_sheet_row(data: bytes, sheet: str) -> int:
    """Row number of the first cell holding a value in `sheet` (1 if it cannot be told)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book = z.read("xl/workbook.xml").decode("utf-8")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
            m = re.search(r'<sheet\b[^>]*\bname="' + re.escape(sheet) + r'"[^>]*>', book)
            rid = re.search(r'\br:id="([^"]+)"', m.group(0)).group(1) if m else None
            target = None
            for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
                if f'Id="{rid}"' in rel.group(0):
                    target = re.search(r'Target="([^"]+)"', rel.group(0)).group(1)
            if target is None:
                return 1
            target = target.lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            xml = z.read(path).decode("utf-8")
    except (KeyError, AttributeError, zipfile.BadZipFile, UnicodeDecodeError):
        return 1
    for cell in re.finditer(r'<c\b[^>]*?\br="[A-Z]+(\d+)"[^>]*?(?<!/)>(.*?)</c>', xml, re.S):
        if re.search(r"<(?:v|is)\b[^>]*>\s*[^<\s]", cell.group(2)) or "<t" in cell.group(2):
            return int(cell.group(1))
    return 1
