"""The projection behind indicators.md §10 (askel/forecast/projection.py) on inputs built by
hand: exit rates and expected values worked out exactly, the inflow model recovering a series
it can represent, and the intervals judged against outcomes drawn from the true process."""

from __future__ import annotations

import numpy as np
import pytest

from askel.forecast.projection import (
    _ELAPSED,
    HORIZON,
    MAX_ELAPSED,
    Inflow,
    Stock,
    Timing,
    Window,
    _paths,
    estimate_rates,
    forecast_inflow,
    month_number,
    project,
    rest_change_sd,
    seed_for,
)
from askel.forecast.tables import project_origins

ORIGIN = month_number(2022, 3)  # origins are month numbers: year * 12 + month - 1


def window(hazard: float = 0.1, first: float = 0.05, at_risk: float = 1000.0) -> Window:
    """24 months, every elapsed duration at risk `at_risk` times with the given exit rates."""
    months = np.arange(ORIGIN - 23, ORIGIN + 1)
    risk = np.full((len(months), _ELAPSED), at_risk)
    exits = np.full((len(months), _ELAPSED), hazard * at_risk)
    exits[:, 0] = first * at_risk
    return Window(months, risk, exits)


def stock(*cohorts: tuple[int, int, int, float]) -> Stock:
    """(elapsed months, months until crossing 12 months, spells, crossing share) per cohort."""
    a = np.array(cohorts, dtype=float)
    return Stock(
        elapsed=a[:, 0].astype(np.int64),
        crossing=a[:, 1].astype(np.int64),
        spells=a[:, 2].astype(np.int64),
        crossing_share=a[:, 3],
        crossed_by_cut=np.zeros(len(a)),
    )


NO_INFLOW = Inflow(np.zeros(HORIZON + 1), 0.0)


def expected(s: Stock, inflow: Inflow = NO_INFLOW, share: float = 0.0) -> np.ndarray:
    rates = estimate_rates(window())
    one = np.ones((1, 1))
    return _paths(
        s,
        rates.hazard[None, :],
        rates.first_month[None, :],
        rates.season,
        one,
        inflow.expected[None, :],
        Timing(ORIGIN, share),
        None,
    )[0]


def test_exit_rates_are_exits_over_spells_at_risk_with_flat_season():
    rates = estimate_rates(window())
    assert rates.hazard == pytest.approx(np.full(MAX_ELAPSED + 1, 0.1))
    assert rates.first_month == pytest.approx(np.full(12, 0.05))
    assert rates.season == pytest.approx(np.ones(12))
    assert rates.level_sd == 0.0


def test_a_seasonal_dip_in_exits_becomes_the_calendar_months_multiplier():
    w = window()
    december = w.months % 12 == 11
    w.exits[december, 1:] *= 0.5
    rates = estimate_rates(w)
    # the rates are the window's average; December's multiplier is its share of that
    average = 0.1 * (22 + 2 * 0.5) / 24
    assert rates.hazard == pytest.approx(np.full(MAX_ELAPSED + 1, average))
    assert rates.season[11] == pytest.approx(0.05 / average)
    assert rates.season[0] == pytest.approx(0.1 / average)


def test_a_municipality_without_data_takes_the_whole_areas_rates():
    area = estimate_rates(window(0.2, 0.1))
    empty = Window(
        np.arange(ORIGIN - 23, ORIGIN + 1), np.zeros((24, _ELAPSED)), np.zeros((24, _ELAPSED))
    )
    rates = estimate_rates(empty, prior=area)
    assert rates.hazard == pytest.approx(area.hazard)
    assert rates.first_month == pytest.approx(area.first_month)
    # with plenty of its own data, its own rates dominate (50 pseudo-months against 24,000)
    own = estimate_rates(window(0.05, 0.05), prior=area)
    assert own.hazard[5] == pytest.approx((1200 + 50 * 0.2) / (24_000 + 50))


def test_stock_survives_month_by_month_at_its_exit_rate():
    paths = expected(stock((3, 20, 100, 0.0)))
    assert paths[:, 0] == pytest.approx(100 * 0.9 ** np.arange(1, 7))
    assert paths[:, 1] == pytest.approx(np.zeros(6))  # never long-term within six months
    assert paths[:, 2] == pytest.approx(np.zeros(6))


