"""Injected defects: listed exactly as a contract-following ingestion will find them.

Identity codes never appear in assertion messages: failures report file names and rows only.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from askel.identity import InvalidHetu, parse_hetu
from askel.synth import generate
from tests.test_synth_contract import findings, parse_dmy

ALL_KINDS = {
    "invalid_hetu", "bad_date", "end_before_start", "unknown_code", "duplicate", "overlap",
    "out_of_project", "truncated_row", "bad_encoding", "missing_column", "not_a_workbook",
}  # fmt: skip


@pytest.fixture(scope="module")
def dirty(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dirty")
    summary = generate(out, persons=300, seed=4, defects=0.03)
    assert summary.defects == len(json.loads((out / "defects.json").read_text()))
    return out


def _listed(out: Path) -> list[dict]:
    return json.loads((out / "defects.json").read_text(encoding="utf-8"))


def _path(out: Path, name: str) -> Path:
    return next(out.glob(f"*/{name}"))


def _paths(out: Path, name: str) -> list[Path]:
    """te/ and kunta/ both deliver `palvelut_YYYYMMDD.csv`: a (file, row) may be in either."""
    return sorted(out.glob(f"*/{name}"))


def _lines(path: Path) -> list[str]:
    encoding = "cp1252" if path.parent.name == "kunta" else "utf-8-sig"
    return path.read_bytes().decode(encoding).split("\n")


def test_defects_json_matches_the_findings_of_the_contract_one_to_one(dirty):
    listed = _listed(dirty)
    assert listed == findings(dirty)
    assert {d["kind"] for d in listed} == ALL_KINDS
    rows_per_file = {}
    for d in listed:
        rows_per_file.setdefault(d["file"], []).append(d["row"])
    for name, rows in rows_per_file.items():  # one finding per defective row
        assert max(rows.count(r) for r in rows) <= len(_paths(dirty, name)), name


def test_even_a_tiny_area_gets_one_defect_of_each_kind(tmp_path):
    generate(tmp_path, persons=10, seed=1, defects=0.0001)
    listed = _listed(tmp_path)
    assert {d["kind"] for d in listed} == ALL_KINDS
    assert listed == findings(tmp_path)


def test_rate_scales_the_number_of_defects(tmp_path):
    generate(tmp_path / "low", persons=300, seed=4, defects=0.01)
    generate(tmp_path / "high", persons=300, seed=4, defects=0.05)
    assert len(_listed(tmp_path / "high")) > 3 * len(_listed(tmp_path / "low"))


def test_duplicates_repeat_the_line_before_them_exactly(dirty):
    dups = [d for d in _listed(dirty) if d["kind"] == "duplicate"]
    assert dups
    for d in dups:
        repeated = []
        for path in _paths(dirty, d["file"]):
            if path.suffix == ".xlsx":
                ws = openpyxl.load_workbook(path, read_only=True)["osallistujat"]
                rows = [list(r) for r in ws.iter_rows(values_only=True)]
            else:
                rows = _lines(path)
            # (the other source's file of the same name may be shorter than the row)
            repeated.append(len(rows) >= d["row"] and rows[d["row"] - 1] == rows[d["row"] - 2])
        assert any(repeated), (d["file"], d["row"])


def test_overlaps_are_new_periods_inside_the_period_before_them(dirty):
    overlaps = [d for d in _listed(dirty) if d["kind"] == "overlap"]
    assert overlaps
    for d in overlaps:
        assert d["file"].startswith("tyonhakijajaksot_")
        lines = _lines(_path(dirty, d["file"]))
        new, base = lines[d["row"] - 1].split(";"), lines[d["row"] - 2].split(";")
        assert new[0] == base[0]  # same person
        assert parse_dmy(new[4]) > parse_dmy(base[4])
        base_end = parse_dmy(base[5])
        assert base_end is None or parse_dmy(new[5]) <= base_end
        assert new[6] == ""  # no end reason on the inserted period


def _breaks(path: Path, row: int, kind: str) -> bool:
    lines = _lines(path)
    if row > len(lines):
        return False
    header = lines[0].lower().split(";")
    fields = lines[row - 1].split(";")
    if kind == "truncated_row":
        return row == len(lines) and len(fields) < len(header) and lines[-1] != ""
    if len(fields) < len(header):
        return False
    if kind == "invalid_hetu":
        try:
            parse_hetu(fields[header.index("hetu")])
        except InvalidHetu:
            return True
        return False
    if kind == "end_before_start":
        start = parse_dmy(fields[header.index("alkupvm")])
        return parse_dmy(fields[header.index("loppupvm")]) < start
    return True


def test_row_defects_break_the_rule_they_are_listed_for(dirty):
    checked = 0
    for d in _listed(dirty):
        if d["row"] is None or d["file"].endswith(".xlsx"):
            continue
        paths = _paths(dirty, d["file"])
        assert any(_breaks(p, d["row"], d["kind"]) for p in paths), (d["file"], d["row"])
        checked += 1
    assert checked > 50


def test_whole_file_defects_are_extra_older_files(dirty):
    whole = {d["kind"]: d["file"] for d in _listed(dirty) if d["row"] is None}
    assert set(whole) == {"bad_encoding", "missing_column", "not_a_workbook"}
    with pytest.raises(UnicodeDecodeError):
        _path(dirty, whole["bad_encoding"]).read_bytes().decode("utf-8")
    assert "alkupvm" not in _lines(_path(dirty, whole["missing_column"]))[0].split(";")
    assert not zipfile.is_zipfile(_path(dirty, whole["not_a_workbook"]))
    for name in whole.values():
        stamp = name.rsplit("_", 1)[1].split(".")[0]
        assert stamp < "20221031"  # older than every regular snapshot


def test_esf_unknown_codes_and_out_of_project_rows_are_there(dirty):
    listed = {(d["row"], d["kind"]) for d in _listed(dirty) if d["file"].endswith(".xlsx")}
    kinds = {k for _, k in listed}
    assert {"unknown_code", "out_of_project", "duplicate", "invalid_hetu", "bad_date"} <= kinds
    ws = openpyxl.load_workbook(dirty / "esf/osallistujat_20221231.xlsx", read_only=True)
    rows = list(ws["osallistujat"].iter_rows(values_only=True))
    for row, kind in listed:
        if kind == "out_of_project":
            project, entry = rows[row - 1][0], rows[row - 1][2]
            entry_day = entry.date() if hasattr(entry, "date") else parse_dmy(entry)
            assert project not in ("S21001", "S21002") or str(entry_day) < "2019-05-01"
