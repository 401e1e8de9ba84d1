"""Cross-check of indicators.md §4–§6: the plain-Python references against the dbt marts, cell
by cell (same keys, same columns, floats to 1e-9), on the two shared generated areas and on a
small warehouse of hand-made boundary persons (services_esf_edges.py).

A failure prints the first differing keys and columns with both values (pseudonyms only)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import duckdb
import pytest

from tests.reference.esf import NOT_AVAILABLE, esf_indicators
from tests.reference.outcomes import service_outcomes, service_outcomes_summary
from tests.reference.services import Inputs, load_inputs, service_process
from tests.reference.services_esf_edges import AS_OF as EDGE_AS_OF
from tests.reference.services_esf_edges import build_edge_area

NEWEST_AS_OF = dt.date(2022, 12, 31)
CUT_AS_OF = dt.date(2021, 8, 17)
TOLERANCE = 1e-9

Table = Mapping[tuple[object, ...], Mapping[str, object]]


def _key(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def mart(
    con: duckdb.DuckDBPyConnection, table: str, keys: Sequence[str], columns: Sequence[str]
) -> dict[tuple[object, ...], dict[str, object]]:
    """The mart's rows keyed like the reference (duplicate keys fail: they would hide rows)."""
    cursor = con.execute(f"select {', '.join([*keys, *columns])} from marts.{table}")
    rows: dict[tuple[object, ...], dict[str, object]] = {}
    for values in cursor.fetchall():
        key = tuple(values[: len(keys)])
        assert key not in rows, f"{table}: duplicate key {key}"
        rows[key] = dict(zip(columns, values[len(keys) :], strict=True))
    return rows


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=TOLERANCE)  # type: ignore[arg-type]
    return a == b


def differences(expected: Table, actual: Table) -> tuple[int, list[str]]:
    """Cells compared and a readable line per difference (missing/extra keys included)."""
    found: list[str] = []
    cells = 0
    for key in sorted(set(expected) - set(actual), key=repr):
        found.append(f"missing in mart: {key} reference={dict(expected[key])}")
    for key in sorted(set(actual) - set(expected), key=repr):
        found.append(f"extra in mart: {key} mart={dict(actual[key])}")
    for key in sorted(set(expected) & set(actual), key=repr):
        for column, want in expected[key].items():
            cells += 1
            got = actual[key][column]
            if not _same(want, got):
                found.append(f"{key} {column}: reference={want!r} mart={got!r}")
    return cells, found


def assert_same(name: str, expected: Table, actual: Table) -> int:
    cells, found = differences(expected, actual)
    assert not found, f"{name}: {len(found)} differences, first:\n" + "\n".join(found[:15])
    assert cells > 0, f"{name}: nothing compared"
    return cells


@pytest.fixture(scope="module")
def newest_inputs(newest_area: duckdb.DuckDBPyConnection) -> Inputs:
    return load_inputs(newest_area, NEWEST_AS_OF)


@pytest.fixture(scope="module")
def cut_inputs(cut_area: duckdb.DuckDBPyConnection) -> Inputs:
    return load_inputs(cut_area, CUT_AS_OF)


