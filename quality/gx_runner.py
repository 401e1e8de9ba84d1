"""Great Expectations (GX Core 1.x) on small pandas frames, with one context per process.

Why frames and not GX's SQL datasource: GX's SQL datasource does not work over duckdb-engine,
and whole raw tables (20M+ rows at 1,000,000 persons) must never be pulled into pandas. So the
checks push every row-level rule into DuckDB SQL and hand GX only what is small and exact: the
distinct values of a code column with their row counts, one row of violation counts per rule,
the column catalogue of a table, or a whole mart (marts are month x area sized).

GX is imported lazily (it costs several seconds) and its ephemeral context is created once per
process and reused by every check of the run.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

import pandas as pd

_lock = threading.Lock()
_state: dict[str, Any] = {}


@dataclass(frozen=True)
class Expect:
    """One GX expectation by class name and keyword arguments, e.g.
    `Expect("ExpectColumnValuesToBeInSet", column="code", value_set=["A"])`.

    Declared without importing GX, so suites are plain data until they are run.
    """

    kind: str
    kwargs: dict[str, Any]

    @classmethod
    def of(cls, kind: str, **kwargs: Any) -> Expect:
        return cls(kind, kwargs)


@dataclass(frozen=True)
class ExpectationReport:
    expectation: str
    column: str | None
    success: bool
    observed: Any
    unexpected_count: int | None
    unexpected_values: list[Any]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"expectation": self.expectation, "success": self.success}
        if self.column is not None:
            out["column"] = self.column
        if self.observed is not None:
            out["observed"] = _plain(self.observed)
        if self.unexpected_count is not None:
            out["unexpected_count"] = self.unexpected_count
        if self.unexpected_values:
            out["unexpected_values"] = [_plain(v) for v in self.unexpected_values[:5]]
        return out


@dataclass(frozen=True)
class SuiteReport:
    suite: str
    success: bool
    expectations: list[ExpectationReport]

    def failed(self) -> list[ExpectationReport]:
        return [e for e in self.expectations if not e.success]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [e.as_dict() for e in self.expectations]


def _plain(value: Any) -> Any:
    """JSON-friendly scalars (numpy and pandas values become Python ones)."""
    if hasattr(value, "item") and callable(value.item):
        try:
            return value.item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _context() -> dict[str, Any]:
    """The process's GX context and pandas data source (created on first use)."""
    if "source" not in _state:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
        _state["gx"] = gx
        _state["context"] = context
        _state["source"] = context.data_sources.add_pandas("askel_quality")
        _state["batches"] = {}
    return _state


def prewarm() -> threading.Thread:
    """Import GX and create the context in a background thread (idempotent): validations
    wait for it on the lock, so this only moves the import cost off the critical path."""

    def work() -> None:
        with _lock:
            _context()

    thread = threading.Thread(target=work, name="gx-prewarm", daemon=True)
    thread.start()
    return thread


def _batch_definition(state: dict[str, Any], name: str):
    batches = state["batches"]
    if name not in batches:
        asset = state["source"].add_dataframe_asset(name)
        batches[name] = asset.add_batch_definition_whole_dataframe("whole")
    return batches[name]


def validate(frame: pd.DataFrame, suite_name: str, expectations: list[Expect]) -> SuiteReport:
    """Validate `frame` against `expectations` as the GX suite `suite_name`."""
    with _lock:
        state = _context()
        gx = state["gx"]
        suite = gx.ExpectationSuite(
            name=suite_name,
            expectations=[getattr(gx.expectations, e.kind)(**e.kwargs) for e in expectations],
        )
        batch = _batch_definition(state, suite_name).get_batch(
            batch_parameters={"dataframe": frame}
        )
        result = batch.validate(suite, result_format="SUMMARY")
    reports = []
    for r in result.results:
        payload = r.result or {}
        reports.append(
            ExpectationReport(
                expectation=r.expectation_config.type,
                column=r.expectation_config.kwargs.get("column"),
                success=bool(r.success),
                observed=payload.get("observed_value"),
                unexpected_count=payload.get("unexpected_count"),
                unexpected_values=list(payload.get("partial_unexpected_list") or []),
            )
        )
    return SuiteReport(suite_name, bool(result.success), reports)
