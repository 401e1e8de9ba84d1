"""Ingestion under hostile and careless input (issue 16): wrong key, identity codes where they
do not belong, odd encodings, symlinks, stray files, formula text, file modes.

Identity codes are synthetic (individual numbers 900-999) and never appear in assertion
messages: a failure names the file or column, not the code.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from askel import ingest
from askel.config import Config, ConfigError
from askel.ingest.keycheck import PseudonymKeyMismatch
from tests.fixtures.ingest.helpers import KEY, hetu, ingest_all, rows, write_csv

A = hetu(1980, 5, 17, 930)
B = hetu(1985, 1, 2, 931)
C = hetu(1990, 7, 8, 932)
TE_SERVICES = "hetu;palvelu;alkupvm;loppupvm"


def _services(land: Path, stamp: str, people: list[str]) -> Path:
    return write_csv(
        land / f"te/palvelut_{stamp}.csv", [TE_SERVICES, *(f"{p};VAL;1.1.2020;" for p in people)]
    )


def _counts(con: duckdb.DuckDBPyConnection) -> tuple:
    return (
        rows(con, "select count(*) from raw.load_ledger")[0][0],
        rows(con, "select count(*) from raw.te_palvelut")[0][0],
        rows(con, "select count(*) from raw.findings")[0][0],
    )


# -- 1. the pseudonym key ---------------------------------------------------------------------


def test_a_different_pseudonym_key_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    land, db = tmp_path / "landing", tmp_path / "w.duckdb"
    _services(land, "20230131", [A, B])
    con = duckdb.connect(str(db))
    ingest_all(con, land, tmp_path / "q")
    _services(land, "20230228", [A, B, C])
    before = _counts(con)
    found = ingest.discover(land).files["te/palvelut"]
    with pytest.raises(PseudonymKeyMismatch) as refused:
        ingest.ingest_source(con, "te/palvelut", found, b"another key", Config(), tmp_path / "q")
    assert isinstance(refused.value, ConfigError)  # exit status 2, one sentence
    message = str(refused.value)
    assert "pseudonym key" in message and str(db) in message and message.count(". ") == 0
    assert _counts(con) == before
    assert not (tmp_path / "q" / "te__palvelut" / "palvelut_20230228.csv.rows.csv").exists()
    # the right key still loads the new file: nothing was poisoned
    report = ingest.ingest_source(con, "te/palvelut", found, KEY, Config(), tmp_path / "q")
    assert [f.status for f in report.files] == ["already_loaded", "loaded"]
    assert rows(con, "select count(distinct person_id) from raw.te_palvelut") == [(3,)]


def test_the_warehouse_keeps_a_fingerprint_of_the_key_never_the_key(tmp_path: Path) -> None:
    land, db = tmp_path / "landing", tmp_path / "w.duckdb"
    _services(land, "20230131", [A])
    con = duckdb.connect(str(db))
    ingest_all(con, land, tmp_path / "q")
    ingest_all(con, land, tmp_path / "q")  # a second run with the same key is fine
    (fingerprint,) = rows(con, "select fingerprint from raw.key_fingerprint")
    assert len(fingerprint[0]) == 64 and KEY.decode() not in fingerprint[0]
    con.execute("checkpoint")
    con.close()
    assert KEY not in db.read_bytes()


def test_an_empty_warehouse_takes_the_key_of_its_first_run(tmp_path: Path) -> None:
    con = duckdb.connect()
    ingest.ingest_source(con, "te/palvelut", [], b"first", Config(), tmp_path / "q")
    with pytest.raises(PseudonymKeyMismatch):
        ingest.ingest_source(con, "kunta/palvelut", [], b"second", Config(), tmp_path / "q")
    assert rows(con, "select count(*) from raw.key_fingerprint") == [(1,)]
