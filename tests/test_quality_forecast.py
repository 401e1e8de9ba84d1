"""The forecast's warning check on a hand-made accuracy table: it passes when the method's mean
absolute error 3 months ahead (ALL) is not above either naive forecast's, and warns, naming the
measure, when it is."""

from __future__ import annotations

import duckdb
import pytest

import quality

CHECK = "structural_forecast_beats_naive"


def _accuracy(con: duckdb.DuckDBPyConnection, long_term_mae: float) -> None:
    """unemployed_end forecast well; long_term_unemployed_end's error as given (naive_last
    missed by 5, naive_seasonal by 3); other areas and horizons never count."""
    con.execute("create schema if not exists marts")
    con.execute("drop table if exists marts.structural_forecast_accuracy")
    con.execute(
        """create table marts.structural_forecast_accuracy (municipality_code varchar,
           measure varchar, horizon_months integer, cases bigint, mae_forecast double,
           mae_naive_last double, mae_naive_seasonal double, interval_coverage double)"""
    )
    rows = [
        ("ALL", "unemployed_end", 3, 10, 1.5, 20.0, 20.0),
        ("ALL", "long_term_unemployed_end", 3, 10, long_term_mae, 5.0, 3.0),
        ("ALL", "long_term_unemployed_end", 1, 12, 9.0, 1.0, 1.0),
        ("297", "long_term_unemployed_end", 3, 10, 9.0, 1.0, 1.0),
    ]
    for row in rows:
        con.execute(
            "insert into marts.structural_forecast_accuracy values (?, ?, ?, ?, ?, ?, ?, 0.8)", row
        )


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_a_forecast_closer_than_both_naive_ones_passes(con) -> None:
    _accuracy(con, 1.0)
    outcome = quality.evaluate(con, CHECK)
    assert outcome.passed, outcome.summary
    assert outcome.counts == {
        "rows_checked": 2,
        "worse_than_naive_last": 0,
        "worse_than_naive_seasonal": 0,
    }


def test_a_forecast_worse_than_the_seasonal_naive_one_warns(con) -> None:
    _accuracy(con, 4.0)  # better than naive_last (5), worse than naive_seasonal (3)
    outcome = quality.evaluate(con, CHECK)
    assert not outcome.passed
    assert outcome.counts["worse_than_naive_seasonal"] == 1
    assert outcome.counts["worse_than_naive_last"] == 0
    assert [e["measure"] for e in outcome.examples] == ["long_term_unemployed_end"]
    assert outcome.examples[0]["mae_forecast"] == pytest.approx(4.0)
    assert "long_term_unemployed_end" in outcome.summary


def test_the_check_is_a_warning_on_the_accuracy_mart() -> None:
    check = quality.BY_NAME[CHECK]
    assert check.severity == "warning"
    assert check.asset == ("marts", "structural_forecast_accuracy")


def test_a_missing_accuracy_mart_fails_rather_than_passes(con) -> None:
    outcome = quality.evaluate(con, CHECK)
    assert not outcome.passed and outcome.counts == {"relation_missing": 1}
