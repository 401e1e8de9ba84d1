"""The employment effect judged on a generated area of 50,000 persons with issue 13's planted
effects (TVA +10, VAL +5, OSA 0, KTT -3 points; the truth in truth.json): the quality bar on one
area. benchmarks/bench_effects.py holds the same bar over several seeds (coverage, how often a
planted 0 is called significant), with the figures in benchmarks/RESULTS.md."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reference.area import build_area
from tests.support.effects_bar import PLANTED, Case, cases

PERSONS = 50_000
SEED = 3  # one of the benchmark's areas; RESULTS.md reports the spread over its seeds


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Case]]:
    base = tmp_path_factory.mktemp("effects50k")
    con = build_area(base, persons=PERSONS, seed=SEED, select="+service_effects",
                     effects=PLANTED)  # fmt: skip
    try:
        yield cases(con, base / "landing")
    finally:
        con.close()


def test_the_mart_counts_exactly_the_entries_the_generator_planted(found) -> None:
    assert len(found) == 12
    assert [(c.code, c.horizon, c.entries) for c in found] == [
        (c.code, c.horizon, c.entries_truth) for c in found
    ]
    assert all(c.entries >= 1000 for c in found if c.horizon == 6)


def test_every_six_month_estimate_is_within_two_points_or_its_half_width_of_the_truth(
    found,
) -> None:
    for c in (c for c in found if c.horizon == 6):
        assert abs(c.error) <= max(2.0, c.half_width), c


def test_the_intervals_cover_the_truth_and_the_planted_zero_is_not_significant(found) -> None:
    assert sum(c.covered for c in found) >= 10, [c for c in found if not c.covered]
    assert not any(c.significant for c in found if c.code == "OSA" and c.horizon == 6)


def test_the_naive_difference_is_off_by_points_and_the_estimate_removes_that_bias(found) -> None:
    naive = sum(abs(c.naive - c.truth) for c in found) / len(found)
    estimate = sum(abs(c.error) for c in found) / len(found)
    assert naive >= 2.0, naive
    assert estimate <= naive / 2, (estimate, naive)
