"""Every container and format of the contract reads into the raw layer as sources.md says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from askel import ingest
from askel.identity import pseudonymise
from tests.fixtures.ingest.helpers import KEY, hetu, ingest_all, rows, workbook, write_csv

TE_HEADER = "hetu;kotikunta;tyollkoodi;alkupvm;loppupvm;paattymissyy"


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def test_te_file_with_bom_crlf_upper_case_header_and_both_date_forms(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a, b = hetu(1980, 5, 17, 901), hetu(1992, 12, 3, 902)
    write_csv(
        tmp_path / "landing/te/tyonhakijajaksot_20230131.csv",
        [
            "LOPPUPVM;Hetu;TYOLLKOODI;alkupvm;kotikunta;paattymissyy",
            f"30.4.2019;{a};2;1.5.2019 ;297;",
            f";  {b.lower()} ; 3 ;01.05.2019;91;at",
        ],
        bom=True,
        newline="\r\n",
    )
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["te/tyonhakijajaksot"]
    assert [f.status for f in report.files] == ["loaded"]
    got = rows(
        con,
        "select row_number, person_id, birth_date, sex, kotikunta, tyollkoodi, alkupvm, "
        "loppupvm, paattymissyy, extraction_date from raw.te_tyonhakijajaksot order by 1",
    )
    assert got == [
        # 30.4 before 1.5 is end_before_start: row 2 is quarantined, so only row 3 is here
        (
            3,
            pseudonymise(b, KEY),
            dt.date(1992, 12, 3),
            "female",
            "091",
            "03",
            dt.date(2019, 5, 1),
            None,
            "AT",
            dt.date(2023, 1, 31),
        ),
    ]
    assert rows(con, "select row, kind from raw.findings") == [(2, "end_before_start")]


def test_both_date_spellings_and_the_zero_padding_of_codes(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a = hetu(1980, 5, 17, 903)
    write_csv(
        tmp_path / "landing/te/tyonhakijajaksot_20230131.csv",
        [TE_HEADER, f"{a};91;1;1.5.2019;1.6.2019;", f"{a};5;02;02.06.2019;;"],
    )
    ingest_all(con, tmp_path / "landing", tmp_path / "q")
    assert rows(
        con,
        "select kotikunta, tyollkoodi, alkupvm, loppupvm from raw.te_tyonhakijajaksot order by 3",
    ) == [
        ("091", "01", dt.date(2019, 5, 1), dt.date(2019, 6, 1)),
        ("005", "02", dt.date(2019, 6, 2), None),
    ]


def test_kunta_file_in_windows_1252_keeps_its_letters_and_extra_column(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a = hetu(1975, 1, 31, 904)
    write_csv(
        tmp_path / "landing/kunta/palvelut_20230131.csv",
        [
            "asiakasnro;hetu;kunta;palvelu;alkupvm;loppupvm;lasnapaivat;hanke;Lisätieto",
            f"K-77;{a};297;ktt;1.2.2020;31.3.2020;12;askel;Käynyt työpajalla öisin",
        ],
        encoding="cp1252",
    )
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["kunta/palvelut"]
    assert report.files[0].status == "loaded"
    got = rows(
        con,
        "select asiakasnro, kunta, palvelu, lasnapaivat, hanke, extra_columns "
        "from raw.kunta_palvelut",
    )
    assert got[0][:5] == ("K-77", "297", "KTT", 12, "ASKEL")
    assert json.loads(got[0][5]) == {"Lisätieto": "Käynyt työpajalla öisin"}


def test_missing_optional_column_reads_as_empty(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a = hetu(1975, 1, 31, 905)
    write_csv(
        tmp_path / "landing/kunta/palvelut_20230131.csv",
        ["hetu;kunta;palvelu;alkupvm;loppupvm;hanke", f"{a};749;SOS;1.2.2020;;"],
        encoding="cp1252",
    )
    ingest_all(con, tmp_path / "landing", tmp_path / "q")
    assert rows(
        con, "select asiakasnro, lasnapaivat, hanke, extra_columns from raw.kunta_palvelut"
    ) == [(None, None, None, None)]


def test_missing_required_column_rejects_the_file_naming_it(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a = hetu(1975, 1, 31, 906)
    write_csv(
        tmp_path / "landing/te/palvelut_20230131.csv",
        ["hetu;palvelu;alkupvm;keskeytyi", f"{a};VAL;1.2.2020;K"],
    )
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["te/palvelut"]
    f = report.files[0]
    assert (f.status, report.files_rejected) == ("rejected", 1)
    assert "te/palvelut_20230131.csv" in f.message and "column loppupvm" in f.message
    assert rows(con, "select row, kind, action, detail from raw.findings") == [
        (None, "missing_column", "rejected_file", f.message)
    ]
    assert rows(
        con, "select status, rows_read, rows_loaded, rows_quarantined from raw.load_ledger"
    ) == [("rejected", 0, 0, 0)]
    assert rows(con, "select count(*) from raw.te_palvelut") == [(0,)]


def test_te_file_that_is_not_utf8_is_rejected_as_bad_encoding(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a = hetu(1975, 1, 31, 907)
    write_csv(
        tmp_path / "landing/tulorekisteri/palvelussuhteet_20230131.csv",
        [
            "hetu;ytunnus;alkupvm;loppupvm;palkkatuettu;työnantaja",
            f"{a};1234567-8;1.1.2020;;E;Äänekoski",
        ],
        encoding="cp1252",
    )
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["tulorekisteri/palvelussuhteet"]
    assert report.files[0].status == "rejected"
    assert rows(con, "select kind from raw.findings") == [("bad_encoding",)]
    assert "palvelussuhteet_20230131.csv" in report.files[0].message


def test_kunta_file_exported_as_utf8_is_rejected_as_bad_encoding(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a = hetu(1975, 1, 31, 908)
    write_csv(
        tmp_path / "landing/kunta/palvelut_20230131.csv",
        [
            "hetu;kunta;palvelu;alkupvm;loppupvm;hanke",
            f"{a};297;KTT;1.2.2020;;Kehitysvammaisten päivätoiminta",
        ],
    )
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["kunta/palvelut"]
    assert report.files[0].status == "rejected"
    assert rows(con, "select kind from raw.findings") == [("bad_encoding",)]


ESF_HEADER = [
    "HANKETUNNUS",
    "hetu",
    "aloituspvm",
    "lopetuspvm",
    "tyomarkkina_asema",
    "koulutusaste",
    "vamma",
    "tilanne_lopussa",
    "tutkinto",
    "huomio",
]


def test_workbook_with_date_cells_and_text_dates_side_by_side(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a, b = hetu(1990, 3, 4, 910), hetu(2001, 8, 9, 911)
    workbook(
        tmp_path / "landing/esf/osallistujat_20230131.xlsx",
        ESF_HEADER,
        [
            [
                "S21001",
                a,
                dt.date(2019, 6, 1),
                "15.1.2020",
                "tyoton",
                3,
                "eos",
                "TYOLLINEN",
                "K",
                "x",
            ],
            [],
            [
                "s21002",
                b,
                "1.7.2019",
                dt.date(2020, 2, 29),
                "OPISKELIJA",
                "4",
                None,
                None,
                "E",
                None,
            ],
        ],
    )
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["esf/osallistujat"]
    assert [(f.status, f.rows_read, f.rows_loaded) for f in report.files] == [("loaded", 2, 2)]
    got = rows(
        con,
        "select row_number, hanketunnus, aloituspvm, lopetuspvm, tyomarkkina_asema, "
        "koulutusaste, vamma, tilanne_lopussa, tutkinto, sex, birth_date, extra_columns "
        "from raw.esf_osallistujat order by row_number",
    )
    assert got == [
        (
            2,
            "S21001",
            dt.date(2019, 6, 1),
            dt.date(2020, 1, 15),
            "TYOTON",
            3,
            "EOS",
            "TYOLLINEN",
            "K",
            "female",
            dt.date(1990, 3, 4),
            '{"huomio":"x"}',
        ),
        (
            4,
            "S21002",
            dt.date(2019, 7, 1),
            dt.date(2020, 2, 29),
            "OPISKELIJA",
            4,
            None,
            None,
            "E",
            "male",
            dt.date(2001, 8, 9),
            '{"huomio":null}',
        ),
    ]


def test_file_that_is_not_a_workbook_or_lacks_the_sheet_is_rejected(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    a = hetu(1990, 3, 4, 912)
    (tmp_path / "landing/esf").mkdir(parents=True)
    (tmp_path / "landing/esf/osallistujat_20230131.xlsx").write_text(f"hetu\n{a}\n")
    workbook(
        tmp_path / "landing/esf/osallistujat_20230228.xlsx",
        ESF_HEADER,
        [["S21001", a]],
        sheet="Taul1",
    )
    report = ingest_all(con, tmp_path / "landing", tmp_path / "q")["esf/osallistujat"]
    assert [f.status for f in report.files] == ["rejected", "rejected"]
    assert "not an Excel workbook" in report.files[0].message
    assert "without the sheet osallistujat" in report.files[1].message
    assert rows(con, "select kind from raw.findings") == [("not_a_workbook",)] * 2


def test_kela_month_and_numbers(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    a = hetu(1970, 10, 10, 913)
    write_csv(
        tmp_path / "landing/kela/tmt_kuntaosuus_202301.csv",
        [
            "hetu;kunta;kuukausi;maksetut_paivat;kertyneet_paivat;kuntaosuus_pct;kuntaosuus_eur",
            f"{a};297;2023-01;21;340;50;1 012,35",
        ],
    )
    ingest_all(con, tmp_path / "landing", tmp_path / "q")
    assert rows(
        con,
        "select extraction_date, kunta, kuukausi, maksetut_paivat, kertyneet_paivat, "
        "kuntaosuus_pct, kuntaosuus_eur::varchar from raw.kela_tmt_kuntaosuus",
    ) == [(dt.date(2023, 1, 1), "297", dt.date(2023, 1, 1), 21, 340, 50, "1012.35")]


def test_discover_sorts_files_and_reports_the_rest(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    for name in [
        "te/palvelut_20230228.csv",
        "te/palvelut_20230131.csv",
        "kela/tmt_kuntaosuus_202302.csv",
        "te/palvelut_20230231.csv",  # impossible date
        "te/palvelut.csv",
        "defects.json",
        "kunta/palvelut_20230131.xlsx",
    ]:
        (land / name).parent.mkdir(parents=True, exist_ok=True)
        (land / name).write_text("x")
    found = ingest.discover(land)
    assert [(f.name, f.extraction_date) for f in found.files["te/palvelut"]] == [
        ("palvelut_20230131.csv", dt.date(2023, 1, 31)),
        ("palvelut_20230228.csv", dt.date(2023, 2, 28)),
    ]
    assert [f.extraction_date for f in found.files["kela/tmt_kuntaosuus"]] == [dt.date(2023, 2, 1)]
    assert sorted(p.relative_to(land).as_posix() for p in found.unmatched) == [
        "defects.json",
        "kunta/palvelut_20230131.xlsx",
        "te/palvelut.csv",
        "te/palvelut_20230231.csv",
    ]
    assert set(found.files) == set(ingest.SOURCES)
