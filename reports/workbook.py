"""The funder workbook `export/esf_indicators.xlsx`: the export's rows formatted for people.

Sheets, in order:
- one per project (named by its code): the project's code, name, lead, period, budget and
  `as_of` at the top, then the export's rows of that project as in the CSV, under headers in
  words (Finnish / English);
- `Liite I - Annex I`: the funder's own layout, one block per project: one row per indicator in
  the Annex's order with its official name, men / women / total for the cumulative period and
  for each year; the Annex I indicators askel does not report are listed with the reason
  (reports/annex_i.py);
- `Määritelmät - Definitions`: every indicator's official name, Finnish name and definition;
- `Ajo - Run`: the run's reference day, software version, checks and the extracts used.

Every date is a date cell (shown `yyyy-mm-dd`), every count and year a number cell, euros a
number cell with two decimals; the rest is text. Choices where the spec is silent: the
configuration has no project name, so the sheet names the project by its role (main / sister
project) unless the run metadata carries a `name`; the workbook's creation date is `as_of`, so
that the same warehouse gives the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from askel.warehouse.marts_schema import CUMULATIVE, EXPORT_COLUMNS, EXPORT_COUNTS
from reports.annex_i import NOT_REPORTED, NOT_REPORTED_BY_CODE, table_position
from reports.definitions import INDICATORS, definition
from reports.definitions import name as indicator_name

#: export column -> (Finnish, English) header for people (the CSV and JSON keep the names)
LABELS: dict[str, tuple[str, str]] = {
    "project_code": ("Hanke", "Project"),
    "indicator_code": ("Indikaattori", "Indicator"),
    "indicator_name": ("Indikaattorin nimi", "Indicator name"),
    "period": ("Kausi", "Period"),
    "men": ("Miehet", "Men"),
    "women": ("Naiset", "Women"),
    "total": ("Yhteensä", "Total"),
    "status": ("Tila", "Status"),
    "note": ("Huomautus", "Note"),
}

#: value of `status` / `period` -> (Finnish, English) words for people
VALUE_LABELS: dict[str, tuple[str, str]] = {
    "ok": ("Laskettu", "Computed"),
    "not_available": ("Ei saatavilla", "Not available"),
    CUMULATIVE: ("Kertymä", "Cumulative"),
}

ANNEX_SHEET = "Liite I - Annex I"
DEFINITIONS_SHEET = "Määritelmät - Definitions"
RUN_SHEET = "Ajo - Run"

OFFICIAL_NAME = (
    "Nimi (asetus (EU) N:o 1304/2013, liite I)",
    "Name (Regulation (EU) No 1304/2013, Annex I)",
)

ROLE_NAMES: dict[str, tuple[str, str]] = {
    "main": ("Päähanke", "Main project"),
    "sister": ("Sisarhanke", "Sister project"),
}

WIDTHS = {
    "project_code": 10,
    "indicator_code": 14,
    "indicator_name": 62,
    "period": 14,
    "men": 10,
    "women": 10,
    "total": 11,
    "status": 16,
    "note": 48,
}


def both(pair: tuple[str, str]) -> str:
    """A label in both languages, Finnish first: "Miehet / Men"."""
    fi, en = pair
    return fi if fi == en else f"{fi} / {en}"


def header(column: str) -> str:
    return both(LABELS[column])


def value_words(value: str) -> str:
    pair = VALUE_LABELS.get(value)
    return both(pair) if pair else value


def project_name(project: dict[str, Any]) -> str:
    if project.get("name"):
        return str(project["name"])
    pair = ROLE_NAMES.get(str(project.get("role", "")))
    return both(pair) if pair else ""


def as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_euros(value: Any) -> float | None:
    if value in (None, ""):
        return None
    return float(str(value).replace(" ", "").replace(",", "."))


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"valign": "top"}
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.label = book.add_format({"bold": True, **base})
        self.head = book.add_format(
            {
                "bold": True,
                "bg_color": "#1F3A5F",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
                **base,
            }
        )
        self.head_centre = book.add_format(
            {
                "bold": True,
                "bg_color": "#1F3A5F",
                "font_color": "#FFFFFF",
                "border": 1,
                "align": "center",
                **base,
            }
        )
        self.text = book.add_format({"text_wrap": True, **base})
        self.integer = book.add_format({"num_format": "0", **base})
        self.year = book.add_format({"num_format": "0", "align": "left", **base})
        self.year_head = book.add_format(
            {
                "num_format": "0",
                "bold": True,
                "bg_color": "#1F3A5F",
                "font_color": "#FFFFFF",
                "border": 1,
                "align": "center",
                **base,
            }
        )
        self.date = book.add_format({"num_format": "yyyy-mm-dd", "align": "left", **base})
        self.euros = book.add_format({"num_format": "#,##0.00", "align": "left", **base})
        self.muted = book.add_format(
            {"italic": True, "font_color": "#5B6773", "text_wrap": True, **base}
        )


def _write_date(sheet: Worksheet, row: int, col: int, value: Any, f: _Formats) -> None:
    day = as_date(value)
    if day is None:
        sheet.write_blank(row, col, None, f.date)
    else:
        sheet.write_datetime(row, col, dt.datetime(day.year, day.month, day.day), f.date)


def _write_count(sheet: Worksheet, row: int, col: int, value: int | None, f: _Formats) -> None:
    if value is None:
        sheet.write_blank(row, col, None, f.integer)
    else:
        sheet.write_number(row, col, value, f.integer)


def _project_block(
    sheet: Worksheet, row: int, project: dict[str, Any], as_of: Any, f: _Formats
) -> int:
    """The project's identity, period and reference day as label / value rows; next free row."""
    items: list[tuple[tuple[str, str], str, Any]] = [
        (("Hanke", "Project"), "text", project.get("code", "")),
        (("Nimi", "Name"), "text", project_name(project)),
        (("Päätoteuttaja", "Lead"), "text", project.get("lead", "")),
        (("Alkupäivä", "Start"), "date", project.get("start")),
        (("Loppupäivä", "End"), "date", project.get("end")),
        (("Tilannepäivä (as_of)", "Reference day (as_of)"), "date", as_of),
    ]
    for label, key in (
        (("Kokonaisbudjetti, €", "Total budget, €"), "budget_eur"),
        (("EU-rahoitus, €", "EU contribution, €"), "eu_contribution_eur"),
    ):
        if as_euros(project.get(key)) is not None:
            items.append((label, "euros", project.get(key)))
    for label, kind, value in items:
        sheet.write_string(row, 0, both(label), f.label)
        if kind == "date":
            _write_date(sheet, row, 1, value, f)
        elif kind == "euros":
            sheet.write_number(row, 1, as_euros(value), f.euros)
        else:
            sheet.write_string(row, 1, str(value or ""), f.text)
        row += 1
    return row


