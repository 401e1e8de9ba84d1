"""Mart checks on hand-made marts: consistent marts pass, a doctored cell fails the check
that owns it (stock-flow identity, outflow split, grid, values, the ESF export's shape)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

import quality
from askel.warehouse import marts_schema
from quality.suites import ESF_INDICATOR_CODES
from tests.support.raw import empty_raw_layer

D = dt.date
AS_OF = D(2023, 1, 31)
MONTHS = (D(2022, 11, 1), D(2022, 12, 1), D(2023, 1, 1))
REFERENCE_DAYS = (D(2022, 11, 30), D(2022, 12, 31), AS_OF)

#: area -> per month (inflow, outflow by destination [employment, services, other])
FLOWS = {
    "297": [(5, (0, 0, 0)), (2, (3, 1, 0)), (1, (0, 0, 2))],
    "749": [(1, (0, 0, 0)), (0, (0, 0, 1)), (3, (1, 0, 0))],
}


def _rows() -> list[dict]:
    rows = []
    totals: dict[dt.date, dict] = {}
    for area, series in FLOWS.items():
        stock = 0
        for month, day, (inflow, (emp, serv, other)) in zip(
            MONTHS, REFERENCE_DAYS, series, strict=True
        ):
            outflow = emp + serv + other
            stock += inflow - outflow
            row = {
                "month": month,
                "reference_day": day,
                "municipality_code": area,
                "unemployed_end": stock,
                "inflow": inflow,
                "outflow": outflow,
                "outflow_employment": emp,
                "outflow_services": serv,
                "outflow_education": 0,
                "outflow_outside_labour_force": 0,
                "outflow_other": other,
                "long_term_unemployed_end": 1 if stock else 0,
                "repeatedly_unemployed_end": 0,
                "returned_from_services_end": 0,
                "in_services_end": 1,
                "structural_unemployment_end": 1 if stock else 0,
            }
            rows.append(row)
            total = totals.setdefault(month, {**row, "municipality_code": "ALL"})
            if total is not row and total["unemployed_end"] is not None and area != "297":
                for key, value in row.items():
                    if isinstance(value, int):
                        total[key] += value
    # one person without a municipality: counted in ALL only (in services in every month)
    for total in totals.values():
        total["in_services_end"] += 1
        rows.append(total)
    for row in rows:
        u, s = row["unemployed_end"], row["in_services_end"]
        row["activation_rate"] = None if u + s == 0 else round(s * 100 / (u + s) + 1e-9, 1)
    return rows


def _create_flows(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    con.execute("create schema if not exists marts")
    con.execute("drop table if exists marts.monthly_flows")
    con.execute(
        "create table marts.monthly_flows (month date, reference_day date, "
        "municipality_code varchar, "
        + ", ".join(f"{c} bigint" for c in marts_schema.MONTHLY_FLOWS_COUNTS)
        + ", activation_rate decimal(5, 1))"
    )
    columns = list(marts_schema.MONTHLY_FLOWS_COLUMNS)
    for row in rows:
        con.execute(
            f"insert into marts.monthly_flows ({', '.join(columns)}) "
            f"values ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns],
        )


@pytest.fixture
def con():
    connection = duckdb.connect()
    empty_raw_layer(connection, AS_OF)
    _create_flows(connection, _rows())
    _create_esf(connection)
    yield connection
    connection.close()


FLOW_CHECKS = [c.name for c in quality.ALL_CHECKS if c.asset == ("marts", "monthly_flows")]
ESF_CHECKS = [c.name for c in quality.ALL_CHECKS if c.asset == ("marts", "esf_indicators")]


def test_consistent_monthly_flows_pass_every_check(con) -> None:
    outcomes = quality.evaluate_all(con, FLOW_CHECKS)
    assert {n: (o.counts, o.examples) for n, o in outcomes.items() if not o.passed} == {}
    assert len(outcomes) == 5
    assert outcomes["monthly_flows_stock_flow_identity"].counts == {
        "rows_checked": 9,
        "identity_broken": 0,
        "previous_month_missing": 0,
    }


def test_a_doctored_stock_fails_the_stock_flow_identity(con) -> None:
    con.execute(
        "update marts.monthly_flows set unemployed_end = unemployed_end + 1 "
        "where municipality_code = '749' and month = '2022-12-01'"
    )
    outcome = quality.evaluate(con, "monthly_flows_stock_flow_identity")
    assert not outcome.passed
    # December no longer follows from November, and January no longer from December
    assert outcome.counts["identity_broken"] == 2
    assert outcome.examples[0] == {
        "month": "2022-12-01",
        "municipality_code": "749",
        "previous_end": 1,
        "inflow": 0,
        "outflow": 1,
        "unemployed_end": 1,
        "residual": 1,
        "rules": "identity_broken",
    }
    assert quality.BY_NAME["monthly_flows_stock_flow_identity"].severity == "blocking"


def test_the_first_month_starts_from_a_zero_stock(con) -> None:
    con.execute(
        "update marts.monthly_flows set unemployed_end = unemployed_end + 2, "
        "long_term_unemployed_end = long_term_unemployed_end "
        "where month = '2022-11-01' and municipality_code = '297'"
    )
    outcome = quality.evaluate(con, "monthly_flows_stock_flow_identity")
    assert not outcome.passed
    assert outcome.examples[0]["previous_end"] is None
    assert outcome.examples[0]["residual"] == 2


def test_a_missing_month_breaks_identity_and_grid(con) -> None:
    con.execute(
        "delete from marts.monthly_flows where month = '2022-12-01' and municipality_code = '749'"
    )
    identity = quality.evaluate(con, "monthly_flows_stock_flow_identity")
    assert identity.counts["previous_month_missing"] == 1
    grid = quality.evaluate(con, "monthly_flows_grid_complete")
    assert not grid.passed
    assert grid.counts["missing_row"] == 1
    assert grid.examples[0]["municipality_code"] == "749"


def test_an_outflow_split_that_does_not_sum_fails(con) -> None:
    con.execute(
        "update marts.monthly_flows set outflow_other = outflow_other + 1 "
        "where municipality_code = 'ALL' and month = '2023-01-01'"
    )
    outcome = quality.evaluate(con, "monthly_flows_outflow_split")
    assert not outcome.passed
    assert outcome.counts["split_does_not_sum"] == 1
    assert outcome.examples[0]["residual"] == -1


def test_wrong_reference_day_and_activation_rate_are_caught(con) -> None:
    con.execute(
        "update marts.monthly_flows set reference_day = '2023-01-30', activation_rate = 50.0 "
        "where municipality_code = '297' and month = '2023-01-01'"
    )
    assert quality.evaluate(con, "monthly_flows_grid_complete").counts["wrong_reference_day"] == 1
    values = quality.evaluate(con, "monthly_flows_values_consistent")
    assert not values.passed
    assert values.counts["activation_rate_wrong"] == 1


def test_a_municipality_above_all_is_caught(con) -> None:
    con.execute(
        "update marts.monthly_flows set in_services_end = 9, activation_rate = null "
        "where municipality_code = '297' and month = '2022-11-01'"
    )
    values = quality.evaluate(con, "monthly_flows_values_consistent")
    assert values.counts["municipality_above_all"] == 1
    assert values.counts["activation_rate_wrong"] == 1


def test_missing_mart_fails_rather_than_passes() -> None:
    connection = duckdb.connect()
    empty_raw_layer(connection, AS_OF)
    outcome = quality.evaluate(connection, "monthly_flows_stock_flow_identity")
    assert not outcome.passed
    assert outcome.counts == {"relation_missing": 1}


# -- esf_indicators ----------------------------------------------------------------------------

PERIODS = ("2019", "2020", "2021", "2022", "2023", "cumulative")
#: (project, code, period) -> (men, women); everything else is 0
COUNTS = {
    ("S21001", "TOTAL", "2020"): (3, 1),
    ("S21001", "CO01", "2020"): (2, 1),
    ("S21001", "CO02", "2020"): (1, 0),
    ("S21001", "CO10", "2020"): (2, 1),
    ("S21001", "CO07", "2020"): (1, 0),
    ("S21001", "NA_CO16", "2020"): (2, 1),
    ("S21001", "CR04", "2021"): (1, 1),
    ("S21001", "CR06", "2021"): (1, 0),
    ("S21001", "PENDING_CR06", "2022"): (1, 0),
}


def _esf_rows() -> list[tuple]:
    rows = []
    for project in ("S21001", "S21002"):
        for code in ESF_INDICATOR_CODES:
            for period in PERIODS:
                if code == "CR07":
                    rows.append(
                        (
                            project,
                            code,
                            code,
                            period,
                            None,
                            None,
                            None,
                            "not_available",
                            "no job-quality data",
                        )
                    )
                    continue
                if period == "cumulative":
                    men = sum(COUNTS.get((project, code, p), (0, 0))[0] for p in PERIODS[:-1])
                    women = sum(COUNTS.get((project, code, p), (0, 0))[1] for p in PERIODS[:-1])
                else:
                    men, women = COUNTS.get((project, code, period), (0, 0))
                rows.append((project, code, code, period, men, women, men + women, "ok", ""))
    return rows


def _create_esf(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists marts")
    con.execute(
        "create table marts.esf_indicators (project_code varchar, indicator_code varchar, "
        "indicator_name varchar, period varchar, men bigint, women bigint, total bigint, "
        "status varchar, note varchar)"
    )
    con.executemany(
        "insert into marts.esf_indicators values (?, ?, ?, ?, ?, ?, ?, ?, ?)", _esf_rows()
    )


def test_a_consistent_esf_export_passes_every_check(con) -> None:
    outcomes = quality.evaluate_all(con, ESF_CHECKS)
    assert {n: (o.counts, o.examples) for n, o in outcomes.items() if not o.passed} == {}
    assert outcomes["esf_indicators_rows_complete"].counts["rows_checked"] == 2 * 30 * 6


def test_total_not_men_plus_women_and_cumulative_not_sum_of_years_fail(con) -> None:
    con.execute(
        "update marts.esf_indicators set total = 5 where project_code = 'S21001' "
        "and indicator_code = 'TOTAL' and period = '2020'"
    )
    outcome = quality.evaluate(con, "esf_indicators_totals_add_up")
    assert not outcome.passed
    assert outcome.counts["total_not_men_plus_women"] == 1
    assert outcome.counts["cumulative_not_sum_of_years"] == 1


def test_missing_period_and_cr07_with_counts_fail_the_rows_check(con) -> None:
    con.execute(
        "delete from marts.esf_indicators where project_code = 'S21002' "
        "and indicator_code = 'CO05' and period = '2023'"
    )
    con.execute(
        "update marts.esf_indicators set status = 'ok' where project_code = 'S21001' "
        "and indicator_code = 'CR07' and period = '2021'"
    )
    outcome = quality.evaluate(con, "esf_indicators_rows_complete")
    assert not outcome.passed
    assert outcome.counts["missing_row"] == 1
    assert outcome.counts["wrong_availability"] == 1


def test_nested_indicators_must_agree(con) -> None:
    con.execute(
        "update marts.esf_indicators set men = 3, total = 4 where project_code = 'S21001' "
        "and indicator_code = 'CO02' and period in ('2020', 'cumulative')"
    )
    outcome = quality.evaluate(con, "esf_indicators_consistent")
    assert not outcome.passed
    # CO02 (3 men) > CO01 (2 men): in 2020 and cumulative, for men and for total
    assert outcome.counts["long_term_within_unemployed"] == 4
    assert {e["sex_column"] for e in outcome.examples} == {"men", "total"}


def test_an_extra_column_fails_the_export_columns_check(con) -> None:
    con.execute("alter table marts.esf_indicators add column person_id varchar")
    outcome = quality.evaluate(con, "esf_indicators_columns_and_types")
    assert not outcome.passed
    assert outcome.counts["columns_extra"] == 1