def test_crossers_count_as_new_long_term_if_they_last_to_their_crossing_day():
    # crosses in the second month, half-way through it
    paths = expected(stock((10, 2, 100, 0.5)))
    assert paths[0, 1] == 0 and paths[0, 2] == 0
    assert paths[1, 2] == pytest.approx(100 * 0.9 * (1 - 0.1 * 0.5))
    assert paths[1, 1] == pytest.approx(100 * 0.81)
    assert paths[5, 1] == pytest.approx(100 * 0.9**6)
    # already long-term (crossing <= 0): long-term on every month end
    assert expected(stock((30, 0, 10, 0.0)))[:, 1] == pytest.approx(10 * 0.9 ** np.arange(1, 7))


def test_inflow_leaves_its_first_month_and_then_by_duration():
    inflow = Inflow(np.full(HORIZON + 1, 10.0), 0.0)
    paths = expected(stock((3, 20, 0, 0.0)), inflow)
    assert paths[0, 0] == pytest.approx(10 * 0.95)
    assert paths[1, 0] == pytest.approx(10 * 0.95 * 0.9 + 10 * 0.95)


def test_the_rest_of_the_origins_month_is_projected_by_the_share_left():
    inflow = Inflow(np.full(HORIZON + 1, 10.0), 0.0)
    paths = expected(stock((3, 20, 100, 0.0)), inflow, share=0.5)
    arrived = 10 * 0.5 * (1 - 0.05 * 0.5)  # in the rest of the origin's month, half a month
    assert paths[0, 0] == pytest.approx(100 * (1 - 0.05) * 0.9 + arrived * 0.9 + 10 * 0.95)
    # a spell that began in the origin's month leaves at the first month's rate
    began = expected(stock((0, 20, 100, 0.0)), share=0.5)
    assert began[0, 0] == pytest.approx(100 * (1 - 0.05 * 0.5) * 0.9)


def test_a_backtest_stops_on_as_of_in_its_month():
    # as_of is the 15th of a 30-day month, two months after the origin's: half a month's
    # exits and arrivals, and of the cohort crossing in that month those crossed by as_of
    s = Stock(
        elapsed=np.array([3, 11]),
        crossing=np.array([20, 2]),
        spells=np.array([100, 40]),
        crossing_share=np.array([0.0, 0.5]),
        crossed_by_cut=np.array([0.0, 0.25]),
    )
    rates = estimate_rates(window())
    inflow = Inflow(np.full(HORIZON + 1, 10.0), 0.0)
    paths = _paths(
        s,
        rates.hazard[None, :],
        rates.first_month[None, :],
        rates.season,
        np.ones((1, 1)),
        inflow.expected[None, :],
        Timing(ORIGIN, 0.0, 2, 0.5),
        None,
    )[0]
    after_first = 140 * 0.9 + 10 * 0.95
    assert paths[1, 0] == pytest.approx(after_first * 0.95 + 10 * 0.5 * (1 - 0.05 * 0.5))
    assert paths[1, 1] == pytest.approx(40 * 0.9 * 0.95 * 0.25)
    assert np.isnan(paths[2:]).all()


def test_inflow_model_recovers_a_trend_times_a_seasonal_pattern():
    season = np.array([1.6, 0.8, 0.9, 0.9, 1.0, 1.4, 1.3, 0.9, 0.9, 0.9, 1.0, 1.2])
    months = np.arange(ORIGIN - 47, ORIGIN + 1)
    history = {int(m): 200 * 1.08 ** ((m - months[0]) / 12) * season[m % 12] for m in months}
    inflow = forecast_inflow(history, ORIGIN, ORIGIN)
    truth = [
        200 * 1.08 ** ((m - months[0]) / 12) * season[m % 12] for m in range(ORIGIN, ORIGIN + 7)
    ]
    assert inflow.expected == pytest.approx(truth)
    assert inflow.level_sd == 0.0


def test_inflow_model_falls_back_to_the_level_on_a_short_history():
    history = {ORIGIN - k: 30.0 for k in range(14)}  # 14 months: no year-before level
    assert forecast_inflow(history, ORIGIN, ORIGIN).expected == pytest.approx(np.full(7, 30.0))
    assert forecast_inflow({}, ORIGIN, ORIGIN).expected == pytest.approx(np.zeros(7))


def test_rest_change_sd_is_the_root_mean_square_change_over_the_horizon():
    rest = {m: float(m - ORIGIN) for m in range(ORIGIN - 30, ORIGIN + 1)}  # +1 a month
    assert rest_change_sd(rest, ORIGIN) == pytest.approx(np.arange(1, 7, dtype=float))


def _project(seed: np.random.SeedSequence, rest_sd: float = 0.0):
    return project(
        stock((3, 20, 400, 0.0), (11, 1, 100, 0.5), (20, 0, 200, 0.0)),
        estimate_rates(window(at_risk=1e6)),
        Inflow(np.full(HORIZON + 1, 50.0), 0.0),
        30.0,
        np.full(HORIZON, rest_sd),
        Timing(ORIGIN),
        seed,
    )