def _period_cell(sheet: Worksheet, row: int, col: int, period: str, f: _Formats) -> None:
    if period.isdigit():
        sheet.write_number(row, col, int(period), f.year)
    else:
        sheet.write_string(row, col, value_words(period), f.text)


def _project_sheet(
    book: xlsxwriter.Workbook,
    project: dict[str, Any],
    rows: list[dict[str, Any]],
    as_of: Any,
    f: _Formats,
) -> None:
    sheet = book.add_worksheet(project["code"][:31])
    sheet.write_string(0, 0, both(("ESR-indikaattorit", "ESF indicators")), f.title)
    top = _project_block(sheet, 2, project, as_of, f) + 1
    for c, name in enumerate(EXPORT_COLUMNS):
        sheet.write_string(top, c, header(name), f.head)
        sheet.set_column(c, c, WIDTHS[name])
    sheet.set_column(0, 0, max(WIDTHS["project_code"], 30))
    sheet.set_column(1, 1, max(WIDTHS["indicator_code"], 18))
    sheet.freeze_panes(top + 1, 0)
    for i, r in enumerate(rows, start=top + 1):
        for c, name in enumerate(EXPORT_COLUMNS):
            value = r[name]
            if name in EXPORT_COUNTS:
                _write_count(sheet, i, c, value, f)
            elif name == "period":
                _period_cell(sheet, i, c, str(value), f)
            elif name == "status":
                sheet.write_string(i, c, value_words(str(value)), f.text)
            elif value:
                sheet.write_string(i, c, str(value), f.text)
            else:
                sheet.write_blank(i, c, None, f.text)
    sheet.autofilter(top, 0, top + max(len(rows), 1), len(EXPORT_COLUMNS) - 1)


