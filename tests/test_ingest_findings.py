"""Each finding kind of sources.md lands on the right row with the right action, once."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import xlsxwriter

from askel import ingest
from tests.fixtures.ingest.helpers import hetu, ingest_all, rows, write_csv

A = hetu(1980, 5, 17, 920)
B = hetu(1985, 1, 2, 921)
C = hetu(1990, 7, 8, 922)
BAD_CHECK = A[:-1] + ("X" if A[-1] != "X" else "Y")


def _te_periods(tmp_path: Path) -> tuple[duckdb.DuckDBPyConnection, ingest.SourceReport]:
    write_csv(
        tmp_path / "landing/te/tyonhakijajaksot_20230131.csv",
        [
            "hetu;kotikunta;tyollkoodi;alkupvm;loppupvm;paattymissyy",
            f"{A};297;02;1.1.2020;31.3.2020;",  # 2 ok
            f"{A};297;02;1.1.2020",  # 3 truncated (and would also be a duplicate-ish)
            f"{BAD_CHECK};297;02;1.1.2020;31.3.2020;",  # 4 invalid_hetu
            f"{B};297;02;31.2.2020;;",  # 5 bad_date: impossible
            f"{B};297;02;;;",  # 6 bad_date: required date empty
            f"{B};297;02;1.1.2020;2020-03-01;",  # 7 bad_date: optional date in another form
            f"{B};297;02;5.3.2020;4.3.2020;",  # 8 end_before_start
            f"{B};297;06;1.4.2020;;",  # 9 unknown_code tyollkoodi
            f"{B};297;02;1.4.2020;30.4.2020;XX",  # 10 unknown_code paattymissyy
            f"{B};29A;02;1.4.2020;30.4.2020;",  # 11 unknown_code municipality
            f"{A};297;02;1.1.2020;31.3.2020;",  # 12 duplicate of 2
            f"{A};297;03;31.3.2020;30.6.2020;",  # 13 overlap with 2 (shares 31.3)
            f"{A};297;05;1.7.2020;;",  # 14 ok (starts after 13 ends)
            f"{A};297;07;1.8.2020;31.8.2020;",  # 15 overlap with the open period 14
            f"{C};749;02;1.1.2021;;",  # 16 ok
            f"{C};749;08;1.1.2021;31.1.2021;",  # 17 overlap: equal start, later in file
        ],
    )
    con = duckdb.connect()
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["te/tyonhakijajaksot"]
    return con, report


def test_each_te_row_gets_its_first_finding_with_its_row_number(tmp_path: Path) -> None:
    con, report = _te_periods(tmp_path)
    assert rows(con, 'select "row", kind, action from raw.findings order by "row"') == [
        (3, "truncated_row", "quarantined"),
        (4, "invalid_hetu", "quarantined"),
        (5, "bad_date", "quarantined"),
        (6, "bad_date", "quarantined"),
        (7, "bad_date", "quarantined"),
        (8, "end_before_start", "quarantined"),
        (9, "unknown_code", "quarantined"),
        (10, "unknown_code", "quarantined"),
        (11, "unknown_code", "quarantined"),
        (12, "duplicate", "quarantined"),
        (13, "overlap", "kept"),
        (15, "overlap", "kept"),
        (17, "overlap", "kept"),
    ]
    assert rows(con, "select row_number from raw.te_tyonhakijajaksot order by 1") == [
        (2,),
        (13,),
        (14,),
        (15,),
        (16,),
        (17,),
    ]
    f = report.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (16, 6, 10)


def test_finding_details_name_the_column_and_never_the_code(tmp_path: Path) -> None:
    con, _ = _te_periods(tmp_path)
    details = dict(rows(con, 'select "row", detail from raw.findings'))
    assert details[3] == (
        "row has 4 of the header's 6 fields (column loppupvm and those after it are missing)"
    )
    assert details[4] == "identity code fails its check character (column hetu)"
    assert details[5] == "'31.2.2020' in column alkupvm is not a real date D.M.YYYY"
    assert details[6] == "required date is empty (column alkupvm)"
    assert (
        details[8]
        == "end date 4.3.2020 (column loppupvm) is before start date 5.3.2020 (column alkupvm)"
    )
    assert details[9] == "unknown code '06' in column tyollkoodi"
    assert details[11] == "municipality code '29A' in column kotikunta is not 1-3 digits"
    assert details[12] == "row is identical in every column to row 2"
    assert all(A not in d and BAD_CHECK not in d for d in details.values())


def test_quarantine_file_holds_the_rows_with_pseudonyms(tmp_path: Path) -> None:
    _te_periods(tmp_path)
    path = tmp_path / "q/te__tyonhakijajaksot/tyonhakijajaksot_20230131.csv.rows.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# quarantined rows of tyonhakijajaksot_20230131.csv")
    table = list(csv.DictReader(lines[1:]))
    assert [(int(r["line"]), r["finding"]) for r in table][:3] == [
        (3, "truncated_row"),
        (4, "invalid_hetu"),
        (5, "bad_date"),
    ]
    assert table[0]["hetu"].startswith("pseudonym:")
    assert table[2]["alkupvm"] == "31.2.2020"
    assert A not in path.read_text() and BAD_CHECK not in path.read_text()


def test_findings_csv_is_sorted_by_file_and_row(tmp_path: Path) -> None:
    con, _ = _te_periods(tmp_path)
    write_csv(
        tmp_path / "landing/te/palvelut_20230131.csv", ["hetu;palvelu;alkupvm", f"{A};VAL;1.1.2020"]
    )
    ingest_all(con, tmp_path / "landing", tmp_path / "q")
    n = ingest.write_findings_csv(con, tmp_path / "out/quality/findings.csv")
    table = list(csv.DictReader((tmp_path / "out/quality/findings.csv").open(encoding="utf-8")))
    assert n == len(table) == 14
    assert list(table[0]) == ["file", "row", "source", "kind", "action", "detail"]
    assert (table[0]["file"], table[0]["row"], table[0]["kind"]) == (
        "palvelut_20230131.csv",
        "",
        "missing_column",
    )
    assert [int(r["row"]) for r in table[1:]] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17]


def test_kunta_and_te_services_quarantine_unknown_service_codes(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "landing/kunta/palvelut_20230131.csv",
        [
            "hetu;kunta;palvelu;alkupvm;loppupvm;lasnapaivat;hanke",
            f"{A};297;KTT;1.1.2020;;;",
            f"{A};297;XYZ;1.1.2020;;;",
            f"{A};1234;KTT;1.2.2020;;;",
            f"{A};297;TVA;1.3.2020;;kolme;",
        ],
        encoding="cp1252",
    )
    con = duckdb.connect()
    ingest_all(con, tmp_path / "landing", tmp_path / "q")
    assert rows(con, 'select "row", kind, action from raw.findings order by 1') == [
        (3, "unknown_code", "quarantined"),
        (4, "unknown_code", "quarantined"),
        (5, "bad_number", "quarantined"),
    ]


def test_esf_unknown_codes_are_kept_empty_and_out_of_project_rows_quarantined(
    tmp_path: Path,
) -> None:
    path = tmp_path / "landing/esf/osallistujat_20230131.xlsx"
    path.parent.mkdir(parents=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("osallistujat")
    ws.write_row(
        0,
        0,
        [
            "hanketunnus",
            "hetu",
            "aloituspvm",
            "lopetuspvm",
            "tyomarkkina_asema",
            "koulutusaste",
            "vamma",
            "maaseutu",
            "tilanne_lopussa",
            "tutkinto",
        ],
    )
    ws.write_row(1, 0, ["S21001", A, "1.6.2019", None, "TYOTON", 12, "EOS", "EOS", "JOTAIN", "K"])
    ws.write_row(2, 0, ["S99999", B, "1.6.2019", None, "TYOTON", 3, "E", "E", None, "E"])
    ws.write_row(3, 0, ["S21002", C, "30.4.2019", None, "TYOTON", 3, "E", "E", None, "E"])
    ws.write_row(4, 0, ["S21002", C, "1.5.2019", None, "TYOTON", 3, "E", "E", None, "E"])
    ws.write_row(5, 0, ["S21002", C, "1.5.2019", None, "TYOTON", 3, "E", "E", None, "E"])
    wb.close()
    con = duckdb.connect()
    ingest_all(con, tmp_path / "landing", tmp_path / "q")
    assert rows(con, 'select "row", kind, action, detail from raw.findings order by 1') == [
        (
            2,
            "unknown_code",
            "kept",
            "unknown code in column(s) koulutusaste, maaseutu, tilanne_lopussa; "
            "the field reads as empty",
        ),
        (
            3,
            "out_of_project",
            "quarantined",
            "project code 'S99999' in column hanketunnus is not configured",
        ),
        (
            4,
            "out_of_project",
            "quarantined",
            "entry date 30.4.2019 (column aloituspvm) is before the start of project S21002",
        ),
        (6, "duplicate", "quarantined", "row is identical in every column to row 5"),
    ]
    assert rows(
        con,
        "select row_number, koulutusaste, vamma, maaseutu, tilanne_lopussa "
        "from raw.esf_osallistujat order by 1",
    ) == [(2, None, "EOS", None, None), (5, 3, "E", "E", None)]


def test_quoted_csv_fields_and_extra_fields_beyond_the_header(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "landing/te/palvelut_20230131.csv",
        [
            "hetu;palvelu;alkupvm;loppupvm;huom",
            f'{A};VAL;1.1.2020;;"kaksi; osaa"',
            f"{B};TVK;1.2.2020;;x;ylimääräinen",
            f"{C};TVK;1.2.2020",
        ],
    )
    con = duckdb.connect()
    ingest_all(con, tmp_path / "landing", tmp_path / "q")
    assert rows(con, "select row_number, extra_columns from raw.te_palvelut order by 1") == [
        (2, '{"huom":"kaksi; osaa","_fields_after_header":null}'),
        (3, '{"huom":"x","_fields_after_header":"ylimääräinen"}'),
    ]
    assert rows(con, 'select "row", kind from raw.findings') == [(4, "truncated_row")]
    assert rows(con, "select keskeytyi from raw.te_palvelut") == [(None,), (None,)]
