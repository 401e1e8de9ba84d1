"""Resources shared by every asset: where this run reads and writes, and how it reports progress.

One `AskelSettings` per run. The `askel` command builds it from its options; `dagster dev`
builds it from the environment (`ASKEL_LANDING`, `ASKEL_WAREHOUSE`, `ASKEL_OUT`,
`ASKEL_CONFIG`, `ASKEL_AS_OF`), so the UI and the command run the very same assets.
"""

import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource

from askel.config import Config, load_config


class AskelSettings(ConfigurableResource):
    landing: str = "landing"
    warehouse: str = "warehouse/askel.duckdb"
    out: str = "out"
    config_file: str | None = None
    as_of: str | None = None  # YYYY-MM-DD
    quiet: bool = True
    lang: str = "fi"  # report language: fi | en
    publish_parts: str = "all"  # all | report | export (`askel report` / `askel export`)

    @classmethod
    def from_env(cls) -> "AskelSettings":
        return cls(
            landing=os.environ.get("ASKEL_LANDING", "landing"),
            warehouse=os.environ.get("ASKEL_WAREHOUSE", "warehouse/askel.duckdb"),
            out=os.environ.get("ASKEL_OUT", "out"),
            config_file=os.environ.get("ASKEL_CONFIG") or None,
            as_of=os.environ.get("ASKEL_AS_OF") or None,
        )

    # -- paths ---------------------------------------------------------------------------
    @property
    def landing_path(self) -> Path:
        return Path(self.landing)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse)

    @property
    def out_path(self) -> Path:
        return Path(self.out)

    @property
    def staging_path(self) -> Path:
        """Where outputs are rendered before they are published (renamed into place)."""
        return self.out_path / ".staging"

    @property
    def quarantine_path(self) -> Path:
        return self.out_path / "quality" / "quarantine"

    def as_of_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.as_of) if self.as_of else None

    def config(self) -> Config:
        return load_config(Path(self.config_file) if self.config_file else None)

    # -- warehouse -----------------------------------------------------------------------
    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection: DuckDB allows one writer per file, and dbt runs as a
        separate process, so no step may keep the file open beyond its own work."""
        if not read_only:
            self.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.warehouse_path), read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    # -- progress ------------------------------------------------------------------------
    def progress(self, message: str) -> None:
        """One line per step on a terminal; nothing when quiet."""
        if not self.quiet:
            print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