def annex_codes(rows: Iterable[dict[str, Any]], extra: Iterable[str] = ()) -> list[str]:
    """The indicator rows of the funder's table: the exported codes (and `extra`) and the Annex
    I codes askel does not report, in the Annex's order."""
    codes = {r["indicator_code"] for r in rows} | set(extra) | set(NOT_REPORTED_BY_CODE)
    return sorted(codes, key=table_position)


def _annex_block(
    sheet: Worksheet,
    row: int,
    project: dict[str, Any],
    rows: list[dict[str, Any]],
    as_of: Any,
    f: _Formats,
) -> int:
    row = _project_block(sheet, row, project, as_of, f) + 1
    years = sorted({r["period"] for r in rows if r["period"] != CUMULATIVE})
    periods = [CUMULATIVE, *years]
    fixed = (("Koodi", "Code"), OFFICIAL_NAME)
    fixed_fi = ("Nimi suomeksi", "Name in Finnish")
    sheet.write_string(row, 0, both(fixed[0]), f.head)
    sheet.write_string(row, 1, both(fixed[1]), f.head)
    sheet.write_string(row, 2, both(fixed_fi), f.head)
    for col in range(3):
        sheet.write_blank(row + 1, col, None, f.head)
    col = 3
    for period in periods:
        if period == CUMULATIVE:
            sheet.merge_range(row, col, row, col + 2, value_words(period), f.head_centre)
        else:
            sheet.merge_range(row, col, row, col + 2, int(period), f.year_head)
        for k, name in enumerate(EXPORT_COUNTS):
            sheet.write_string(row + 1, col + k, header(name), f.head)
        col += 3
    note_col = col
    sheet.write_string(row, note_col, header("note"), f.head)
    sheet.write_blank(row + 1, note_col, None, f.head)
    row += 2
    by_key = {(r["indicator_code"], r["period"]): r for r in rows}
    names = {r["indicator_code"]: r["indicator_name"] for r in rows}
    for code in annex_codes(rows):
        missing = NOT_REPORTED_BY_CODE.get(code)
        style = f.muted if missing else f.text
        sheet.write_string(row, 0, code, style)
        if missing:
            sheet.write_string(row, 1, missing.name, style)
            sheet.write_string(row, 2, missing.name_fi, style)
        else:
            sheet.write_string(row, 1, names.get(code, ""), style)
            sheet.write_string(row, 2, indicator_name(code, "fi"), style)
        col = 3
        notes: list[str] = []
        for period in periods:
            r = by_key.get((code, period))
            for k, name in enumerate(EXPORT_COUNTS):
                _write_count(sheet, row, col + k, None if r is None else r[name], f)
            if r is not None and r["note"] and r["note"] not in notes:
                notes.append(r["note"])
            col += 3
        if missing:
            notes.append(both(missing.reason))
        sheet.write_string(row, note_col, " ".join(notes), style)
        row += 1
    return row


def _annex_sheet(
    book: xlsxwriter.Workbook,
    projects: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    as_of: Any,
    f: _Formats,
) -> None:
    sheet = book.add_worksheet(ANNEX_SHEET)
    sheet.write_string(
        0,
        0,
        both(
            (
                "ESR:n yhteiset indikaattorit, asetus (EU) N:o 1304/2013, liite I",
                "ESF common indicators, Regulation (EU) No 1304/2013, Annex I",
            )
        ),
        f.title,
    )
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 44)
    widest = max(
        (len({r["period"] for r in rows if r["project_code"] == p["code"]}) for p in projects),
        default=1,
    )
    sheet.set_column(3, 3 + 3 * widest - 1, 10)
    sheet.set_column(3 + 3 * widest, 3 + 3 * widest, 70)
    sheet.freeze_panes(0, 2)
    row = 2
    for project in projects:
        project_rows = [r for r in rows if r["project_code"] == project["code"]]
        row = _annex_block(sheet, row, project, project_rows, as_of, f) + 2


