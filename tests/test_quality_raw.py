"""Raw-layer quality checks on small hand-made warehouses: clean data passes, each kind of
bad row is caught with exact counts and a pseudonymised example."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

import quality
from quality.gx_runner import Expect, validate
from tests.support.raw import empty_raw_layer, insert_rows

D = dt.date
AS_OF = D(2023, 1, 31)


def _period(person: str, code: str, start: dt.date, end: dt.date | None, **extra) -> dict:
    return {
        "person_id": person,
        "kotikunta": "297",
        "tyollkoodi": code,
        "alkupvm": start,
        "loppupvm": end,
        **extra,
    }


def _clean(con: duckdb.DuckDBPyConnection) -> None:
    empty_raw_layer(con, AS_OF)
    insert_rows(
        con,
        "te/tyonhakijajaksot",
        [
            _period("p-a", "02", D(2020, 1, 1), D(2020, 5, 31)),
            _period("p-a", "01", D(2020, 6, 1), None),
            _period("p-b", "03", D(2021, 2, 1), D(2021, 3, 31), paattymissyy="AT"),
        ],
    )
    insert_rows(
        con,
        "te/palvelut",
        [{"person_id": "p-a", "palvelu": "TVK", "alkupvm": D(2020, 3, 1), "loppupvm": None}],
    )
    insert_rows(
        con,
        "kunta/palvelut",
        [
            {
                "person_id": "p-a",
                "kunta": "297",
                "palvelu": "KTT",
                "alkupvm": D(2020, 3, 1),
                "loppupvm": D(2020, 3, 31),
                "lasnapaivat": 31,
            }
        ],
    )
    insert_rows(
        con,
        "esf/osallistujat",
        [
            {
                "person_id": "p-a",
                "hanketunnus": "S21001",
                "aloituspvm": D(2020, 3, 1),
                "tyomarkkina_asema": "TYOTON",
                "koulutusaste": 3,
                "vamma": "EOS",
            }
        ],
    )


@pytest.fixture
def con():
    connection = duckdb.connect()
    _clean(connection)
    yield connection
    connection.close()


RAW_CHECKS = [c.name for c in quality.ALL_CHECKS if c.asset[0] == "raw"]


def test_every_raw_and_cross_source_check_passes_on_clean_data(con) -> None:
    outcomes = quality.evaluate_all(con, RAW_CHECKS)
    assert {n: o.summary for n, o in outcomes.items() if not o.passed} == {}
    # per source, shrink checks of the 4 required sources, ESF completeness, cross-source
    assert len(outcomes) == 6 * 8 + 4 + 1 + 2


def test_unknown_status_code_fails_the_code_list_check_with_its_row(con) -> None:
    insert_rows(
        con,
        "te/tyonhakijajaksot",
        [
            _period("p-a", "02", D(2020, 1, 1), D(2020, 5, 31)),
            _period("p-bad", "06", D(2020, 1, 1), None),
            _period("p-c", "02", D(2020, 1, 1), None, kotikunta="29"),
        ],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "te_tyonhakijajaksot_codes_in_lists")
    assert not outcome.passed
    assert outcome.counts["tyollkoodi_bad_rows"] == 1
    assert outcome.counts["kotikunta_bad_rows"] == 1
    assert outcome.counts["rows_checked"] == 3
    assert outcome.examples[0] == {
        "person_id": "p-bad",
        "file_name": "te_tyonhakijajaksot_20230228",
        "row_number": 3,
        "field": "tyollkoodi",
        "value": "06",
    }
    failed = [e for e in outcome.expectations if not e["success"]]
    assert [(e["expectation"], e["column"]) for e in failed] == [
        ("expect_column_values_to_be_in_set", "tyollkoodi"),
        ("expect_column_values_to_match_regex", "kotikunta"),
    ]


def test_missing_required_code_fails_but_an_empty_optional_one_does_not(con) -> None:
    con.execute("update raw.te_palvelut set keskeytyi = null")
    con.execute("alter table raw.te_palvelut alter palvelu drop not null")
    assert quality.evaluate(con, "te_palvelut_codes_in_lists").passed
    con.execute("update raw.te_palvelut set palvelu = null")
    outcome = quality.evaluate(con, "te_palvelut_codes_in_lists")
    assert not outcome.passed
    assert outcome.counts["palvelu_bad_rows"] == 1


def test_only_the_selected_snapshot_is_validated(con) -> None:
    # an older snapshot with a bad row, then a newer clean one selected for the run
    insert_rows(
        con,
        "te/palvelut",
        [{"person_id": "p-a", "palvelu": "XXX", "alkupvm": D(2020, 3, 1)}],
        extraction_date=D(2022, 1, 31),
        select_snapshot=False,
    )
    assert quality.evaluate(con, "te_palvelut_codes_in_lists").passed


def test_esf_project_code_must_be_configured(con) -> None:
    insert_rows(
        con,
        "esf/osallistujat",
        [{"person_id": "p-x", "hanketunnus": "S99999", "aloituspvm": D(2020, 3, 1)}],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "esf_osallistujat_codes_in_lists")
    assert not outcome.passed
    assert outcome.counts["hanketunnus_bad_rows"] == 1
    assert outcome.examples[0]["person_id"] == "p-x"


def test_period_ending_before_it_starts_fails_the_date_order_check(con) -> None:
    insert_rows(
        con,
        "kunta/palvelut",
        [
            {"person_id": "p-a", "palvelu": "TVA", "alkupvm": D(2021, 5, 1), "loppupvm": None},
            {
                "person_id": "p-late",
                "palvelu": "TVA",
                "alkupvm": D(2021, 5, 10),
                "loppupvm": D(2021, 5, 9),
            },
        ],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "kunta_palvelut_dates_in_order")
    assert not outcome.passed
    assert outcome.counts == {"rows_checked": 2, "end_before_start": 1}
    assert outcome.examples == [
        {
            "rule": "end_before_start",
            "person_id": "p-late",
            "file_name": "kunta_palvelut_20230228",
            "row_number": 3,
            "alkupvm": "2021-05-10",
            "loppupvm": "2021-05-09",
        }
    ]
    assert outcome.expectations[0]["expectation"] == "expect_column_values_to_be_between"


def test_esf_entry_before_the_project_start_fails_the_date_order_check(con) -> None:
    insert_rows(
        con,
        "esf/osallistujat",
        [{"person_id": "p-early", "hanketunnus": "S21002", "aloituspvm": D(2019, 4, 30)}],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "esf_osallistujat_dates_in_order")
    assert not outcome.passed
    assert outcome.counts["entry_before_project_start"] == 1
    assert outcome.counts["leaving_before_entry"] == 0


def test_dates_out_of_range_warn(con) -> None:
    insert_rows(
        con,
        "te/tyonhakijajaksot",
        [
            _period("p-old", "02", D(2017, 1, 1), D(2018, 12, 31)),
            _period("p-future", "02", D(2023, 3, 1), None),
        ],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "te_tyonhakijajaksot_dates_in_range")
    assert not outcome.passed
    assert outcome.counts == {
        "rows_checked": 2,
        "start_before_birth": 0,
        "start_after_extraction": 1,
        "ended_before_scope": 1,
    }
    assert quality.BY_NAME["te_tyonhakijajaksot_dates_in_range"].severity == "warning"


def test_a_row_loaded_twice_fails_lineage_uniqueness(con) -> None:
    con.execute(
        "insert into raw.te_palvelut select * from raw.te_palvelut"
    )  # same load_id and row_number again
    outcome = quality.evaluate(con, "te_palvelut_rows_unique")
    assert not outcome.passed
    assert outcome.counts["duplicate_rows"] == 1
    assert outcome.examples[0]["row_numbers"] == "2 2"


def test_natural_key_duplicates_warn(con) -> None:
    insert_rows(
        con,
        "te/tyonhakijajaksot",
        [
            _period("p-a", "02", D(2020, 1, 1), D(2020, 5, 31)),
            _period("p-a", "02", D(2020, 1, 1), D(2020, 6, 30)),
        ],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "te_tyonhakijajaksot_natural_key_unique")
    assert not outcome.passed
    assert outcome.counts["duplicate_keys"] == 1
    assert outcome.examples[0]["person_id"] == "p-a"


def _services(n: int) -> list[dict]:
    return [{"person_id": f"p-{i}", "palvelu": "VAL", "alkupvm": D(2020, 1, 1)} for i in range(n)]


def test_row_count_band_warns_when_a_snapshot_lost_30_percent(con) -> None:
    insert_rows(con, "te/palvelut", _services(10), extraction_date=D(2023, 2, 28))
    insert_rows(con, "te/palvelut", _services(7), extraction_date=D(2023, 3, 31))
    outcome = quality.evaluate(con, "te_palvelut_row_count_band")
    assert not outcome.passed
    assert outcome.counts["current_rows"] == 7
    assert outcome.counts["previous_rows"] == 10
    assert outcome.counts["ratio"] == 0.7
    assert outcome.examples[0]["previous_file"] == "te_palvelut_20230228"


def test_row_count_band_passes_when_a_snapshot_lost_less(con) -> None:
    insert_rows(con, "te/palvelut", _services(10), extraction_date=D(2023, 2, 28))
    insert_rows(con, "te/palvelut", _services(8), extraction_date=D(2023, 3, 31))
    outcome = quality.evaluate(con, "te_palvelut_row_count_band")
    assert outcome.passed
    assert outcome.counts["ratio"] == 0.8


def test_kela_months_are_compared_with_the_previous_billing_month(con) -> None:
    def month(first: dt.date, n: int) -> list[dict]:
        return [
            {"person_id": f"p-{i}", "kunta": "297", "kuukausi": first, "kuntaosuus_pct": 50}
            for i in range(n)
        ]

    insert_rows(
        con, "kela/tmt_kuntaosuus", month(D(2022, 11, 1), 10), extraction_date=D(2022, 11, 1)
    )
    insert_rows(
        con, "kela/tmt_kuntaosuus", month(D(2022, 12, 1), 5), extraction_date=D(2022, 12, 1)
    )
    outcome = quality.evaluate(con, "kela_tmt_kuntaosuus_row_count_band")
    assert not outcome.passed
    assert outcome.counts["ratio"] == 0.5
    assert quality.evaluate(con, "kela_tmt_kuntaosuus_codes_in_lists").passed


def test_identity_code_validity_warns_above_one_percent(con) -> None:
    load = insert_rows(con, "te/palvelut", _services(98), extraction_date=D(2023, 2, 28))
    con.execute(
        "update raw.load_ledger set rows_read = 100, rows_quarantined = 2 where load_id = ?", [load]
    )
    for row in (5, 9):
        con.execute(
            "insert into raw.findings values (?, 'palvelut_20230228.csv', ?, 'te/palvelut', "
            "'invalid_hetu', 'quarantined', 'identity code check character does not match')",
            [load, row],
        )
    outcome = quality.evaluate(con, "te_palvelut_identity_code_validity")
    assert not outcome.passed
    assert outcome.counts["invalid_hetu_rows"] == 2
    assert outcome.counts["invalid_rate"] == 0.02
    con.execute('delete from raw.findings where "row" = 9')
    assert quality.evaluate(con, "te_palvelut_identity_code_validity").passed  # 1 % exactly


def test_a_retyped_or_missing_column_fails_the_columns_check(con) -> None:
    con.execute("alter table raw.te_palvelut alter keskeytyi type integer")
    con.execute("alter table raw.te_palvelut drop column loppupvm")
    outcome = quality.evaluate(con, "te_palvelut_columns_and_types")
    assert not outcome.passed
    assert outcome.counts["columns_missing"] == 1
    assert outcome.counts["columns_wrong_type"] == 1
    assert {"column": "keskeytyi", "expected": "VARCHAR", "actual": "INTEGER"} in outcome.examples


def test_esf_complete_record_share_is_per_participant(con) -> None:
    rows = [
        {
            "person_id": f"p-{i}",
            "hanketunnus": "S21001",
            "aloituspvm": D(2020, 3, 1),
            "tyomarkkina_asema": "TYOTON",
            "koulutusaste": 9 if i < 3 else 4,  # 9 = unknown: incomplete
        }
        for i in range(10)
    ]
    # a later row of p-0 with a known level does not complete the record: entry data come
    # from the first row
    rows.append({**rows[0], "aloituspvm": D(2021, 1, 1), "koulutusaste": 4})
    insert_rows(con, "esf/osallistujat", rows, extraction_date=D(2023, 2, 28))
    outcome = quality.evaluate(con, "esf_osallistujat_complete_records")
    assert not outcome.passed
    assert outcome.counts["S21001_participants"] == 10
    assert outcome.counts["S21001_complete"] == 7
    assert outcome.counts["S21001_complete_share"] == 0.7
    assert [e["person_id"] for e in outcome.examples] == ["p-0", "p-1", "p-2"]


def test_unemployed_esf_participant_missing_from_the_register_warns(con) -> None:
    insert_rows(
        con,
        "esf/osallistujat",
        [
            {
                "person_id": "p-a",
                "hanketunnus": "S21001",
                "aloituspvm": D(2020, 3, 1),
                "tyomarkkina_asema": "TYOTON",
            },
            {
                "person_id": "p-ghost",
                "hanketunnus": "S21002",
                "aloituspvm": D(2020, 3, 1),
                "tyomarkkina_asema": "TYOTON",
            },
            {
                "person_id": "p-employed",
                "hanketunnus": "S21002",
                "aloituspvm": D(2020, 3, 1),
                "tyomarkkina_asema": "TYOLLINEN",
            },
        ],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "esf_unemployed_not_in_register")
    assert not outcome.passed
    assert outcome.counts["participants_unemployed_at_entry"] == 2
    assert outcome.counts["not_in_register"] == 1
    assert outcome.counts["rate"] == 0.5
    assert outcome.examples[0]["person_id"] == "p-ghost"


def test_te_service_before_the_first_registration_warns(con) -> None:
    insert_rows(
        con,
        "te/palvelut",
        [
            {"person_id": "p-a", "palvelu": "VAL", "alkupvm": D(2019, 12, 31)},
            {"person_id": "p-a", "palvelu": "VAL", "alkupvm": D(2020, 1, 1)},
            {"person_id": "p-unknown", "palvelu": "VAL", "alkupvm": D(2020, 1, 1)},
        ],
        extraction_date=D(2023, 2, 28),
    )
    outcome = quality.evaluate(con, "services_before_first_registration")
    assert not outcome.passed
    assert outcome.counts["te_before_first_registration"] == 1
    assert outcome.counts["te_never_registered"] == 1
    assert outcome.counts["kunta_before_first_registration"] == 0
    assert [e["person_id"] for e in outcome.examples] == ["p-a", "p-unknown"]


def test_the_gx_path_decides_the_outcome() -> None:
    import pandas as pd

    frame = pd.DataFrame({"violations": [0, 3]})
    report = validate(
        frame,
        "test.gx_path",
        [Expect.of("ExpectColumnValuesToBeBetween", column="violations", min_value=0, max_value=0)],
    )
    assert not report.success
    assert report.failed()[0].unexpected_count == 1
    assert report.failed()[0].unexpected_values == [3]
    assert validate(
        frame.head(1), "test.gx_path", [Expect.of("ExpectColumnToExist", column="violations")]
    ).success


def test_a_required_source_that_lost_more_than_half_its_rows_blocks(con) -> None:
    insert_rows(con, "te/palvelut", _services(10), extraction_date=D(2023, 2, 28))
    insert_rows(con, "te/palvelut", _services(4), extraction_date=D(2023, 3, 31))
    check = quality.BY_NAME["te_palvelut_snapshot_not_shrunk"]
    assert check.severity == "blocking"
    outcome = quality.evaluate(con, check.name)
    assert not outcome.passed
    assert (outcome.counts["current_rows"], outcome.counts["previous_rows"]) == (4, 10)
    assert outcome.summary == (
        "te_palvelut_20230331 holds 4 rows, the snapshot before it (te_palvelut_20230228) 10: "
        "it lost more than half of them"
    )


def test_a_required_source_that_kept_half_its_rows_passes(con) -> None:
    insert_rows(con, "te/palvelut", _services(10), extraction_date=D(2023, 2, 28))
    insert_rows(con, "te/palvelut", _services(5), extraction_date=D(2023, 3, 31))
    assert quality.evaluate(con, "te_palvelut_snapshot_not_shrunk").passed


def test_an_empty_snapshot_of_a_required_source_blocks_even_without_an_earlier_one(con) -> None:
    insert_rows(con, "te/tyonhakijajaksot", [], extraction_date=D(2023, 3, 31))
    outcome = quality.evaluate(con, "te_tyonhakijajaksot_snapshot_not_shrunk")
    assert not outcome.passed
    assert outcome.summary == (
        "te_tyonhakijajaksot_20230331 holds no rows (the snapshot before it, "
        "te_tyonhakijajaksot_20230131, 3)"
    )
    insert_rows(con, "esf/osallistujat", [], extraction_date=D(2023, 3, 31), load_id="only")
    con.execute(
        "delete from raw.load_ledger where source = 'esf/osallistujat' and load_id <> 'only'"
    )
    outcome = quality.evaluate(con, "esf_osallistujat_snapshot_not_shrunk")
    assert not outcome.passed and outcome.summary == "esf_osallistujat_20230331 holds no rows"


def test_a_full_snapshot_after_an_empty_one_passes(con) -> None:
    insert_rows(con, "te/palvelut", [], extraction_date=D(2023, 2, 28))
    insert_rows(con, "te/palvelut", _services(3), extraction_date=D(2023, 3, 31))
    outcome = quality.evaluate(con, "te_palvelut_snapshot_not_shrunk")
    assert outcome.passed, outcome.summary
    assert outcome.summary == (
        "te_palvelut_20230331 holds 3 rows, the snapshot before it (te_palvelut_20230228) 0"
    )


def test_optional_sources_have_no_shrink_check() -> None:
    assert "tulorekisteri_palvelussuhteet_snapshot_not_shrunk" not in quality.BY_NAME
    assert "kela_tmt_kuntaosuus_snapshot_not_shrunk" not in quality.BY_NAME
