"""Two generated areas shared by the reference cross-checks (each costs one dbt build):
the newest snapshots with a few defects, and a reference day cut well before the snapshots."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.reference.area import build_area

PERSONS = 1500


@pytest.fixture(scope="session")
def newest_area(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """as_of = the newest extraction date (2022-12-31); defects injected at 1 %."""
    return build_area(
        tmp_path_factory.mktemp("newest"), None, persons=PERSONS, seed=5, defects=0.01
    )


@pytest.fixture(scope="session")
def cut_area(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """Newest snapshots, reference day 2021-08-17: rows beginning later must be ignored."""
    return build_area(
        tmp_path_factory.mktemp("cut"), None, persons=PERSONS, seed=6, cut=dt.date(2021, 8, 17)
    )