def _definitions_sheet(book: xlsxwriter.Workbook, rows: list[dict[str, Any]], f: _Formats) -> None:
    sheet = book.add_worksheet(DEFINITIONS_SHEET)
    heads = (
        ("Koodi", "Code"),
        OFFICIAL_NAME,
        ("Nimi suomeksi", "Name in Finnish"),
        ("Määritelmä (englanniksi)", "Definition"),
        ("Raportoidaan", "Reported"),
    )
    for c, (label, width) in enumerate(zip(heads, (16, 60, 44, 80, 60), strict=True)):
        sheet.write_string(0, c, both(label), f.head)
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    names = {r["indicator_code"]: r["indicator_name"] for r in rows}
    for i, code in enumerate(annex_codes(rows, INDICATORS), start=1):
        missing = NOT_REPORTED_BY_CODE.get(code)
        sheet.write_string(i, 0, code, f.text)
        if missing:
            sheet.write_string(i, 1, missing.name, f.muted)
            sheet.write_string(i, 2, missing.name_fi, f.muted)
            sheet.write_string(i, 3, "", f.muted)
            sheet.write_string(i, 4, f"{both(('Ei', 'No'))}: {both(missing.reason)}", f.muted)
        else:
            sheet.write_string(i, 1, names.get(code, ""), f.text)
            sheet.write_string(i, 2, indicator_name(code, "fi"), f.text)
            sheet.write_string(i, 3, definition(code), f.text)
            sheet.write_string(i, 4, both(("Kyllä", "Yes")), f.text)


def _run_sheet(book: xlsxwriter.Workbook, run: dict[str, Any], f: _Formats) -> None:
    """The run's metadata: `run` is :func:`reports.export.run_metadata` of the run."""
    sheet = book.add_worksheet(RUN_SHEET)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 2, 22)
    sheet.set_column(3, 3, 70)
    sheet.write_string(0, 0, both(("Ajon tiedot", "About this run")), f.title)
    row = 2
    sheet.write_string(row, 0, both(("Tilannepäivä (as_of)", "Reference day (as_of)")), f.label)
    _write_date(sheet, row, 1, run.get("as_of"), f)
    row += 1
    sheet.write_string(row, 0, both(("Ohjelmistoversio", "Software version")), f.label)
    sheet.write_string(row, 1, str(run.get("software_version") or ""), f.text)
    row += 1
    sheet.write_string(
        row, 0, both(("Kelan laskutuskuukausia", "Kela billing months loaded")), f.label
    )
    _write_count(sheet, row, 1, run.get("kela_billing_months"), f)
    row += 1
    checks = run.get("checks")
    if checks:
        for label, key in (
            (("Tarkistuksia", "Checks evaluated"), "evaluated"),
            (("Läpäistyjä", "Checks passed"), "passed"),
            (("Epäonnistuneita", "Checks failed"), "failed"),
        ):
            sheet.write_string(row, 0, both(label), f.label)
            _write_count(sheet, row, 1, checks[key], f)
            row += 1
    row += 1
    heads = (
        ("Lähde", "Source"),
        ("Tiedosto", "File"),
        ("Poimintapäivä", "Extraction date"),
        ("SHA-256", "SHA-256"),
    )
    for c, label in enumerate(heads):
        sheet.write_string(row, c, both(label), f.head)
    row += 1
    for s in run.get("snapshots") or []:
        sheet.write_string(row, 0, str(s.get("source", "")), f.text)
        sheet.write_string(row, 1, str(s.get("file", "")), f.text)
        _write_date(sheet, row, 2, s.get("extraction_date"), f)
        sheet.write_string(row, 3, str(s.get("sha256", "")), f.text)
        row += 1


def write_workbook(path: Path, rows: list[dict[str, Any]], run: dict[str, Any]) -> None:
    """Write the workbook. `rows` are the export's rows (:func:`reports.export.export_rows`),
    `run` the run's metadata (:func:`reports.export.run_metadata`)."""
    as_of = run.get("as_of")
    # text stays text: a lead or code from askel.toml that starts with "=" must never become a
    # formula that runs when the funder opens the file (OWASP formula injection)
    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    properties = {"title": "ESF indicators", "author": "askel", "comments": f"as_of {as_of}"}
    created = as_date(as_of)
    if created is not None:
        properties["created"] = dt.datetime(created.year, created.month, created.day)
    book.set_properties(properties)
    f = _Formats(book)
    configured = {str(p["code"]): p for p in run.get("projects") or []}
    codes = sorted({r["project_code"] for r in rows} or set(configured))
    projects = [configured.get(code, {"code": code}) for code in codes]
    for project in projects:
        project_rows = [r for r in rows if r["project_code"] == project["code"]]
        _project_sheet(book, project, project_rows, as_of, f)
    _annex_sheet(book, projects, rows, as_of, f)
    _definitions_sheet(book, rows, f)
    _run_sheet(book, run, f)
    book.close()


__all__ = ["NOT_REPORTED", "write_workbook"]
