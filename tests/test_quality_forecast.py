"""The forecast's warning check on a hand-made backtest: it passes when the method's mean
absolute error 3 months ahead (ALL) is not above either naive forecast's, and warns, naming the
measure, when it is."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

import quality

CHECK = "structural_forecast_beats_naive"
D = dt.date


def _backtest(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """rows: (origin, horizon, area, measure, forecast, actual, naive_last, naive_seasonal)."""
    con.execute("create schema if not exists marts")
    con.execute("drop table if exists marts.structural_forecast_backtest")
    con.execute(
        """create table marts.structural_forecast_backtest (origin date, horizon_months integer,
           municipality_code varchar, measure varchar, target_month date, forecast double,
           forecast_low bigint, forecast_high bigint, actual bigint, naive_last bigint,
           naive_seasonal bigint)"""
    )
    for o, h, area, measure, f, a, nl, ns in rows:
        con.execute(
            "insert into marts.structural_forecast_backtest values (?, ?, ?, ?, null, ?, "
            "null, null, ?, ?, ?)",
            [o, h, area, measure, f, a, nl, ns],
        )


def _rows(long_term_forecast: float) -> list[tuple]:
    """Two origins; unemployed_end forecast well; long_term_unemployed_end as given (actual
    100 and 110, naive_last misses by 5, naive_seasonal by 3)."""
    return [
        (D(2022, 1, 31), 3, "ALL", "unemployed_end", 500.0, 502, 480, 520),
        (D(2022, 2, 28), 3, "ALL", "unemployed_end", 509.0, 510, 490, 530),
        (D(2022, 1, 31), 3, "ALL", "long_term_unemployed_end", long_term_forecast, 100, 95, 103),
        (D(2022, 2, 28), 3, "ALL", "long_term_unemployed_end", long_term_forecast + 10, 110, 105,
         113),
        # other horizons, municipalities and cases without naive_seasonal do not count
        (D(2022, 1, 31), 1, "ALL", "long_term_unemployed_end", 0.0, 100, 100, 100),
        (D(2022, 1, 31), 3, "297", "long_term_unemployed_end", 0.0, 100, 100, 100),
        (D(2022, 3, 31), 3, "ALL", "long_term_unemployed_end", 0.0, 100, 100, None),
    ]  # fmt: skip


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_a_forecast_closer_than_both_naive_ones_passes(con) -> None:
    _backtest(con, _rows(101.0))
    outcome = quality.evaluate(con, CHECK)
    assert outcome.passed, outcome.summary
    assert outcome.counts == {
        "rows_checked": 2,
        "worse_than_naive_last": 0,
        "worse_than_naive_seasonal": 0,
    }


def test_a_forecast_worse_than_the_seasonal_naive_one_warns(con) -> None:
    _backtest(con, _rows(96.0))  # misses by 4: better than naive_last (5), worse than 3
    outcome = quality.evaluate(con, CHECK)
    assert not outcome.passed
    assert outcome.counts["worse_than_naive_seasonal"] == 1
    assert outcome.counts["worse_than_naive_last"] == 0
    assert [e["measure"] for e in outcome.examples] == ["long_term_unemployed_end"]
    assert outcome.examples[0]["mae_forecast"] == pytest.approx(4.0)
    assert "long_term_unemployed_end" in outcome.summary


def test_the_check_is_a_warning_on_the_backtest_mart() -> None:
    check = quality.BY_NAME[CHECK]
    assert check.severity == "warning"
    assert check.asset == ("marts", "structural_forecast_backtest")


def test_a_missing_backtest_fails_rather_than_passes(con) -> None:
    outcome = quality.evaluate(con, CHECK)
    assert not outcome.passed and outcome.counts == {"relation_missing": 1}
