"""The resource every asset and check uses: where this run reads and writes, and the run's own
life cycle.

One `AskelSettings` per run. The `askel` command builds it from its options; `dagster dev`,
the schedule and the sensor build it from the environment (`ASKEL_LANDING`,
`ASKEL_WAREHOUSE`, `ASKEL_OUT`, `ASKEL_CONFIG`, `ASKEL_AS_OF`, `ASKEL_LANG`), so the UI and the
command run the very same assets.

Because every step of a run uses it, the resource is also where a run begins and ends,
however it was started (command, UI, schedule, sensor, `dagster job execute`):

- set-up takes the warehouse lock (one run per warehouse; DuckDB allows one writer per
  file), stops processes a killed run left writing, opens the run log and starts sampling
  memory; it makes the run's files owner-only (umask 077) for as long as the run lasts;
- tear-down, after the last step, classifies the run's outcome from its own events and writes
  the quality report, `quality/results.json` and `run.json` (pipelines/run_record.py), then
  gives the lock back.

Sensor and schedule evaluations build the resource too, with no run: they take no lock and
write nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from dagster import ConfigurableResource, InitResourceContext, get_dagster_logger
from pydantic import PrivateAttr

from askel import lock
from askel.config import Config, load_config
from askel.memory import MemorySampler
from askel.run_log import RunLog

#: the jobs whose runs write run.json (and, for run and check, the quality report)
RECORDED_JOBS = ("askel_run", "askel_check", "askel_publish")


class AskelSettings(ConfigurableResource):
    landing: str = "landing"
    warehouse: str = "warehouse/askel.duckdb"
    out: str = "out"
    config_file: str | None = None
    as_of: str | None = None  # YYYY-MM-DD
    quiet: bool = False  # no progress on stderr (the run log under out/logs/ is always written)
    lang: str = "fi"  # report language: fi | en
    publish_parts: str = "all"  # all | report | export (`askel report` / `askel export`)

    _lock_fd: int | None = PrivateAttr(default=None)
    _log: RunLog | None = PrivateAttr(default=None)
    _sampler: MemorySampler | None = PrivateAttr(default=None)
    _umask: int | None = PrivateAttr(default=None)
    _started: tuple[str, float] | None = PrivateAttr(default=None)

    @classmethod
    def from_env(cls) -> AskelSettings:
        return cls(
            landing=os.environ.get("ASKEL_LANDING", "landing"),
            warehouse=os.environ.get("ASKEL_WAREHOUSE", "warehouse/askel.duckdb"),
            out=os.environ.get("ASKEL_OUT", "out"),
            config_file=os.environ.get("ASKEL_CONFIG") or None,
            as_of=os.environ.get("ASKEL_AS_OF") or None,
            lang=os.environ.get("ASKEL_LANG", "fi"),
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

    @property
    def logs_path(self) -> Path:
        return self.out_path / "logs"

    @property
    def dbt_target_path(self) -> Path:
        """dbt's artifacts and log of this run: under the run's own folder, never in the
        source tree (a read-only deployment), replaced by every run (no growth)."""
        return self.logs_path / "dbt"

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
        """One line to the run log (always), to stderr unless quiet, and to Dagster's log."""
        if self._log is not None:
            self._log.line(message)
        elif not self.quiet:  # no run (e.g. a sensor tick): stderr only
            print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
        get_dagster_logger("askel").info(message)

    # -- the run's life cycle --------------------------------------------------------------
    def setup_for_execution(self, context: InitResourceContext) -> None:
        run = context.run
        # no run: a sensor or schedule evaluation; a finished run: Dagster re-creating the
        # resources after the fact (e.g. `dagster job execute` reading results)
        if run is None or run.is_finished:
            return
        self._started = (
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            time.perf_counter(),
        )
        # everything the run creates (warehouse, its WAL and spill files, dbt's target, logs,
        # quarantine) is owner-only; the publish step gives the report and export the
        # caller's own umask back
        self._umask = os.umask(0o077)
        try:
            self._lock_fd = lock.acquire(self.warehouse_path)
        except BaseException:
            os.umask(self._umask)
            self._umask = None
            raise
        stamp = time.strftime("%Y%m%dT%H%M%S")
        self._log = RunLog(self.logs_path, f"run-{stamp}-{run.run_id[:8]}.log", echo=not self.quiet)
        self.progress(f"{run.job_name} started (run {run.run_id[:8]}); log {self._log.path}")
        for pid in lock.stop_orphans(self.warehouse_path):
            self.progress(f"stopped process {pid} left by an interrupted run")
        self._sampler = MemorySampler().__enter__()

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        run = context.run
        if run is None or self._lock_fd is None:
            return
        try:
            if self._sampler is not None:
                self._sampler.__exit__(None, None, None)
            if run.job_name in RECORDED_JOBS:
                from pipelines.run_record import finish_run

                finish_run(self, context.instance, run)
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            lock.release(self._lock_fd)
            self._lock_fd = None
            if self._umask is not None:
                os.umask(self._umask)

    # -- what the run record needs from the life cycle -------------------------------------
    @property
    def caller_umask(self) -> int:
        """The umask the run was started with (published files follow it)."""
        if self._umask is not None:
            return self._umask
        current = os.umask(0o022)
        os.umask(current)
        return current

    def run_timing(self) -> dict[str, Any]:
        started_at, t0 = self._started or ("", time.perf_counter())
        return {"started_at": started_at, "seconds": round(time.perf_counter() - t0, 3)}

    def step_peaks(self, windows: dict[str, tuple[float, float]]) -> dict[str, float]:
        return self._sampler.peaks(windows) if self._sampler is not None else {}

    @property
    def run_log_path(self) -> Path | None:
        return self._log.path if self._log is not None else None
