"""A generated area loaded and modelled without Dagster: ingest + snapshot selection + dbt build.

`build_area(base, as_of)` returns a read-only DuckDB connection on the built warehouse; the
reference implementations read the staging views (`main.stg_*`, the typed rows of the selected
snapshots) and compare what they compute with the marts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from askel.config import Config
from askel.ingest import discover, ingest_source, select_snapshots
from askel.synth import generate
from askel.warehouse.raw_schema import write_config_tables
from tests.support.dbt import dbt

KEY = b"reference-test-key"


def build_area(
    base: Path,
    as_of: dt.date | None = None,
    persons: int = 400,
    seed: int = 5,
    defects: float = 0.0,
    cut: dt.date | None = None,
    select: str | None = None,
    effects: dict[str, float] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Generate `persons` into base/landing, load them, select the snapshots at `as_of`
    (None = newest; the generated extracts are dated 2022-10-31, -11-30 and -12-31) and build
    dbt with reference day `cut` (default: the selected `as_of`). A `cut` months before the
    snapshots exercises the `as_of` rules of indicators.md on rows that begin after it.
    `select` builds only those dbt nodes (a selector, e.g. '+structural_forecast_backtest');
    `effects` plants service effects (askel generate --effect) with the truth in landing/."""
    config = Config()
    landing = base / "landing"
    generate(landing, persons=persons, seed=seed, defects=defects, config=config, effects=effects)
    warehouse = base / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        write_config_tables(con, config)
        found = discover(landing)
        for source, files in found.files.items():
            ingest_source(con, source, files, KEY, config, base / "quarantine")
        context = select_snapshots(con, as_of)
        reference_day = cut or context.as_of
    finally:
        con.close()
    only = ("--select", select, "--indirect-selection", "cautious") if select else ()
    dbt("build", warehouse, reference_day, *only)
    return duckdb.connect(str(warehouse), read_only=True)