@pytest.fixture(scope="module")
def edge_area(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    return build_edge_area(tmp_path_factory.mktemp("edges"))


@pytest.fixture(scope="module")
def edge_inputs(edge_area: duckdb.DuckDBPyConnection) -> Inputs:
    return load_inputs(edge_area, EDGE_AS_OF)


@pytest.fixture(params=["newest", "cut", "edge"])
def area(
    request: pytest.FixtureRequest,
) -> tuple[duckdb.DuckDBPyConnection, Inputs]:
    con = request.getfixturevalue(f"{request.param}_area")
    return con, request.getfixturevalue(f"{request.param}_inputs")


EPISODE_COLUMNS = [
    "organisation",
    "episode_start",
    "episode_end",
    "episode_days",
    "items",
    "service_rows",
    "status_07_periods",
    "service_codes",
]
GAP_COLUMNS = [
    "previous_organisation",
    "next_organisation",
    "previous_end",
    "next_start",
    "gap_days",
    "crosses_organisations",
    "is_within_14_days",
    "gap_end_year",
]
WAIT_COLUMNS = [
    "spell_last_day",
    "exit_date",
    "is_censored",
    "first_episode_start",
    "days_to_first_episode",
]
PROCESS_COLUMNS = [
    "is_askel_service_customer",
    "esf_projects",
    "episodes",
    "organisations",
    "service_codes",
    "days_in_episodes",
    "distinct_days_in_episodes",
    "first_episode_start",
    "last_episode_end",
    "gaps",
    "gaps_within_14_days",
    "cross_organisation_gaps",
    "cross_organisation_gaps_within_14_days",
]
OUTCOME_COLUMNS = [
    "source",
    "organisation",
    "person_id",
    "service_code",
    "start_date",
    "end_date",
    "end_year",
    "day_3m",
    "situation_3m",
    "day_6m",
    "situation_6m",
]
#: interface.md, export/esf_indicators.csv, in order
EXPORT_COLUMNS = [
    "project_code",
    "indicator_code",
    "indicator_name",
    "period",
    "men",
    "women",
    "total",
    "status",
    "note",
]
SUMMARY_COLUMNS = ["episodes", "evaluated", "count", "share", "wilson_low", "wilson_high"]


def check_service_process(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> dict[str, int]:
    ref = service_process(inputs)
    return {
        "service_episodes": assert_same(
            "service_episodes",
            ref.episodes,
            mart(con, "service_episodes", ["person_id", "episode_seq"], EPISODE_COLUMNS),
        ),
        "service_gaps": assert_same(
            "service_gaps",
            ref.gaps,
            mart(con, "service_gaps", ["person_id", "gap_seq"], GAP_COLUMNS),
        ),
        "service_spell_waits": assert_same(
            "service_spell_waits",
            ref.waits,
            mart(con, "service_spell_waits", ["person_id", "spell_start"], WAIT_COLUMNS),
        ),
        "service_gaps_summary": assert_same(
            "service_gaps_summary",
            ref.gaps_summary,
            mart(
                con,
                "service_gaps_summary",
                ["gap_end_year", "scope"],
                ["gaps", "gaps_within_14_days", "share"],
            ),
        ),
        "service_process": assert_same(
            "service_process",
            {(k,): v for k, v in ref.process.items()},
            mart(con, "service_process", ["person_id"], PROCESS_COLUMNS),
        ),
    }


def check_service_outcomes(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> dict[str, int]:
    rows = service_outcomes(inputs)
    summary = service_outcomes_summary(rows)
    return {
        "service_outcomes": assert_same(
            "service_outcomes",
            {(k,): v for k, v in rows.items()},
            mart(con, "service_outcomes", ["service_row_id"], OUTCOME_COLUMNS),
        ),
        "service_outcomes_summary": assert_same(
            "service_outcomes_summary",
            summary,
            mart(
                con,
                "service_outcomes_summary",
                ["source", "service_code", "end_year", "horizon_months", "situation"],
                SUMMARY_COLUMNS,
            ),
        ),
    }


def check_esf_indicators(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> dict[str, int]:
    sql = "select indicator_code, indicator_name from reference.esf_indicators"
    names = dict(con.execute(sql).fetchall())
    notes = con.execute(
        "select distinct note from marts.esf_indicators where indicator_code = ?", [NOT_AVAILABLE]
    ).fetchall()
    assert len(notes) == 1 and notes[0][0], "CR07 rows carry one non-empty reason"
    ref = esf_indicators(inputs, names, notes[0][0])
    layout = [r[0] for r in con.execute("describe marts.esf_indicators").fetchall()]
    assert layout == EXPORT_COLUMNS, f"esf_indicators columns {layout} != interface.md"
    columns = ["indicator_name", "men", "women", "total", "status", "note"]
    actual = mart(con, "esf_indicators", ["project_code", "indicator_code", "period"], columns)
    return {"esf_indicators": assert_same("esf_indicators", ref, actual)}


def test_service_process_marts_match_the_reference(
    area: tuple[duckdb.DuckDBPyConnection, Inputs],
) -> None:
    check_service_process(*area)


def test_service_outcomes_marts_match_the_reference(
    area: tuple[duckdb.DuckDBPyConnection, Inputs],
) -> None:
    check_service_outcomes(*area)


def test_esf_indicators_match_the_reference(
    area: tuple[duckdb.DuckDBPyConnection, Inputs],
) -> None:
    check_esf_indicators(*area)