def test_same_origin_and_area_give_the_same_bytes():
    a, b = _project(seed_for(738000, "ALL")), _project(seed_for(738000, "ALL"))
    for x, y in ((a.forecast, b.forecast), (a.low, b.low), (a.high, b.high)):
        assert x.tobytes() == y.tobytes()
    other = _project(seed_for(738000, "297"))
    assert not np.array_equal(a.low, other.low) or not np.array_equal(a.high, other.high)


def test_structural_is_long_term_plus_the_rest_held_at_the_origin():
    result = _project(seed_for(1, "ALL"))
    assert result.forecast[:, 3] == pytest.approx(result.forecast[:, 1] + 30.0)
    # no change of the rest ever seen: the interval is the long-term one moved by 30
    assert result.low[:, 3] == pytest.approx(result.low[:, 1] + 30)
    assert (result.low <= result.forecast).all() and (result.forecast <= result.high).all()


def test_eighty_percent_intervals_cover_four_in_five_outcomes_of_the_true_process():
    """Exit rates estimated from a huge window are the truth: outcomes drawn from the process
    itself fall inside the interval about 80 % of the time."""
    result = _project(seed_for(2, "ALL"))
    s = stock((3, 20, 400, 0.0), (11, 1, 100, 0.5), (20, 0, 200, 0.0))
    rates = estimate_rates(window(at_risk=1e6))
    n = 4000
    truth = _paths(
        s,
        np.broadcast_to(rates.hazard, (n, MAX_ELAPSED + 1)),
        np.broadcast_to(rates.first_month, (n, 12)),
        rates.season,
        np.ones((n, 1)),
        np.full((n, HORIZON + 1), 50.0),
        Timing(ORIGIN),
        np.random.default_rng(99),
    )
    # unemployed and long-term unemployed at every month end; new long-term in the crossing month
    for k, months in ((0, slice(None)), (1, slice(None)), (2, slice(0, 1))):
        low, high = result.low[months, k], result.high[months, k]
        inside = (truth[:, months, k] >= low) & (truth[:, months, k] <= high)
        # discrete counts: the closed interval holds at least 80 %, and not much more
        assert 0.78 <= inside.mean() <= 0.93, (k, inside.mean())


def test_the_order_the_inputs_are_read_in_does_not_change_a_byte():
    """DuckDB need not return a table's rows in insertion order: the result must not depend
    on it (the simulation draws cohort by cohort)."""
    day = np.datetime64
    origins = {
        "origin": np.array([day("2022-03-31")]),
        "is_backtest": np.array([False]),
        "origin_month": np.array([day("2022-03-01")]),
        "last_complete_month": np.array([day("2022-03-01")]),
        "remaining_share": np.array([0.0]),
        "last_horizon_months": np.array([6]),
        "last_month_share": np.array([1.0]),
    }
    stock = {
        "origin": np.array([day("2022-03-31")] * 3),
        "municipality_code": np.array(["ALL"] * 3),
        "elapsed_months": np.array([2, 9, 20]),
        "long_term_at_origin": np.array([False, False, True]),
        "crossing_month": np.array([day("2023-01-01"), day("2022-06-01"), day("2022-03-01")]),
        "spells": np.array([300, 80, 150]),
        "crossing_share_sum": np.array([0.0, 40.0, 0.0]),
        "crossed_by_as_of": np.array([0, 0, 150]),
    }
    months = np.arange("2020-04", "2022-04", dtype="datetime64[M]").astype("datetime64[D]")
    transitions = {
        "municipality_code": np.array(["ALL"] * len(months) * 2),
        "month": np.repeat(months, 2),
        "elapsed_months": np.tile([-1, 3], len(months)),
        "at_risk": np.tile([100, 400], len(months)),
        "exits": np.tile([6, 40], len(months)),
    }
    flows = {
        "month": months,
        "municipality_code": np.array(["ALL"] * len(months)),
        "inflow": np.full(len(months), 100),
        "long_term_unemployed_end": np.full(len(months), 150),
        "structural_unemployment_end": np.full(len(months), 200),
    }

    def shuffled(columns: dict, order: np.ndarray) -> dict:
        return {k: v[order] for k, v in columns.items()}

    first = project_origins(origins, stock, transitions, flows)
    rng = np.random.default_rng(5)
    again = project_origins(
        origins,
        shuffled(stock, rng.permutation(3)),
        shuffled(transitions, rng.permutation(len(months) * 2)),
        shuffled(flows, rng.permutation(len(months))),
    )
    assert first.equals(again)
    assert first.height == 6 * 4
