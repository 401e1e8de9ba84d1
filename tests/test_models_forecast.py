"""Anticipated flows (indicators.md §10) on hand-made persons: the origins, the data as they
stood on an origin (stock by elapsed duration, exits by elapsed duration), the backtest's
actual and naive values, and the shape of both marts.

One warehouse for the module, `as_of` = 2022-01-15 (mid-month: the forecast's origin is not a
month end, the backtest's are 2021-01-31 .. 2021-12-31). Most persons live in their own
municipality code (401, 402, ...), so that code's rows hold that person alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows
from tests.support.raw import period as raw_period

AS_OF = dt.date(2022, 1, 15)
D = dt.date
BACKTEST_ORIGINS = [
    D(2021, 1, 31), D(2021, 2, 28), D(2021, 3, 31), D(2021, 4, 30), D(2021, 5, 31),
    D(2021, 6, 30), D(2021, 7, 31), D(2021, 8, 31), D(2021, 9, 30), D(2021, 10, 31),
    D(2021, 11, 30), D(2021, 12, 31),
]  # fmt: skip


def unemployed(person: str, start: dt.date, end: dt.date | None, kunta: str | None) -> dict:
    return raw_period(person, "02", start, end, kotikunta=kunta)


PERIODS = [
    # the earliest row: data from 2015-01, elapsed durations past the 48-month cap
    unemployed("p-long", D(2015, 1, 1), None, "414"),
    # began on add_months(2021-03-31, -12): long-term on that origin; crosses 2021-03-31
    unemployed("p-boundary", D(2020, 3, 31), None, "401"),
    # a day later: not long-term on 2021-03-31; crosses on 2021-04-01
    unemployed("p-day-later", D(2020, 4, 1), None, "402"),
    # began 29 February: add_months(2021-02-28, -12) = 2020-02-28, so it crosses on 1 March
    unemployed("p-leap", D(2020, 2, 29), None, "403"),
    # last day = the origin 2021-06-30: in that origin's stock, not in 2021-07-31's
    unemployed("p-ends-on-origin", D(2021, 5, 1), D(2021, 6, 30), "404"),
    raw_period("p-ends-on-origin", "01", D(2021, 7, 1), None, kotikunta="404"),
    # last day the day before 2021-06-30: not in its stock
    unemployed("p-ends-day-before", D(2021, 5, 1), D(2021, 6, 29), "405"),
    # begins the day after 2021-06-30: not in its stock (the as_of rule at the origin)
    unemployed("p-starts-day-after", D(2021, 7, 1), None, "406"),
    # ends after the origin 2021-10-31: on that day it reads as going on
    unemployed("p-later-end", D(2021, 9, 1), D(2022, 1, 10), "407"),
    # crosses on 2022-02-16: 15 of February's 28 days before the crossing day
    unemployed("p-crossing-share", D(2021, 2, 16), None, "408"),
    # crosses on 2022-01-20, after as_of but in its month: long-term on every forecast month end
    unemployed("p-crosses-after-as-of", D(2021, 1, 20), None, "409"),
    # exits at the end of May 2021: at risk in March (first month) .. June, exit in June
    unemployed("p-transitions", D(2021, 3, 10), D(2021, 5, 31), "410"),
    raw_period("p-transitions", "01", D(2021, 6, 1), None, kotikunta="410"),
    # leaves within its first month
    unemployed("p-first-month-exit", D(2021, 12, 20), D(2021, 12, 25), "411"),
    # going on at as_of, began in December: January is not complete, so not counted
    unemployed("p-censored", D(2021, 12, 5), None, "412"),
    # began in the month of as_of: in no complete month
    unemployed("p-in-as-of-month", D(2022, 1, 3), None, "413"),
    # no kotikunta: in ALL only
    unemployed("p-no-municipality", D(2021, 6, 1), None, None),
]


def _build(path: Path, periods: list[dict], select: str) -> duckdb.DuckDBPyConnection:
    """A warehouse of `periods` built up to `select`, opened read-only."""
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(con, "te/tyonhakijajaksot", periods)
    con.close()
    dbt("build", path, AS_OF, "--select", select, "--indirect-selection", "cautious")
    return duckdb.connect(str(path), read_only=True)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _build(
        tmp_path_factory.mktemp("forecast") / "warehouse.duckdb",
        PERIODS,
        "+structural_forecast +structural_forecast_accuracy",
    )
    yield con
    con.close()


def stock(con: duckdb.DuckDBPyConnection, code: str, origin: dt.date) -> list[tuple]:
    return con.execute(
        """select elapsed_months, long_term_at_origin, crossing_month, spells,
                  round(crossing_share_sum, 6)
           from intermediate.int_forecast_stock
           where municipality_code = ? and origin = ? order by all""",
        [code, origin],
    ).fetchall()


def transitions(con: duckdb.DuckDBPyConnection, code: str) -> list[tuple]:
    return con.execute(
        """select month, elapsed_months, at_risk, exits from intermediate.int_forecast_transitions
           where municipality_code = ? order by month, elapsed_months""",
        [code],
    ).fetchall()


def backtest(con: duckdb.DuckDBPyConnection, code: str, measure: str) -> dict:
    rows = con.execute(
        """select origin, horizon_months, target_month, actual, naive_last, naive_seasonal
           from marts.structural_forecast_backtest
           where municipality_code = ? and measure = ?""",
        [code, measure],
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def test_origins_are_as_of_and_the_twelve_month_ends_before_it(warehouse):
    rows = warehouse.execute(
        """select origin, is_backtest, origin_month, last_complete_month, remaining_share
           from intermediate.int_forecast_origins order by origin"""
    ).fetchall()
    assert [r[0] for r in rows] == [*BACKTEST_ORIGINS, AS_OF]
    assert all(r[1] for r in rows[:-1]) and not rows[-1][1]
    march = rows[2]
    assert (march[2], march[3], march[4]) == (D(2021, 3, 1), D(2021, 3, 1), 0.0)
    # as_of: the first of January's 31 days after it, 16 are still to be projected
    assert rows[-1][2:4] == (D(2022, 1, 1), D(2021, 12, 1))
    assert rows[-1][4] == pytest.approx(16 / 31)


def test_stock_on_an_origin_has_elapsed_months_and_the_twelve_month_boundary(warehouse):
    march = D(2021, 3, 31)
    # began on add_months(origin, -12): long-term on the origin, 12 elapsed months
    assert stock(warehouse, "401", march) == [(12, True, D(2021, 3, 1), 1, round(30 / 31, 6))]
    # the month before it crosses on 2021-03-31, 30 of March's 31 days in
    assert stock(warehouse, "401", D(2021, 2, 28)) == [
        (11, False, D(2021, 3, 1), 1, round(30 / 31, 6))
    ]
    # a day later: not long-term, crosses on 2021-04-01 (no day of April before it)
    assert stock(warehouse, "402", march) == [(11, False, D(2021, 4, 1), 1, 0.0)]


def test_leap_day_start_crosses_on_the_first_of_march(warehouse):
    assert stock(warehouse, "403", D(2021, 2, 28)) == [(12, False, D(2021, 3, 1), 1, 0.0)]
    assert stock(warehouse, "403", D(2021, 3, 31))[0][:3] == (13, True, D(2021, 3, 1))
    # monthly_flows agrees: not long-term on 2021-02-28, long-term on 2021-03-31
    ltu = warehouse.execute(
        """select month, long_term_unemployed_end from marts.monthly_flows
           where municipality_code = '403' and month in ('2021-02-01', '2021-03-01')
           order by month"""
    ).fetchall()
    assert ltu == [(D(2021, 2, 1), 0), (D(2021, 3, 1), 1)]


def test_stock_is_the_data_cut_at_the_origin(warehouse):
    june, july = D(2021, 6, 30), D(2021, 7, 31)
    assert stock(warehouse, "404", june)[0][:4] == (1, False, D(2022, 5, 1), 1)
    assert stock(warehouse, "404", july) == []
    assert stock(warehouse, "405", june) == []
    assert stock(warehouse, "405", D(2021, 5, 31))[0][:2] == (0, False)
    assert stock(warehouse, "406", june) == []
    assert stock(warehouse, "406", july) == [(0, False, D(2022, 7, 1), 1, 0.0)]
    # the recorded end 2022-01-10 is after the origin: on 2021-10-31 the spell goes on
    assert stock(warehouse, "407", D(2021, 10, 31))[0][:2] == (1, False)


def test_crossing_share_and_a_crossing_after_as_of_in_its_month(warehouse):
    assert stock(warehouse, "408", D(2021, 12, 31)) == [
        (10, False, D(2022, 2, 1), 1, round(15 / 28, 6))
    ]
    assert stock(warehouse, "409", AS_OF) == [(12, False, D(2022, 1, 1), 1, round(19 / 31, 6))]


def test_elapsed_months_are_capped_at_48(warehouse):
    assert stock(warehouse, "414", AS_OF) == [(48, True, D(2022, 1, 1), 1, 0.0)]
    assert (D(2021, 6, 1), 48, 1, 0) in transitions(warehouse, "414")


def test_all_holds_spells_without_a_municipality(warehouse):
    def total(code: str) -> int:
        return warehouse.execute(
            """select sum(spells) from intermediate.int_forecast_stock
               where origin = '2021-06-30' and municipality_code = ?""",
            [code],
        ).fetchone()[0]

    municipal = warehouse.execute(
        """select sum(spells) from intermediate.int_forecast_stock
           where origin = '2021-06-30' and municipality_code <> 'ALL'"""
    ).fetchone()[0]
    assert total("ALL") == municipal + 1


def test_exits_by_elapsed_duration_count_observed_months_only(warehouse):
    assert transitions(warehouse, "410") == [
        (D(2021, 3, 1), -1, 1, 0),
        (D(2021, 4, 1), 0, 1, 0),
        (D(2021, 5, 1), 1, 1, 0),
        (D(2021, 6, 1), 2, 1, 1),
    ]
    assert transitions(warehouse, "411") == [(D(2021, 12, 1), -1, 1, 1)]
    # going on at as_of: at risk in December, January is not complete
    assert transitions(warehouse, "412") == [(D(2021, 12, 1), -1, 1, 0)]
    assert transitions(warehouse, "413") == []
    months = warehouse.execute(
        "select min(month), max(month) from intermediate.int_forecast_transitions"
    ).fetchone()
    # the earliest origin's 24-month window (from 2019-02) to the last complete month
    assert months == (D(2019, 2, 1), D(2021, 12, 1))


def test_backtest_actual_and_naive_values(warehouse):
    # p-boundary (401), unemployed from 2020-03-31; origin 2021-02-28, one month ahead
    ltu = backtest(warehouse, "401", "long_term_unemployed_end")[(D(2021, 2, 28), 1)]
    # actual LTU on 2021-03-31 = 1; on the origin 0; 12 months back 0 and 0
    assert ltu == (D(2021, 3, 1), 1, 0, 0)
    stock_ = backtest(warehouse, "401", "unemployed_end")[(D(2021, 2, 28), 1)]
    # unemployed on 2021-03-31 (1); on the origin (1); value(2020-03) 1 + 1 - value(2020-02) 0
    assert stock_ == (D(2021, 3, 1), 1, 1, 2)


def test_backtest_runs_to_as_of_and_leaves_out_later_months(warehouse):
    keys = set(backtest(warehouse, "401", "unemployed_end"))
    # as_of is mid-January 2022: January is measured on as_of, later months have no actual
    assert (D(2021, 12, 31), 1) in keys and (D(2021, 12, 31), 3) not in keys
    assert (D(2021, 10, 31), 3) in keys and (D(2021, 10, 31), 6) not in keys
    per_horizon = {h: sum(1 for _, k in keys if k == h) for h in (1, 3, 6)}
    assert per_horizon == {1: 12, 3: 10, 6: 7}
    january = backtest(warehouse, "401", "unemployed_end")[(D(2021, 12, 31), 1)]
    assert january == (D(2022, 1, 1), 1, 1, 1)


def test_backtest_origins_stop_at_as_of(warehouse):
    rows = dict(
        (r[0], r[1:])
        for r in warehouse.execute(
            """select origin, last_horizon_months, last_month_share
               from intermediate.int_forecast_origins"""
        ).fetchall()
    )
    assert rows[D(2021, 12, 31)] == (1, pytest.approx(15 / 31))
    assert rows[D(2021, 7, 31)] == (6, pytest.approx(15 / 31))
    assert rows[D(2021, 6, 30)] == (6, 1.0)
    assert rows[AS_OF] == (6, 1.0)
    # the 2021-12-31 projection of 408 (crosses 2022-02-16) and of 409 (crosses 2022-01-20,
    # after as_of): neither is long-term on as_of
    projected = warehouse.execute(
        """select municipality_code, horizon_months, forecast, forecast_high
           from intermediate.int_forecast_projection
           where origin = '2021-12-31' and measure = 'long_term_unemployed_end'
               and municipality_code in ('408', '409')"""
    ).fetchall()
    assert sorted(projected) == [("408", 1, 0.0, 0), ("409", 1, 0.0, 0)]


def test_backtest_actual_equals_monthly_flows_on_every_row(warehouse):
    mismatches = warehouse.execute(
        """select count(*) from marts.structural_forecast_backtest as b
           left join (
               unpivot marts.monthly_flows
               on unemployed_end, long_term_unemployed_end, structural_unemployment_end
               into name measure value value
           ) as f on f.month = b.target_month and f.municipality_code = b.municipality_code
               and f.measure = b.measure
           where f.value is distinct from b.actual"""
    ).fetchone()[0]
    assert mismatches == 0
    measures = {
        r[0]
        for r in warehouse.execute(
            "select distinct measure from marts.structural_forecast_backtest"
        ).fetchall()
    }
    assert measures == {"unemployed_end", "long_term_unemployed_end", "structural_unemployment_end"}


def test_forecast_covers_every_area_for_the_six_months_after_as_of(warehouse):
    rows = warehouse.execute(
        """select municipality_code, list(month order by month), list(reference_day order by month),
                  min(origin), max(origin)
           from marts.structural_forecast group by municipality_code"""
    ).fetchall()
    areas = {
        r[0]
        for r in warehouse.execute(
            "select distinct municipality_code from marts.monthly_flows"
        ).fetchall()
    }
    assert {r[0] for r in rows} == areas
    months = [D(2022, m, 1) for m in range(2, 8)]
    ends = [D(2022, 2, 28), D(2022, 3, 31), D(2022, 4, 30), D(2022, 5, 31), D(2022, 6, 30),
            D(2022, 7, 31)]  # fmt: skip
    for _, m, e, first, last in rows:
        assert (m, e, first, last) == (months, ends, AS_OF, AS_OF)


def test_a_spell_going_on_forever_stays_long_term_in_the_forecast(warehouse):
    # 414: one spell of 48+ months, nobody else ever at risk in 414 -> exit rates are ALL's
    row = warehouse.execute(
        """select long_term_unemployed_end, long_term_unemployed_end_low,
                  long_term_unemployed_end_high, new_long_term_unemployed
           from marts.structural_forecast where municipality_code = '414' and horizon_months = 1"""
    ).fetchone()
    assert 0 < row[0] <= 1 and row[1] in (0, 1) and row[2] == 1 and row[3] == 0
    # 409 crosses after as_of in January: long-term on the first forecast month end, and no
    # new long-term unemployed in a forecast month
    new = warehouse.execute(
        """select sum(new_long_term_unemployed) from marts.structural_forecast
           where municipality_code = '409'"""
    ).fetchone()[0]
    assert new == 0
    # 408 crosses on 2022-02-16: February's new long-term unemployed
    feb = warehouse.execute(
        """select new_long_term_unemployed, new_long_term_unemployed_high
           from marts.structural_forecast where municipality_code = '408' and horizon_months = 1"""
    ).fetchone()
    assert 0 < feb[0] <= 1 and feb[1] == 1


def test_origins_before_the_first_month_of_data_are_left_out(tmp_path):
    short = [unemployed("p-short", D(2021, 9, 20), None, "499")]
    con = _build(tmp_path / "short.duckdb", short, "+int_forecast_origins")
    origins = [
        r[0]
        for r in con.execute(
            "select origin from intermediate.int_forecast_origins order by 1"
        ).fetchall()
    ]
    con.close()
    # data from September 2021: the origin of that month is kept (its stock may be empty)
    assert origins == [D(2021, 9, 30), D(2021, 10, 31), D(2021, 11, 30), D(2021, 12, 31), AS_OF]


def test_accuracy_is_the_mean_absolute_error_of_each_method_on_the_same_cases(warehouse):
    expected = warehouse.execute(
        """select count(*), avg(abs(forecast - actual)), avg(abs(naive_last - actual)),
                  avg(abs(naive_seasonal - actual)),
                  avg(case when actual between forecast_low and forecast_high then 1 else 0 end)
           from marts.structural_forecast_backtest
           where municipality_code = '401' and measure = 'unemployed_end'
               and horizon_months = 1"""
    ).fetchone()
    row = warehouse.execute(
        """select cases, mae_forecast, mae_naive_last, mae_naive_seasonal, interval_coverage
           from marts.structural_forecast_accuracy
           where municipality_code = '401' and measure = 'unemployed_end'
               and horizon_months = 1"""
    ).fetchone()
    assert row == pytest.approx(expected)
    # 401 is unemployed on every month end from 2020-03-31: naive_last never misses
    assert row[0] == 12 and row[2] == 0.0
