"""The funder workbook, read back cell by cell: project sheets that start with the project,
headers in words, dates and numbers as real cells, the funder's Annex I table (with the Annex
indicators askel does not report, and why), and the run sheet's every value."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from askel.warehouse.marts_schema import EXPORT_COLUMNS
from quality.suites import ESF_INDICATOR_CODES
from reports import render_export
from reports.annex_i import NOT_REPORTED
from tests.fixtures.reports.esf_export import RUN_META, esf_mart

HEADERS = [
    "Hanke / Project",
    "Indikaattori / Indicator",
    "Indikaattorin nimi / Indicator name",
    "Kausi / Period",
    "Miehet / Men",
    "Naiset / Women",
    "Yhteensä / Total",
    "Tila / Status",
    "Huomautus / Note",
]
CR07_NOTE = "no job-quality data in the sources"
CUMULATIVE = "Kertymä / Cumulative"
NOT_REPORTED_CODES = ["CO12", "CO13", "CO14", "CO20", "CO21", "CO22", "CO23"]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("workbook")
    render_export(esf_mart(), out, RUN_META)
    return openpyxl.load_workbook(out / "export" / "esf_indicators.xlsx")


def _rows(sheet) -> list[tuple]:
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def _row(
    project: str,
    code: str,
    name: str,
    period: int | str,
    counts: tuple,
    status: str = "Laskettu / Computed",
    note: str | None = None,
) -> tuple:
    return (project, code, name, period, *counts, status, note)


def _day(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_sheets_are_the_projects_then_the_annex_table_definitions_and_run(book):
    assert book.sheetnames == [
        "S21001",
        "S21002",
        "Liite I - Annex I",
        "Määritelmät - Definitions",
        "Ajo - Run",
    ]


def test_a_project_sheet_starts_with_code_name_lead_period_and_as_of(book):
    rows = _rows(book["S21001"])
    assert rows[0][0] == "ESR-indikaattorit / ESF indicators"
    assert [r[:2] for r in rows[2:10]] == [
        ("Hanke / Project", "S21001"),
        ("Nimi / Name", "Päähanke / Main project"),
        ("Päätoteuttaja / Lead", "City of Kuopio"),
        ("Alkupäivä / Start", _day("2019-05-01")),
        ("Loppupäivä / End", _day("2022-04-30")),
        ("Tilannepäivä (as_of) / Reference day (as_of)", _day("2020-06-30")),
        ("Kokonaisbudjetti, € / Total budget, €", 1495394.0),
        ("EU-rahoitus, € / EU contribution, €", 598158.0),
    ]
    sheet = book["S21001"]
    for cell in ("B6", "B7", "B8"):
        assert sheet[cell].is_date and sheet[cell].number_format == "yyyy-mm-dd"
    assert sheet["B9"].data_type == "n" and sheet["B9"].number_format == "#,##0.00"
    # the sister project has no budget configured: no empty budget rows
    sister = _rows(book["S21002"])
    assert [r[:2] for r in sister[2:8]] == [
        ("Hanke / Project", "S21002"),
        ("Nimi / Name", "Sisarhanke / Sister project"),
        ("Päätoteuttaja / Lead", "employment administration"),
        ("Alkupäivä / Start", _day("2019-05-01")),
        ("Loppupäivä / End", _day("2022-04-30")),
        ("Tilannepäivä (as_of) / Reference day (as_of)", _day("2020-06-30")),
    ]
    assert sister[8][0] is None


def test_a_project_sheet_holds_the_csv_rows_under_headers_in_words(book):
    sheet = book["S21001"]
    rows = _rows(sheet)
    top = rows.index(tuple(HEADERS))
    assert top == 11 and sheet.freeze_panes == "A13"
    assert rows[top + 1 :] == [
        _row("S21001", "CO01", "Unemployed, including long-term unemployed", 2019, (1, 1, 2)),
        _row("S21001", "CR01", "Inactive, job searching upon leaving", 2019, (0, 0, 0)),
        _row(
            "S21001",
            "CR07",
            "Improved situation",
            CUMULATIVE,
            (None, None, None),
            "Ei saatavilla / Not available",
            CR07_NOTE,
        ),
        _row("S21001", "NA_CO15", "No answer, CO15", 2019, (0, 1, 1)),
        _row("S21001", "PENDING_CR06", "Waiting for CR06", 2019, (0, 0, 0)),
        _row("S21001", "TOTAL", "Participants", 2019, (2, 2, 4)),
        _row("S21001", "TOTAL", "Participants", 2020, (1, 2, 3)),
        _row("S21001", "TOTAL", "Participants", CUMULATIVE, (3, 4, 7)),
    ]
    assert _rows(book["S21002"])[9:] == [
        tuple(HEADERS),
        _row("S21002", "TOTAL", "Participants", CUMULATIVE, (1, 0, 1)),
    ]


def test_headers_follow_the_export_columns_in_words_never_snake_case(book):
    assert len(HEADERS) == len(EXPORT_COLUMNS)
    for name in book.sheetnames:
        for row in book[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", cell.value), (name, cell)


@pytest.mark.parametrize("sheet_name", ["S21001", "S21002", "Liite I - Annex I", "Ajo - Run"])
def test_dates_and_numbers_are_real_cells_not_text(book, sheet_name):
    """No text cell holds something that reads as a number or a date."""
    numeric = re.compile(r"-?\d+([.,]\d+)?|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}")
    for row in book[sheet_name].iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert not numeric.fullmatch(cell.value.strip()), (sheet_name, cell.coordinate)
            if isinstance(cell.value, int | float) and not cell.is_date:
                assert cell.data_type == "n"


def _annex_block(book, project: str) -> list[tuple]:
    rows = _rows(book["Liite I - Annex I"])
    start = rows.index(("Hanke / Project", project, *[None] * (len(rows[2]) - 2)))
    end = next(
        (i for i in range(start + 1, len(rows)) if rows[i][0] == "Hanke / Project"), len(rows)
    )
    return rows[start:end]


def test_annex_table_has_one_row_per_indicator_with_men_women_total_per_period(book):
    block = _annex_block(book, "S21001")
    head = block.index(next(r for r in block if r[0] == "Koodi / Code"))
    top, sub = block[head], block[head + 1]
    assert top[:4] == (
        "Koodi / Code",
        "Nimi (asetus (EU) N:o 1304/2013, liite I) / Name (Regulation (EU) No 1304/2013, Annex I)",
        "Nimi suomeksi / Name in Finnish",
        "Kertymä / Cumulative",
    )
    # periods: cumulative, then each year as a number; three columns each
    assert [top[3], top[6], top[9], top[12]] == [
        "Kertymä / Cumulative",
        2019,
        2020,
        "Huomautus / Note",
    ]
    assert sub[3:12] == ("Miehet / Men", "Naiset / Women", "Yhteensä / Total") * 3
    body = [r for r in block[head + 2 :] if r[0] is not None]
    assert [r[0] for r in body] == [
        "TOTAL",
        "CO01",
        *NOT_REPORTED_CODES[:3],
        *NOT_REPORTED_CODES[3:],
        "CR01",
        "CR07",
        "NA_CO15",
        "PENDING_CR06",
    ]
    by_code = {r[0]: r for r in body}
    assert by_code["TOTAL"][1] == "Participants"
    assert by_code["TOTAL"][3:12] == (3, 4, 7, 2, 2, 4, 1, 2, 3)
    assert by_code["CO01"][3:12] == (None, None, None, 1, 1, 2, None, None, None)
    assert by_code["CR07"][3:12] == (None,) * 9 and by_code["CR07"][12] == CR07_NOTE
    sheet = book["Liite I - Annex I"]
    assert sheet.freeze_panes == "C1"
    assert any(str(r).startswith("D") and ":F" in str(r) for r in sheet.merged_cells.ranges)


def test_annex_indicators_askel_does_not_report_are_listed_with_the_reason(book):
    block = _annex_block(book, "S21002")  # a project with the cumulative period only
    head = next(r for r in block if r[0] == "Koodi / Code")
    note = head.index("Huomautus / Note")
    assert note == 6
    by_code = {r[0]: r for r in block if r[0] in NOT_REPORTED_CODES}
    assert sorted(by_code) == NOT_REPORTED_CODES
    assert by_code["CO12"][1] == "Participants who live in jobless households"
    assert "2018/1046" in by_code["CO12"][note]
    assert "entities" in by_code["CO23"][note] and "yhteisö" in by_code["CO23"][note].lower()
    assert all(v is None for r in by_code.values() for v in r[3:note])
    definitions = {r[0]: r for r in _rows(book["Määritelmät - Definitions"])[1:]}
    for code in NOT_REPORTED_CODES:
        assert definitions[code][4].startswith("Ei / No: "), code
    assert definitions["CO01"][4] == "Kyllä / Yes" and definitions["CO02"][3]


def test_every_common_indicator_of_annex_i_is_reported_or_explained():
    annex_i = {f"CO{i:02d}" for i in range(1, 24)} | {f"CR{i:02d}" for i in range(1, 10)}
    reported = set(ESF_INDICATOR_CODES)
    explained = {n.code for n in NOT_REPORTED}
    assert annex_i <= reported | explained
    assert not reported & explained


def test_run_sheet_states_every_value_of_the_run(book):
    sheet = book["Ajo - Run"]
    assert _rows(sheet) == [
        ("Ajon tiedot / About this run", None, None, None),
        (None, None, None, None),
        ("Tilannepäivä (as_of) / Reference day (as_of)", _day("2020-06-30"), None, None),
        ("Ohjelmistoversio / Software version", "9.9.9", None, None),
        ("Kelan laskutuskuukausia / Kela billing months loaded", 0, None, None),
        ("Tarkistuksia / Checks evaluated", 349, None, None),
        ("Läpäistyjä / Checks passed", 347, None, None),
        ("Epäonnistuneita / Checks failed", 2, None, None),
        (None, None, None, None),
        ("Lähde / Source", "Tiedosto / File", "Poimintapäivä / Extraction date", "SHA-256"),
        ("esf/osallistujat", "osallistujat_20200630.xlsx", _day("2020-06-30"), "ab" * 32),
    ]
    assert sheet["B3"].is_date and sheet["C11"].is_date
    assert all(sheet[c].data_type == "n" for c in ("B5", "B6", "B7", "B8"))


def test_the_same_warehouse_gives_the_same_workbook(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    render_export(esf_mart(), first, RUN_META)
    render_export(esf_mart(), second, RUN_META)
    path = Path("export") / "esf_indicators.xlsx"
    assert (first / path).read_bytes() == (second / path).read_bytes()


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path):
    """A lead typed in askel.toml as `=HYPERLINK(...)` must not run when the funder opens the
    workbook: xlsxwriter turns such strings into formulas unless told not to."""
    import copy

    meta = copy.deepcopy(RUN_META)
    meta["projects"][0]["lead"] = '=HYPERLINK("http://example.invalid","x")'
    render_export(esf_mart(), tmp_path, meta)
    sheet = openpyxl.load_workbook(tmp_path / "export" / "esf_indicators.xlsx")["S21001"]
    cell = sheet["B5"]
    assert cell.value == '=HYPERLINK("http://example.invalid","x")'
    assert cell.data_type == "s"
