"""The funder export: CSV byte for byte as interface.md fixes it; XLSX and JSON hold the
same numbers."""

from __future__ import annotations

import json

import duckdb
import openpyxl
import pytest

from reports import render_export
from reports.export import ExportUnavailable

RUN_META = {
    "as_of": "2020-06-30",
    "software_version": "9.9.9",
    "snapshots": [
        {
            "source": "esf/osallistujat",
            "file": "osallistujat_20200630.xlsx",
            "extraction_date": "2020-06-30",
            "sha256": "ab" * 32,
        }
    ],
    "projects": [{"code": "S21001"}, {"code": "S21002"}],
    "checks": [
        {"name": "a", "severity": "blocking", "passed": True},
        {"name": "b", "severity": "warning", "passed": False},
    ],
}

# (project, code, name, period, men, women, total, status, note), deliberately out of order
MART_ROWS = [
    ("S21002", "TOTAL", "Participants", "cumulative", 1, 0, 1, "ok", ""),
    ("S21001", "TOTAL", "Participants", "cumulative", 3, 4, 7, "ok", ""),
    ("S21001", "TOTAL", "Participants", "2020", 1, 2, 3, "ok", ""),
    ("S21001", "TOTAL", "Participants", "2019", 2, 2, 4, "ok", ""),
    ("S21001", "PENDING_CR06", "Waiting for CR06", "2019", 0, 0, 0, "ok", ""),
    ("S21001", "NA_CO15", "No answer, CO15", "2019", 0, 1, 1, "ok", ""),
    (
        "S21001",
        "CR07",
        "Improved situation",
        "cumulative",
        5,
        5,
        10,
        "not_available",
        "no job-quality data in the sources",
    ),
    ("S21001", "CR01", "Inactive, job searching upon leaving", "2019", 0, 0, 0, "ok", ""),
    ("S21001", "CO01", "Unemployed, including long-term unemployed", "2019", 1, 1, 2, "ok", ""),
]

EXPECTED_CSV = (
    "project_code,indicator_code,indicator_name,period,men,women,total,status,note\n"
    'S21001,CO01,"Unemployed, including long-term unemployed",2019,1,1,2,ok,\n'
    'S21001,CR01,"Inactive, job searching upon leaving",2019,0,0,0,ok,\n'
    "S21001,CR07,Improved situation,cumulative,,,,not_available,"
    "no job-quality data in the sources\n"
    'S21001,NA_CO15,"No answer, CO15",2019,0,1,1,ok,\n'
    "S21001,PENDING_CR06,Waiting for CR06,2019,0,0,0,ok,\n"
    "S21001,TOTAL,Participants,2019,2,2,4,ok,\n"
    "S21001,TOTAL,Participants,2020,1,2,3,ok,\n"
    "S21001,TOTAL,Participants,cumulative,3,4,7,ok,\n"
    "S21002,TOTAL,Participants,cumulative,1,0,1,ok,\n"
)


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.esf_indicators (project_code varchar, indicator_code varchar, "
        "indicator_name varchar, period varchar, men integer, women integer, total integer, "
        "status varchar, note varchar)"
    )
    con.executemany("insert into marts.esf_indicators values (?,?,?,?,?,?,?,?,?)", MART_ROWS)
    return con


def test_csv_matches_the_hand_worked_file_byte_for_byte(con, tmp_path):
    render_export(con, tmp_path, RUN_META)
    assert (tmp_path / "export" / "esf_indicators.csv").read_bytes() == EXPECTED_CSV.encode("utf-8")


def test_export_writes_the_three_files_under_export(con, tmp_path):
    written = render_export(con, tmp_path, RUN_META)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "export/esf_indicators.csv",
        "export/esf_indicators.xlsx",
        "export/esf_indicators.json",
    ]


def test_xlsx_has_one_sheet_per_project_with_the_same_numbers(con, tmp_path):
    render_export(con, tmp_path, RUN_META)
    book = openpyxl.load_workbook(tmp_path / "export" / "esf_indicators.xlsx")
    assert book.sheetnames == ["S21001", "S21002", "run"]
    sheet = book["S21001"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
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
    by_key = {(r[1], r[3]): r for r in rows[1:]}
    assert by_key[("TOTAL", "cumulative")][4:7] == (3, 4, 7)
    assert by_key[("CO01", "2019")][4:7] == (1, 1, 2)
    assert by_key[("CR07", "cumulative")][4:8] == (None, None, None, "not_available")
    assert [r[1] for r in rows[1:]] == [
        "CO01",
        "CR01",
        "CR07",
        "NA_CO15",
        "PENDING_CR06",
        "TOTAL",
        "TOTAL",
        "TOTAL",
    ]
    assert list(book["S21002"].iter_rows(values_only=True))[1][4:7] == (1, 0, 1)
    run = [r for r in book["run"].iter_rows(values_only=True)]
    assert run[0][:2] == ("as_of", "2020-06-30")
    assert any(r[0] == "esf/osallistujat" and r[4] == "ab" * 32 for r in run)
    assert any(r[0] == "CO02" and r[4] for r in run)  # definitions are listed


def test_json_holds_rows_and_run_metadata(con, tmp_path):
    render_export(con, tmp_path, RUN_META)
    data = json.loads((tmp_path / "export" / "esf_indicators.json").read_text("utf-8"))
    assert data["run"]["as_of"] == "2020-06-30"
    assert data["run"]["software_version"] == "9.9.9"
    assert data["run"]["snapshots"][0]["sha256"] == "ab" * 32
    assert data["run"]["checks"] == {
        "total": 2,
        "passed": 1,
        "failed": 1,
        "failed_blocking": 0,
        "failed_names": ["b"],
    }
    assert len(data["rows"]) == 9
    assert data["rows"][2] == {
        "project_code": "S21001",
        "indicator_code": "CR07",
        "indicator_name": "Improved situation",
        "period": "cumulative",
        "men": None,
        "women": None,
        "total": None,
        "status": "not_available",
        "note": "no job-quality data in the sources",
    }
    assert data["rows"][-1]["total"] == 1


def test_missing_esf_mart_stops_the_export_rather_than_writing_an_empty_one(tmp_path):
    with pytest.raises(ExportUnavailable):
        render_export(duckdb.connect(), tmp_path, RUN_META)
