"""The balance check of the employment effect of services on a hand-made marts.service_effects:
it passes when every estimate's largest |SMD| after matching is at most 0.1 (rows without an
estimate are not judged), warns naming the service codes, horizons and the largest value when
one is above, and fails rather than passes when the mart is missing."""

from __future__ import annotations

import duckdb
import pytest

import quality

CHECK = "service_effects_balanced"


def _effects(con: duckdb.DuckDBPyConnection, after: dict[tuple[str, int], float | None]) -> None:
    """One row per (service, horizon) with the given max_abs_smd_after; other columns plausible."""
    con.execute("create schema if not exists marts")
    con.execute("drop table if exists marts.service_effects")
    con.execute(
        """create table marts.service_effects (service_code varchar, horizon_months integer,
           entries bigint, entries_matched bigint, comparisons_used bigint,
           employed_share_treated double, employed_share_counterfactual double, att_pp double,
           ci_low_pp double, ci_high_pp double, naive_difference_pp double,
           max_abs_smd_before double, max_abs_smd_after double, method varchar)"""
    )
    for (code, h), smd in after.items():
        con.execute(
            "insert into marts.service_effects values "
            "(?, ?, 200, 180, 400, 0.4, 0.35, 5.0, 1.0, 9.0, 12.0, 0.45, ?, 'psm')",
            [code, h, smd],
        )


BALANCED = {
    ("VAL", 3): 0.04,
    ("VAL", 6): 0.1,  # at the limit: still balanced
    ("VAL", 12): 0.05,
    ("TVA", 6): None,  # fewer than 30 matched entries: no estimate, not judged
}


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_balanced_estimates_pass_with_the_rows_checked(con) -> None:
    _effects(con, BALANCED)
    outcome = quality.evaluate(con, CHECK)
    assert outcome.passed, outcome.summary
    assert outcome.counts == {
        "rows_checked": 4,
        "unbalanced_rows": 0,
        "largest_smd_after": 0.1,
        "max_smd_allowed": 0.1,
    }
    assert outcome.examples == []
    assert outcome.summary == (
        "after matching, every estimate's largest |SMD| is at most 0.1 (4 rows checked)"
    )


def test_an_unbalanced_estimate_warns_naming_service_horizon_and_largest_value(con) -> None:
    _effects(con, {**BALANCED, ("VAL", 12): 0.132, ("TVK", 3): 0.25})
    outcome = quality.evaluate(con, CHECK)
    assert not outcome.passed
    assert outcome.counts == {
        "rows_checked": 5,
        "unbalanced_rows": 2,
        "largest_smd_after": 0.25,
        "max_smd_allowed": 0.1,
    }
    assert [(e["service_code"], e["horizon_months"]) for e in outcome.examples] == [
        ("TVK", 3),
        ("VAL", 12),
    ]
    assert outcome.summary == (
        "after matching, the largest |SMD| is above 0.1 for TVK at 3 months (0.250), "
        "VAL at 12 months (0.132); the largest is 0.250"
    )


def test_the_check_is_a_warning_on_the_effects_mart_with_its_texts() -> None:
    check = quality.BY_NAME[CHECK]
    assert check.severity == "warning"
    assert check.asset == ("marts", "service_effects")
    assert check.title == (
        "Palvelujen vaikutus: vertailuryhmä tasapainossa",
        "Effect of services: comparisons balanced",
    )
    assert check.description_fi and check.why_fi


def test_a_missing_effects_mart_fails_rather_than_passes(con) -> None:
    outcome = quality.evaluate(con, CHECK)
    assert not outcome.passed and outcome.counts == {"relation_missing": 1}
