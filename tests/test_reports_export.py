"""The funder export: CSV byte for byte as interface.md fixes it; XLSX and JSON hold the
same numbers."""

from __future__ import annotations

import json

import duckdb
import pytest

from reports import render_export
from reports.export import ExportUnavailable
from tests.fixtures.reports.esf_export import RUN_META, esf_mart

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
    return esf_mart()


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


def test_json_holds_rows_and_run_metadata(con, tmp_path):
    render_export(con, tmp_path, RUN_META)
    data = json.loads((tmp_path / "export" / "esf_indicators.json").read_text("utf-8"))
    assert data["run"]["as_of"] == "2020-06-30"
    assert data["run"]["software_version"] == "9.9.9"
    assert data["run"]["snapshots"][0]["sha256"] == "ab" * 32
    assert data["run"]["checks"] == {"evaluated": 349, "passed": 347, "failed": 2}
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


def test_without_the_publish_steps_counts_the_check_records_are_counted(con, tmp_path):
    records = [
        {"name": "a", "severity": "blocking", "passed": True},
        {"name": "b", "severity": "warning", "passed": False},
    ]
    meta = {k: v for k, v in RUN_META.items() if k != "check_summary"} | {"checks": records}
    render_export(con, tmp_path, meta)
    data = json.loads((tmp_path / "export" / "esf_indicators.json").read_text("utf-8"))
    assert data["run"]["checks"] == {"evaluated": 2, "passed": 1, "failed": 1}


def test_missing_esf_mart_stops_the_export_rather_than_writing_an_empty_one(tmp_path):
    with pytest.raises(ExportUnavailable):
        render_export(duckdb.connect(), tmp_path, RUN_META)
