"""Loads: content hashes, idempotent re-runs, snapshot selection, the ledger, no plain codes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import xlsxwriter

from askel import ingest
from askel.identity import pseudonymise
from askel.warehouse.raw_schema import DATA_TABLES
from tests.fixtures.ingest.helpers import KEY, hetu, ingest_all, rows, write_csv

A = hetu(1980, 5, 17, 930)
B = hetu(1885, 2, 3, 931)
PLUS = B  # 1800s: century sign '+'
assert "+" in PLUS
TE_HEADER = "hetu;palvelu;alkupvm;loppupvm"


def _snapshot(landing: Path, day: str, lines: list[str]) -> Path:
    return write_csv(landing / f"te/palvelut_{day}.csv", [TE_HEADER, *lines])


def _table_dump(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    names = [t for t, _ in DATA_TABLES.values()] + ["findings"]
    dump = {n: rows(con, f"select * from raw.{n} order by all") for n in names}
    dump["load_ledger"] = rows(
        con,
        "select load_id, load_seq, source, file_name, status, rows_read from raw.load_ledger "
        "order by all",
    )
    return dump


def test_resent_identical_file_under_another_name_is_a_no_op(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    first = _snapshot(land, "20230131", [f"{A};VAL;1.1.2020;"])
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    shutil.copy(first, land / "te/palvelut_20230228.csv")
    report = ingest_all(con, land, tmp_path / "q")["te/palvelut"]
    assert [(f.file_name, f.status) for f in report.files] == [
        ("palvelut_20230131.csv", "already_loaded"),
        ("palvelut_20230228.csv", "already_loaded"),
    ]
    assert report.files[1].message == "same content as palvelut_20230131.csv"
    assert rows(con, "select count(*) from raw.load_ledger") == [(1,)]
    assert rows(con, "select count(*) from raw.te_palvelut") == [(1,)]


def test_rerunning_ingestion_changes_no_table(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    _snapshot(land, "20230131", [f"{A};VAL;1.1.2020;", f"{A};XXX;1.1.2020;"])
    write_csv(land / "te/palvelut_20230228.csv", ["hetu;palvelu"])  # rejected
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    before = _table_dump(con)
    files = [p for p in (tmp_path / "q").rglob("*") if p.is_file()]
    quarantine_before = {p: p.read_bytes() for p in files}
    ingest_all(con, land, tmp_path / "q")
    assert _table_dump(con) == before
    files = [p for p in (tmp_path / "q").rglob("*") if p.is_file()]
    assert {p: p.read_bytes() for p in files} == quarantine_before


def test_newer_snapshot_restates_a_period_and_as_of_picks_the_older(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    _snapshot(land, "20230131", [f"{A};VAL;1.1.2020;"])
    _snapshot(land, "20230228", [f"{A};VAL;1.1.2020;15.2.2020", f"{B};TVK;1.3.2020;"])
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    ctx = ingest.select_snapshots(con, None)
    assert ctx.as_of == dt.date(2023, 2, 28) and not ctx.as_of_given
    assert [(s.source, s.file_name) for s in ctx.selections] == [
        ("te/palvelut", "palvelut_20230228.csv")
    ]
    selected = (
        "select p.person_id, p.loppupvm, p.birth_date from raw.te_palvelut p "
        "join raw.snapshot_selection s using (load_id) order by p.row_number"
    )
    assert rows(con, selected) == [
        (pseudonymise(A, KEY), dt.date(2020, 2, 15), dt.date(1980, 5, 17)),
        (pseudonymise(B, KEY), None, dt.date(1885, 2, 3)),
    ]
    ctx = ingest.select_snapshots(con, dt.date(2023, 2, 27))
    assert (ctx.as_of, ctx.as_of_given) == (dt.date(2023, 2, 27), True)
    assert rows(con, selected) == [(pseudonymise(A, KEY), None, dt.date(1980, 5, 17))]
    assert rows(con, "select as_of, as_of_given from raw.run_context") == [
        (dt.date(2023, 2, 27), True)
    ]
    # both snapshots stay in the raw layer
    assert rows(con, "select count(distinct load_id) from raw.te_palvelut") == [(2,)]


def test_rejected_newest_snapshot_falls_back_with_a_note(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    _snapshot(land, "20221130", [f"{A};VAL;1.1.2020;"])
    write_csv(land / "te/palvelut_20221231.csv", ["hetu;palvelu;alkupvm", f"{A};VAL;1.1.2020"])
    con = duckdb.connect()
    reports = ingest_all(con, land, tmp_path / "q")
    assert reports["te/palvelut"].files_rejected == 1
    ctx = ingest.select_snapshots(con, None)
    assert ctx.notes == ["te/palvelut_20221231.csv was rejected; using te/palvelut_20221130.csv"]
    assert ctx.as_of == dt.date(2022, 11, 30)
    assert rows(con, "select file_name from raw.snapshot_selection") == [("palvelut_20221130.csv",)]


def test_kela_does_not_set_as_of_and_a_source_without_files_gets_no_selection(
    tmp_path: Path,
) -> None:
    land = tmp_path / "landing"
    _snapshot(land, "20230131", [f"{A};VAL;1.1.2020;"])
    write_csv(
        land / "kela/tmt_kuntaosuus_202303.csv",
        [
            "hetu;kunta;kuukausi;maksetut_paivat;kertyneet_paivat;kuntaosuus_pct;kuntaosuus_eur",
            f"{A};297;2023-03;21;340;50;100,00",
        ],
    )
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    ctx = ingest.select_snapshots(con, None)
    assert ctx.as_of == dt.date(2023, 1, 31)
    assert rows(con, "select source from raw.snapshot_selection") == [("te/palvelut",)]


def test_ledger_rows_read_equal_loaded_plus_quarantined_on_every_file(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    _snapshot(land, "20230131", [f"{A};VAL;1.1.2020;", f"{A};VAL;1.1.2020;", f"{A};VAL;x;"])
    _snapshot(land, "20230228", [f"{A};VAL;1.1.2020;", "", f"{B};VAL"])
    write_csv(land / "te/palvelut_20230331.csv", ["hetu;palvelu;alkupvm"])
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    ledger = rows(
        con,
        "select file_name, status, rows_read, rows_loaded, rows_quarantined, load_seq "
        "from raw.load_ledger order by load_seq",
    )
    assert ledger == [
        ("palvelut_20230131.csv", "loaded", 3, 1, 2, 1),
        ("palvelut_20230228.csv", "loaded", 2, 1, 1, 2),
        ("palvelut_20230331.csv", "rejected", 0, 0, 0, 3),
    ]
    in_table = dict(rows(con, "select file_name, count(*) from raw.te_palvelut group by 1"))
    quarantined = dict(
        rows(
            con,
            "select file, count(*) from raw.findings where action = 'quarantined' group by 1",
        )
    )
    for name, status, read, loaded, quarantined_n, _ in ledger:
        assert read == loaded + quarantined_n
        if status == "loaded":
            assert in_table[name] == loaded and quarantined.get(name, 0) == quarantined_n


def _all_codes_variants(codes: list[str]) -> list[bytes]:
    variants = set()
    for c in codes:
        for v in (c, c.lower(), c[:6] + c[7:]):
            variants.add(v.encode())
            variants.add(v.encode("utf-16-le"))
    return sorted(variants)


def test_no_plain_identity_code_reaches_warehouse_quarantine_or_findings(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    y_sign = A[:6] + "Y" + A[7:]  # same person, new 1900s sign
    b_sign = hetu(2004, 4, 4, 933).replace("A", "B")  # new 2000s sign
    bad = A[:-1] + ("X" if A[-1] != "X" else "Y")
    codes = [A, B, y_sign, b_sign, bad]
    _snapshot(
        land,
        "20230131",
        [
            f"{A};VAL;1.1.2020;",
            f" {B.lower()} ;VAL;1.1.2020;",
            f"{y_sign};VAL;1.1.2020;",
            f"{b_sign};VAL;1.1.2020;",
            f"{bad};VAL;1.1.2020;",
            f"{A};VAL;1.1.2020",
            f"{A};VAL;5.5.2020;1.5.2020",
        ],
    )
    write_csv(  # rejected whole: its copy must be redacted
        land / "te/palvelut_20230228.csv",
        ["hetu;palvelu;alkupvm", *(f"{c};VAL;1.1.2020" for c in codes)],
    )
    write_csv(
        land / "kunta/palvelut_20230131.csv",
        [
            "hetu;kunta;palvelu;alkupvm;loppupvm;hanke;muistiinpano",
            f"{A};297;KTT;1.1.2020;;;asiakas {B}",
        ],
        encoding="cp1252",
    )
    (land / "esf").mkdir()
    wb = xlsxwriter.Workbook(str(land / "esf/osallistujat_20230131.xlsx"))
    ws = wb.add_worksheet("muu")
    ws.write_row(0, 0, ["hetu"])
    ws.write_row(1, 0, [A])
    wb.close()
    db = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    ingest_all(con, land, tmp_path / "q")
    ingest.select_snapshots(con, None)
    ingest.write_findings_csv(con, tmp_path / "out/quality/findings.csv")
    # every text value of every raw table, read back (the file itself may be compressed)
    columns = rows(
        con,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'raw' and data_type = 'VARCHAR'",
    )
    assert len(columns) > 50
    for table, column in columns:
        values = rows(con, f'select "{column}" from raw.{table} where "{column}" is not null')
        for (value,) in values:
            assert not any(
                v.decode() in value.upper() for v in _all_codes_variants(codes) if v.isascii()
            ), f"raw.{table}.{column}"
    con.execute("checkpoint")
    con.close()
    # the same codes are found in the landing folder (the test can fail) ...
    landing_bytes = b"".join(p.read_bytes() for p in land.rglob("*.csv"))
    assert all(A.encode() in landing_bytes for _ in [0])
    # ... and nowhere the pipeline wrote
    written = [db, tmp_path / "out/quality/findings.csv", *(tmp_path / "q").rglob("*")]
    assert any(p.name.endswith(".rows.csv") for p in written)
    assert any(p.name == "palvelut_20230228.csv" for p in written)
    for path in written:
        if path.is_file():
            data = path.read_bytes()
            for variant in _all_codes_variants(codes):
                assert variant not in data, f"{path.name} holds an identity code"
    text = (tmp_path / "q/te__palvelut/palvelut_20230228.csv").read_text()
    assert re.search(r"pseudonym:[0-9a-f]{32};VAL", text)
