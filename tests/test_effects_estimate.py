"""The estimate of indicators.md §9 (askel/effects) on hand-made person-days whose answer can be
worked out by hand: matching within the day, the shares and the effect, the matching variance,
the naive difference, balance, the 30-entry rule, and independence from the input's order."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl

from askel.effects import COLUMNS, estimate_effects
from askel.effects.estimate import Z95
from askel.effects.matching import match_within_day

DAY_A, DAY_B = dt.date(2021, 3, 1), dt.date(2021, 6, 1)


def _row(person: int, day: dt.date, code: str | None, employed: bool, **kw) -> dict:
    return {
        "person_key": person,
        "day": day,
        "service_code": code,
        "is_entry": code is not None,
        "unemployed_before": kw.get("unemployed_before", True),
        "sex": "female",
        "age_band": "25_54",
        "education_group": "unknown",
        "municipality_code": "297",
        "elapsed_months": kw.get("elapsed_months", 6),
        "elapsed_days": 200,
        "prior_unemployed_days": 0,
        "earlier_active_rows": 0,
        "quarter": (day.month - 1) // 3 + 1,
        "employed_3": employed,
        "employed_6": employed,
        "employed_12": None,  # after as_of
        "pool_stride": 1,
    }


def _area(n_per_day: int = 20) -> tuple[pl.DataFrame, pl.DataFrame]:
    """n_per_day participants of TVA on each of two days, all employed 3 and 6 months on; on
    each day 5 potential comparisons alike in everything: none employed on day A's outcome
    days, all on day B's. Plus one pool row per day that is no comparison (unemployed only
    from T) and employed, and one earlier starter of TVA (excluded) who is employed."""
    rows = []
    person = 0
    starts = []
    for day, comp_employed in ((DAY_A, False), (DAY_B, True)):
        for _ in range(n_per_day):
            rows.append(_row(person, day, "TVA", True))
            starts.append((person, "TVA", day))
            person += 1
        for _ in range(5):
            rows.append(_row(person, day, None, comp_employed))
            person += 1
        rows.append(_row(person, day, None, True, unemployed_before=False))
        person += 1
        rows.append(_row(person, day, None, True))  # started TVA earlier: excluded
        starts.append((person, "TVA", day - dt.timedelta(days=30)))
        person += 1
    days = pl.DataFrame(rows).with_columns(pl.col("employed_12").cast(pl.Boolean))
    first = pl.DataFrame(starts, schema=["person_key", "service_code", "first_start"], orient="row")
    return days, first


def _by_horizon(result: pl.DataFrame) -> dict[int, dict]:
    assert result.columns == list(COLUMNS)
    return {r["horizon_months"]: r for r in result.iter_rows(named=True)}


def test_each_participant_is_compared_with_comparisons_of_its_own_day() -> None:
    days, starts = _area()
    rows = _by_horizon(estimate_effects(days, starts))
    six = rows[6]
    assert six["entries"] == 40 and six["entries_matched"] == 40
    # the 5 comparisons of each day, never the excluded starter nor the day's new jobseeker
    assert six["comparisons_used"] == 10
    assert six["employed_share_treated"] == 1.0
    # half the participants (day A) have comparisons none employed, half (day B) all employed
    assert six["employed_share_counterfactual"] == 0.5
    assert six["att_pp"] == 50.0


def test_the_interval_is_the_abadie_imbens_matching_variance_by_hand() -> None:
    days, starts = _area()
    six = _by_horizon(estimate_effects(days, starts))[6]
    # residuals y - y0_hat - att: +0.5 on day A, -0.5 on day B: 40 * 0.25 = 10. Each comparison
    # person is used by its day's 20 participants with weight 1/5: K = 4, K' = 20 / 25 = 0.8,
    # K^2 - K' = 15.2, over 10 persons 152, times share_c (1 - share_c) = 0.25: 38.
    se = math.sqrt((10 + 38) / 40**2)
    assert math.isclose(six["ci_low_pp"], 100 * (0.5 - Z95 * se), abs_tol=1e-9)
    assert math.isclose(six["ci_high_pp"], 100 * (0.5 + Z95 * se), abs_tol=1e-9)


def test_the_naive_difference_uses_everyone_unemployed_on_the_day() -> None:
    days, starts = _area()
    six = _by_horizon(estimate_effects(days, starts))[6]
    # all pool rows of a day (the 5 comparisons, the new jobseeker, the earlier starter): day A
    # 2 of 7 employed, day B 7 of 7; participants all employed
    assert math.isclose(six["naive_difference_pp"], 100 * (1 - (2 / 7 + 7 / 7) / 2), abs_tol=1e-9)


def test_balance_is_perfect_when_everyone_is_alike() -> None:
    days, starts = _area()
    six = _by_horizon(estimate_effects(days, starts))[6]
    assert six["max_abs_smd_before"] == 0.0
    assert six["max_abs_smd_after"] == 0.0


def test_a_horizon_after_as_of_has_no_entries_and_no_estimate() -> None:
    days, starts = _area()
    twelve = _by_horizon(estimate_effects(days, starts))[12]
    assert (twelve["entries"], twelve["entries_matched"], twelve["att_pp"]) == (0, 0, None)


def test_fewer_than_30_matched_entries_leave_the_estimate_empty_and_keep_the_counts() -> None:
    days, starts = _area(n_per_day=14)  # 28 participants
    six = _by_horizon(estimate_effects(days, starts))[6]
    assert (six["entries"], six["entries_matched"], six["comparisons_used"]) == (28, 28, 10)
    estimates = (
        "employed_share_treated", "employed_share_counterfactual", "att_pp", "ci_low_pp",
        "ci_high_pp", "naive_difference_pp", "max_abs_smd_after",
    )  # fmt: skip
    assert all(six[c] is None for c in estimates)
    assert six["max_abs_smd_before"] == 0.0


def test_the_result_does_not_depend_on_the_order_of_the_rows() -> None:
    days, starts = _area()
    shuffled = days.sample(fraction=1.0, shuffle=True, seed=4)
    assert estimate_effects(days, starts).equals(estimate_effects(shuffled, starts))


def test_matching_takes_the_nearest_within_the_caliper_and_only_from_the_same_day() -> None:
    t_day = np.array([1, 1, 2])
    t_score = np.array([0.0, 5.0, 0.0])
    c_day = np.array([1, 1, 1, 2, 2])
    c_score = np.array([0.1, -0.3, 0.2, 0.05, 9.0])
    m = match_within_day(t_day, t_score, c_day, c_score, k=2, caliper=0.25)
    pairs = sorted(zip(m.treated.tolist(), m.control.tolist(), m.weight.tolist(), strict=True))
    # participant 0 (day 1, score 0): comparisons 0 (0.1) and 2 (0.2); 1 (-0.3) is outside the
    # caliper. Participant 1 (score 5): none within 0.25. Participant 2 (day 2): comparison 3
    # only (9.0 is far; day 1's are another day).
    assert pairs == [(0, 0, 0.5), (0, 2, 0.5), (2, 3, 1.0)]


def test_a_code_nobody_had_started_before_and_a_day_without_comparisons_still_give_rows() -> None:
    days, _ = _area()
    # no earlier starters at all (nobody to leave out), and a third day with a participant alone
    alone = pl.DataFrame([_row(999, dt.date(2021, 9, 1), "TVA", True)]).with_columns(
        pl.col("employed_12").cast(pl.Boolean)
    )
    starts = pl.DataFrame({"person_key": [0], "service_code": ["TVA"], "first_start": [DAY_A]})
    rows = _by_horizon(estimate_effects(pl.concat([days, alone]), starts))
    # 41 entries; the one of 2021-09-01 has no comparison: left out and counted
    assert (rows[6]["entries"], rows[6]["entries_matched"]) == (41, 40)
    assert rows[6]["att_pp"] is not None
