"""Cross-check of indicators.md §2, §3 and §7 marts against the plain-Python reference
implementation, cell by cell, on the two generated areas (tests/reference/conftest.py) and on a
small random area dense in edge cases (tests/reference/adversarial.py, leap-day as_of).

A failure prints the first differing keys and columns with both values (pseudonyms only)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal

import duckdb
import pytest

from tests.reference.adversarial import AS_OF as ADVERSARIAL_AS_OF
from tests.reference.adversarial import build_adversarial_area
from tests.reference.durations import durations_summary, load_education, unemployment_durations
from tests.reference.flows import COLUMNS as FLOW_COLUMNS
from tests.reference.flows import monthly_flows
from tests.reference.subsidy import municipal_subsidy_cost
from tests.reference.timelines import Person, load_persons

# The reference day each fixture's dbt build was given (conftest.py, adversarial.py).
AS_OF = {
    "newest_area": dt.date(2022, 12, 31),
    "cut_area": dt.date(2021, 8, 17),
    "adversarial_area": ADVERSARIAL_AS_OF,
}
AREAS = tuple(AS_OF)

DURATION_COLUMNS = (
    "start_month",
    "start_year",
    "exit_date",
    "duration_days",
    "is_censored",
    "destination",
    "sex",
    "age_band",
    "municipality_code",
    "education_group",
)
SUMMARY_COLUMNS = (
    "spells",
    "censored_spells",
    "survival_3m",
    "survival_6m",
    "survival_12m",
    "survival_24m",
    "median_duration_days",
)
COST_COLUMNS = (
    "euros_billed",
    "persons_billed",
    "persons_50",
    "persons_70",
    "persons_crossing_300",
    "persons_crossing_1000",
)
WARNING_COLUMNS = (
    "cumulative_days",
    "pace_days_per_month",
    "projected_days_in_3_months",
    "will_cross_300",
    "will_cross_1000",
)

_persons_cache: dict[str, dict[str, Person]] = {}


@pytest.fixture(scope="module")
def adversarial_area(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    return build_adversarial_area(tmp_path_factory.mktemp("adversarial"), persons=400, seed=11)


def _area(request: pytest.FixtureRequest, name: str) -> tuple[duckdb.DuckDBPyConnection, dt.date]:
    con: duckdb.DuckDBPyConnection = request.getfixturevalue(name)
    return con, AS_OF[name]


def _persons(name: str, con: duckdb.DuckDBPyConnection, as_of: dt.date) -> dict[str, Person]:
    if name not in _persons_cache:
        _persons_cache[name] = load_persons(con, as_of)
    return _persons_cache[name]


def mart_rows(
    con: duckdb.DuckDBPyConnection, table: str, keys: Sequence[str], columns: Sequence[str]
) -> dict[Hashable, dict[str, object]]:
    names = [*keys, *columns]
    out: dict[Hashable, dict[str, object]] = {}
    for row in con.sql(f"select {', '.join(names)} from {table}").fetchall():
        key = row[: len(keys)] if len(keys) > 1 else row[0]
        assert key not in out, f"{table}: duplicate key {key}"
        out[key] = dict(zip(columns, row[len(keys) :], strict=True))
    return out


def _same(ours: object, theirs: object) -> bool:
    if isinstance(ours, float) or isinstance(theirs, float):
        if ours is None or theirs is None:
            return ours is theirs
        return math.isclose(float(ours), float(theirs), rel_tol=0, abs_tol=1e-9)  # type: ignore[arg-type]
    if isinstance(ours, Decimal) or isinstance(theirs, Decimal):
        if ours is None or theirs is None:
            return ours is theirs
        return Decimal(str(ours)) == Decimal(str(theirs))
    return ours == theirs


def compare(
    table: str,
    reference: Mapping[Hashable, Mapping[str, object]],
    mart: Mapping[Hashable, Mapping[str, object]],
    columns: Sequence[str],
    shown: int = 12,
) -> int:
    """Assert the same keys and the same value in every column; returns the cells compared."""
    missing = sorted(set(reference) - set(mart), key=str)
    extra = sorted(set(mart) - set(reference), key=str)
    problems = [f"{table}: key only in the reference: {k}" for k in missing]
    problems += [f"{table}: key only in the mart: {k}" for k in extra]
    cells = 0
    for key in sorted(set(reference) & set(mart), key=str):
        for column in columns:
            cells += 1
            ours, theirs = reference[key][column], mart[key][column]
            if not _same(ours, theirs):
                problems.append(f"{table} {key} {column}: reference {ours!r}, mart {theirs!r}")
    if problems:
        shown_problems = "\n".join(problems[:shown])
        pytest.fail(f"{len(problems)} differences, first ones:\n{shown_problems}")
    return cells


@pytest.mark.parametrize("area", AREAS)
def test_monthly_flows_match_the_reference_cell_by_cell(
    request: pytest.FixtureRequest, area: str
) -> None:
    con, as_of = _area(request, area)
    reference = monthly_flows(_persons(area, con, as_of), as_of)
    mart = mart_rows(con, "marts.monthly_flows", ("month", "municipality_code"), FLOW_COLUMNS)
    cells = compare("monthly_flows", reference, mart, FLOW_COLUMNS)
    assert cells == len(reference) * len(FLOW_COLUMNS) > 0


@pytest.mark.parametrize("area", AREAS)
def test_unemployment_durations_match_the_reference_cell_by_cell(
    request: pytest.FixtureRequest, area: str
) -> None:
    con, as_of = _area(request, area)
    spells = unemployment_durations(_persons(area, con, as_of), load_education(con, as_of), as_of)
    mart = mart_rows(
        con, "marts.unemployment_durations", ("person_id", "spell_start"), DURATION_COLUMNS
    )
    compare("unemployment_durations", spells, mart, DURATION_COLUMNS)
    summary = durations_summary(spells)
    mart_summary = mart_rows(
        con,
        "marts.unemployment_durations_summary",
        ("start_year", "breakdown", "group_value"),
        SUMMARY_COLUMNS,
    )
    cells = compare("unemployment_durations_summary", summary, mart_summary, SUMMARY_COLUMNS)
    assert cells == len(summary) * len(SUMMARY_COLUMNS) > 0


@pytest.mark.parametrize("area", AREAS)
def test_municipal_subsidy_cost_matches_the_reference_cell_by_cell(
    request: pytest.FixtureRequest, area: str
) -> None:
    con, as_of = _area(request, area)
    cost, warnings = municipal_subsidy_cost(con, as_of)
    mart = mart_rows(
        con, "marts.municipal_subsidy_cost", ("month", "municipality_code"), COST_COLUMNS
    )
    compare("municipal_subsidy_cost", cost, mart, COST_COLUMNS)
    mart_warnings = mart_rows(
        con,
        "marts.subsidy_early_warning",
        ("person_id", "month", "municipality_code"),
        WARNING_COLUMNS,
    )
    cells = compare("subsidy_early_warning", warnings, mart_warnings, WARNING_COLUMNS)
    assert cost and warnings and cells == len(warnings) * len(WARNING_COLUMNS)
