"""Ingestion under hostile and careless input (issue 16): wrong key, identity codes where they
do not belong, odd encodings, symlinks, stray files, formula text, file modes.

Identity codes are synthetic (individual numbers 900-999) and never appear in assertion
messages: a failure names the file or column, not the code.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import stat
from pathlib import Path

import duckdb
import openpyxl
import pytest

from askel import ingest
from askel.config import Config, ConfigError
from askel.ingest import hetu as ingest_hetu
from askel.ingest.keycheck import PseudonymKeyMismatch
from askel.ingest.load import read_no_follow
from askel.synth import generate
from tests.fixtures.ingest.helpers import KEY, hetu, ingest_all, rows, workbook, write_csv

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


# -- 2. identity codes in columns other than hetu ---------------------------------------------


def _code_variants(codes: list[str]) -> list[str]:
    return sorted({v for c in codes for v in (c, c.lower())})


def _raw_text_values(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    out = {}
    for table, column in rows(
        con,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'raw' and data_type = 'VARCHAR'",
    ):
        out[f"{table}.{column}"] = [
            v for (v,) in rows(con, f'select "{column}" from raw.{table} where "{column}" <> \'\'')
        ]
    return out


def _holding_codes(con: duckdb.DuckDBPyConnection, codes: list[str]) -> list[str]:
    """The raw columns holding any of `codes` (names only: never the code itself)."""
    variants = _code_variants(codes)
    return sorted(
        column
        for column, values in _raw_text_values(con).items()
        if any(v in value for value in values for v in variants)
    )


def test_identity_codes_in_other_columns_are_redacted_in_every_source(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    write_csv(
        land / "kunta/palvelut_20230131.csv",
        [
            "asiakasnro;hetu;kunta;palvelu;alkupvm;loppupvm;hanke;muistio",
            f"{A};{A};297;KTT;1.1.2020;;;",  # 2 the client number is the code
            f" {B.lower()} ;{B};297;KTT;1.1.2020;;;",  # 3 lower case, spaces
            f"500123;{C};297;KTT;1.1.2020;;ASKEL;soitettu ({A})",  # 4 in an extra column
            f"ID{C};{C};297;TVA;1.1.2020;;;",  # 5 glued to other text
            f"500124;{C};297;TVA;1.2.2020;;;",  # 6 clean
        ],
        encoding="cp1252",
    )
    write_csv(
        land / "te/tyonhakijajaksot_20230131.csv",
        [
            "hetu;kotikunta;tyollkoodi;alkupvm;loppupvm;paattymissyy;lisatieto",
            f"{A};297;02;1.1.2020;31.3.2020;;",  # 2
            f"{A};297;03;31.3.2020;30.6.2020;;{B}",  # 3 overlap, and a code: one finding
            f"{B};297;02;1.1.2020;31.13.2020;;{C}",  # 4 bad_date, quarantined
        ],
    )
    write_csv(
        land / "tulorekisteri/palvelussuhteet_20230131.csv",
        ["hetu;ytunnus;alkupvm;loppupvm", f"{A};{B};1.1.2020;"],
    )
    write_csv(
        land / "kela/tmt_kuntaosuus_202301.csv",
        [
            "hetu;kunta;kuukausi;maksetut_paivat;kertyneet_paivat;kuntaosuus_pct;kuntaosuus_eur",
            f"{A};{C};2023-01;21;340;50;10,00",
        ],
    )
    con = duckdb.connect()
    reports = ingest_all(con, land, tmp_path / "q")
    assert _holding_codes(con, [A, B, C]) == []
    found = rows(
        con,
        'select source, "row", kind, action, detail from raw.findings order by source, "row"',
    )
    redacted = "an identity code in column(s) {} was replaced by its pseudonym"
    assert found == [
        ("kela/tmt_kuntaosuus", 2, "identity_code_in_other_column", "redacted",
         redacted.format("kunta")),
        ("kunta/palvelut", 2, "identity_code_in_other_column", "redacted",
         redacted.format("asiakasnro")),
        ("kunta/palvelut", 3, "identity_code_in_other_column", "redacted",
         redacted.format("asiakasnro")),
        ("kunta/palvelut", 4, "identity_code_in_other_column", "redacted",
         redacted.format("muistio")),
        ("kunta/palvelut", 5, "identity_code_in_other_column", "redacted",
         redacted.format("asiakasnro")),
        ("te/tyonhakijajaksot", 3, "overlap", "kept",
         "period starting 31.3.2020 shares a day with an earlier-starting period of the same "
         "person (columns alkupvm, loppupvm); " + redacted.format("lisatieto")),
        ("te/tyonhakijajaksot", 4, "bad_date", "quarantined",
         "'31.13.2020' in column loppupvm is not a real date D.M.YYYY; "
         + redacted.format("lisatieto")),
        ("tulorekisteri/palvelussuhteet", 2, "identity_code_in_other_column", "redacted",
         redacted.format("ytunnus")),
    ]  # fmt: skip
    # nothing is lost: the rows are loaded, the codes replaced by their pseudonyms
    assert [(r.rows_read, r.rows_loaded) for r in reports.values() if r.files] == [
        (3, 2),
        (5, 5),
        (1, 1),
        (1, 1),
    ]
    client_numbers = rows(con, "select asiakasnro from raw.kunta_palvelut order by row_number")
    assert client_numbers[0][0] == f"pseudonym:{ingest_hetu.pseudonym(A, KEY)}"
    assert client_numbers[3][0] == f"ID{'pseudonym:' + ingest_hetu.pseudonym(C, KEY)}"
    assert client_numbers[4][0] == "500124"
    quarantined = tmp_path / "q/te__tyonhakijajaksot/tyonhakijajaksot_20230131.csv.rows.csv"
    assert not any(v in quarantined.read_text() for v in _code_variants([A, B, C]))


def test_code_shaped_text_that_is_no_code_is_left_alone() -> None:
    almost = A[:-1] + ("X" if A[-1] != "X" else "Y")  # wrong check character
    standalone_redacted = ingest_hetu.redact_text(f"order {almost}", KEY) != f"order {almost}"
    assert standalone_redacted  # a word of its own: a mistyped code is still someone's code
    glued = f"REF{almost}7"  # glued to other text and not valid: not a code
    glued_kept = ingest_hetu.redact_text(glued, KEY) == glued
    assert glued_kept
    # a valid code right after a near miss is still found (overlapping candidates)
    code_left = A in ingest_hetu.redact_text("123456-7" + A, KEY)
    assert not code_left


# -- 3. rejected files in any encoding: the quarantine copy holds no identity code -------------

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252", "cp500")


def _no_code_in(data: bytes, codes: list[str]) -> bool:
    """No code, in any letter case, in any of the encodings a file may be read in."""
    return not any(
        v.encode(e) in data for v in _code_variants(codes) for e in ENCODINGS if v.encode(e)
    )


def _periods_text(people: list[str]) -> str:
    lines = ["hetu;kotikunta;tyollkoodi;alkupvm;loppupvm;paattymissyy;lisätieto"]
    lines += [f"{p};297;02;1.1.2020;;;päivitetty {i}" for i, p in enumerate(people * 20)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (b"\xff\xfe", "utf-16-le"),
        (b"", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"", "utf-16-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"", "utf-32-be"),
        (b"", "cp1252"),
    ],
    ids=["utf16le-bom", "utf16le", "utf16be-bom", "utf16be", "utf32le-bom", "utf32be", "cp1252"],
)
def test_a_rejected_file_is_redacted_after_decoding_it_in_its_own_encoding(
    tmp_path: Path, bom: bytes, encoding: str
) -> None:
    land = tmp_path / "landing"
    path = land / "te/tyonhakijajaksot_20230131.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(bom + _periods_text([A, B.lower(), C]).encode(encoding))
    assert not _no_code_in(path.read_bytes(), [A, B, C])  # the test can fail
    con = duckdb.connect()
    report = ingest_all(con, land, tmp_path / "q")["te/tyonhakijajaksot"]
    assert [f.status for f in report.files] == ["rejected"]
    copy = tmp_path / "q/te__tyonhakijajaksot/tyonhakijajaksot_20230131.csv"
    data = copy.read_bytes()
    assert _no_code_in(data, [A, B, C])
    assert data.startswith(bom)
    text = data[len(bom) :].decode(encoding)
    assert text.count("pseudonym:") == 60 and "päivitetty 59" in text  # the rest is kept


def test_bytes_that_decode_to_no_plausible_text_are_not_copied_at_all(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    path = land / "te/tyonhakijajaksot_20230131.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(_periods_text([A, B, C]).encode("cp500"))  # EBCDIC
    ingest_all(duckdb.connect(), land, tmp_path / "q")
    written = sorted(p.name for p in (tmp_path / "q/te__tyonhakijajaksot").iterdir())
    assert written == [
        "tyonhakijajaksot_20230131.csv.not-copied.txt",
        "tyonhakijajaksot_20230131.csv.reason.txt",
    ]
    note = (tmp_path / "q/te__tyonhakijajaksot" / written[0]).read_text()
    data = path.read_bytes()
    assert f"size: {len(data)} bytes" in note
    assert f"sha256: {hashlib.sha256(data).hexdigest()}" in note
    assert "reason: te/tyonhakijajaksot_20230131.csv is not UTF-8 text" in note
    assert _no_code_in(note.encode(), [A, B, C])


# -- 4. the quarantine is owner-only, whatever the umask --------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_quarantine_folder_and_files_are_owner_only(tmp_path: Path, umask: int) -> None:
    land, quarantine = tmp_path / "landing", tmp_path / "out/quality/quarantine"
    write_csv(land / "te/palvelut_20230131.csv", [TE_SERVICES, f"{A};VAL;1.1.2020;", f"{A};XXX;;"])
    write_csv(land / "te/palvelut_20230228.csv", ["hetu;palvelu", f"{A};VAL"])  # rejected
    workbook(land / "esf/osallistujat_20230131.xlsx", ["hetu"], [[A]], sheet="muu")
    previous = os.umask(umask)
    try:
        ingest_all(duckdb.connect(), land, quarantine)
    finally:
        os.umask(previous)
    folders = [quarantine, *(p for p in quarantine.rglob("*") if p.is_dir())]
    files = [p for p in quarantine.rglob("*") if p.is_file()]
    assert len(folders) == 3 and len(files) == 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


# -- 9. formula text never reaches a CSV askel writes for people as a formula -----------------


def test_formula_cells_are_neutralised_in_quarantined_rows_and_rejected_copies(
    tmp_path: Path,
) -> None:
    land = tmp_path / "landing"
    write_csv(
        land / "te/palvelut_20230131.csv",
        [
            "hetu;palvelu;alkupvm;loppupvm;=huomio",
            f"{A};=1+1;1.1.2020;;@SUM(A1)",
            f"{A};VAL;+358401234567;;-2",
            f'{A};VAL;\t1.1.2020;5.5.2019;=HYPERLINK("http://x")',
        ],
    )
    write_csv(
        land / "te/palvelut_20230228.csv", ["hetu;palvelu", f"{A};=cmd|' /C calc'!A0", "@x;-y"]
    )
    ingest_all(duckdb.connect(), land, tmp_path / "q")
    base = tmp_path / "q/te__palvelut"
    with (base / "palvelut_20230131.csv.rows.csv").open(newline="") as f:
        cells = [c for row in list(csv.reader(f))[1:] for c in row]
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and "'-2" in cells
    assert "'+358401234567" in cells and "'=huomio" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    copy = (base / "palvelut_20230228.csv").read_text()
    assert copy.splitlines()[1:] == [f"{_pseudonym(A)};'=cmd|' /C calc'!A0", "'@x;'-y"]


def _pseudonym(code: str) -> str:
    return "pseudonym:" + ingest_hetu.pseudonym(code, KEY)


# -- 5. symbolic links are reported, never followed --------------------------------------------


def test_symbolic_links_in_the_landing_folder_are_reported_and_not_followed(
    tmp_path: Path,
) -> None:
    land, outside = tmp_path / "landing", tmp_path / "outside"
    secret = _services(outside, "20230131", [A, B])
    write_csv(outside / "kunta/palvelut_20230131.csv", ["hetu;kunta", f"{A};297"])
    _services(land, "20230228", [C])
    (land / "te/palvelut_20230131.csv").symlink_to(secret)
    (land / "kunta").symlink_to(outside / "kunta", target_is_directory=True)
    found = ingest.discover(land)
    assert [f.name for files in found.files.values() for f in files] == ["palvelut_20230228.csv"]
    assert [p.relative_to(land).as_posix() for p in found.symlinks] == [
        "kunta",
        "te/palvelut_20230131.csv",
    ]
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    assert rows(con, "select file_name from raw.load_ledger") == [("palvelut_20230228.csv",)]
    assert not (tmp_path / "q").exists()  # nothing read from outside, nothing copied
    ingest.record_landing_findings(con, found)
    assert rows(con, 'select file, "row", source, kind, action, detail from raw.findings') == [
        (
            "kunta",
            None,
            "",
            "symlink",
            "ignored",
            "kunta is a symbolic link; links in the landing folder are not followed, so it was "
            "left alone (put the file itself there to load it)",
        ),
        (
            "palvelut_20230131.csv",
            None,
            "te/palvelut",
            "symlink",
            "ignored",
            "te/palvelut_20230131.csv is a symbolic link; links in the landing folder are not "
            "followed, so it was left alone (put the file itself there to load it)",
        ),
    ]


def test_a_file_replaced_by_a_link_after_discovery_is_not_read(tmp_path: Path) -> None:
    secret = _services(tmp_path / "outside", "20230131", [A])
    link = tmp_path / "landing/te/palvelut_20230131.csv"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    with pytest.raises(OSError):
        read_no_follow(link)


# -- 6. files that match no pattern are reported, with a hint ----------------------------------


def test_files_matching_no_pattern_are_reported_with_what_differs(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    names = [
        "te/tyonhakijajaksot_20230115 (kopio).csv",
        "te/tyonhakijajaksot_20230131.CSV",
        "kunta/Palvelut_20230131.csv",
        "te/palvelut_20230231.csv",
        "palvelut_20230131.csv",
        "kela/tmt_kuntaosuus_20230131.csv",
        "esf/lue minut.txt",
        "te/=HYPERLINK(x).csv",
        f"kunta/palvelut_{A}.csv",
        "defects.json",  # the generator's own list: no finding
    ]
    for name in names:
        write_csv(land / name, ["x"])
    con = duckdb.connect()
    assert len(ingest.record_landing_findings(con, ingest.discover(land))) == 9
    ingest.write_findings_csv(con, tmp_path / "findings.csv")
    with (tmp_path / "findings.csv").open(newline="") as f:
        listed = list(csv.DictReader(f))
    assert {(r["row"], r["kind"], r["action"]) for r in listed} == {
        ("", "unmatched_file", "ignored")
    }
    detail = {r["file"]: (r["source"], r["detail"].split("; it looks like ")[-1]) for r in listed}
    assert detail == {
        "tyonhakijajaksot_20230115 (kopio).csv": (
            "te/tyonhakijajaksot",
            "te/tyonhakijajaksot_YYYYMMDD.csv but ' (kopio)' follows the date",
        ),
        "tyonhakijajaksot_20230131.CSV": (
            "te/tyonhakijajaksot",
            "te/tyonhakijajaksot_YYYYMMDD.csv but its extension is .CSV, not .csv",
        ),
        "Palvelut_20230131.csv": (
            "kunta/palvelut",
            "kunta/palvelut_YYYYMMDD.csv but its name is spelled 'Palvelut', not 'palvelut'",
        ),
        "palvelut_20230231.csv": (
            "te/palvelut",
            "te/palvelut_YYYYMMDD.csv but 20230231 is not a real date",
        ),
        "palvelut_20230131.csv": ("", "palvelut_YYYYMMDD.csv in te/ or kunta/"),
        "tmt_kuntaosuus_20230131.csv": (
            "kela/tmt_kuntaosuus",
            "kela/tmt_kuntaosuus_YYYYMM.csv but its date has 8 digits, not 6",
        ),
        "lue minut.txt": (
            "",
            "esf/lue minut.txt matches no file name of sources.md; it was left alone",
        ),
        "'=HYPERLINK(x).csv": (
            "",
            "te/=HYPERLINK(x).csv matches no file name of sources.md; it was left alone",
        ),
        "palvelut_[identity code].csv": (
            "kunta/palvelut",
            "kunta/palvelut_YYYYMMDD.csv but its name has no extraction date",
        ),
    }
    # the next run lists what is there then: a file removed is no longer reported
    (land / "te/tyonhakijajaksot_20230131.CSV").unlink()
    ingest.record_landing_findings(con, ingest.discover(land))
    assert len(ingest.landing_findings(con)) == 8


# -- 7. an ESF date typed as ISO text is a bad_date ---------------------------------------------


def test_esf_dates_are_date_cells_or_text_dmy_and_nothing_else(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    header = ["hanketunnus", "hetu", "aloituspvm", "lopetuspvm", "tyomarkkina_asema",
              "koulutusaste", "tilanne_lopussa", "tutkinto"]  # fmt: skip
    people = [hetu(1980, 1, 1 + i, 940 + i) for i in range(7)]
    entries = [
        dt.date(2019, 6, 1),  # 2 date cell
        "1.7.2019",  # 3 text D.M.YYYY
        "2019-07-01",  # 4 ISO text: bad_date
        "2019-07-01 00:00:00",  # 5 looks like a date cell's text, is text: bad_date
        43647,  # 6 a number cell without a date format: bad_date
        dt.datetime(2019, 7, 1, 13, 5),  # 7 a date cell with a time of day
        " 01.07.2019 ",  # 8 text D.M.YYYY with spaces
    ]
    workbook(
        land / "esf/osallistujat_20230131.xlsx",
        header,
        [
            ["S21001", p, e, None, "TYOTON", 3, None, None]
            for p, e in zip(people, entries, strict=True)
        ],
    )
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    assert rows(con, 'select "row", kind, detail from raw.findings order by "row"') == [
        (4, "bad_date", "'2019-07-01' in column aloituspvm is not a real date D.M.YYYY"),
        (5, "bad_date", "'2019-07-01 00:00:00' in column aloituspvm is not a real date D.M.YYYY"),
        (6, "bad_date", "'43647' in column aloituspvm is not a real date D.M.YYYY"),
    ]
    assert rows(con, "select row_number, aloituspvm from raw.esf_osallistujat order by 1") == [
        (2, dt.date(2019, 6, 1)),
        (3, dt.date(2019, 7, 1)),
        (7, dt.date(2019, 7, 1)),
        (8, dt.date(2019, 7, 1)),
    ]


def test_every_defect_the_generator_injects_is_found_by_ingestion(tmp_path: Path) -> None:
    """Recall 100 % and no false alarm, at the library level (the ESF ISO-text dates
    included: the generator writes them as `bad_date`, as sources.md says)."""
    land = tmp_path / "landing"
    # the generator's first bad date of every file is ISO text (askel/synth/defects.py)
    generate(land, persons=300, seed=6, defects=0.06)
    injected = json.loads((land / "defects.json").read_text())
    esf = [d for d in injected if d["kind"] == "bad_date" and d["file"].endswith(".xlsx")]
    sheet = openpyxl.load_workbook(land / "esf" / esf[0]["file"], read_only=True)["osallistujat"]
    cells = list(sheet.iter_rows(values_only=True))
    iso = [d["row"] for d in esf if re.fullmatch(r"\d{4}-\d\d-\d\d", str(cells[d["row"] - 1][2]))]
    assert iso  # an entry date typed as ISO text is among them (the test can fail)
    con = duckdb.connect()
    ingest_all(con, land, tmp_path / "q")
    ingest.record_landing_findings(con, ingest.discover(land))
    found = rows(con, 'select file, "row", source, kind from raw.findings')
    assert sorted(found, key=str) == sorted(
        ((d["file"], d["row"], d["source"], d["kind"]) for d in injected), key=str
    )
