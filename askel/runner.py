"""Runs a Dagster job of `pipelines` in process and turns its outcome into askel's contract:
the quality report (always), run.json (always) and an exit status (interface.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import resource
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from askel.memory import MemorySampler

EXIT_PUBLISHED = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3

REJECTED_CHECK = "no_rejected_files"


@dataclass
class RunOutcome:
    exit_code: int
    message: str
    checks: list[dict[str, Any]] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)
    #: step -> (start, end) as Unix timestamps, so a benchmark can attribute memory to steps
    step_windows: dict[str, tuple[float, float]] = field(default_factory=dict)
    step_peak_mib: dict[str, float] = field(default_factory=dict)


def _instance():
    from dagster import DagsterInstance

    return DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()


def _check_records(result) -> list[dict[str, Any]]:
    """Every check evaluated in the run, with the step that evaluated it."""
    records = []
    for event in result.all_events:
        if event.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        evaluation = event.event_specific_data
        metadata = {k: getattr(v, "value", v) for k, v in evaluation.metadata.items()}
        records.append(
            {
                "name": evaluation.check_name,
                "asset": "/".join(evaluation.asset_key.path),
                "passed": bool(evaluation.passed),
                "severity": "blocking"
                if (evaluation.severity.value == "ERROR" and evaluation.blocking is not False)
                else "warning",
                "description": evaluation.description or "",
                "metadata": metadata,
                "step": event.step_key,
            }
        )
    return sorted(records, key=lambda r: (r["asset"], r["name"]))


def _failed_steps(result) -> dict[str, str]:
    """Failed step -> its innermost cause, which names what went wrong."""
    failed = {}
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = getattr(event.event_specific_data, "error", None)
            while error is not None and getattr(error, "cause", None) is not None:
                error = error.cause
            text = (error.message.strip().splitlines() or ["failed"])[-1] if error else "failed"
            failed[event.step_key] = text[:300]
    return failed


def execute(job_name: str, settings) -> RunOutcome:
    """Execute `job_name` with `settings` (an AskelSettings) and classify the outcome."""
    from askel.dbt_manifest import ensure_manifest

    ensure_manifest()
    from pipelines.definitions import build_definitions

    defs = build_definitions(settings)
    job = defs.resolve_job_def(job_name)
    instance = _instance()
    log_path = Path(settings.out) / "logs" / "run.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    # dbt's own console output (echoed by dagster-dbt) goes to a log file, not the terminal:
    # the user sees one progress line per step instead.
    with (
        log_path.open("w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        MemorySampler() as memory,
    ):
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        )
    checks = _check_records(result)
    windows = _step_windows(instance, result.run_id)
    seconds = {step: round(end - start, 3) for step, (start, end) in windows.items()}
    outcome = RunOutcome(EXIT_PUBLISHED, "", checks, seconds, windows, memory.peaks(windows))
    classify(outcome, checks, _failed_steps(result), result.success)
    return outcome


def classify(
    outcome: RunOutcome, checks: list[dict[str, Any]], failed_steps: dict[str, str], success: bool
) -> None:
    """Exit status and message (interface.md): 1 when a blocking check failed or a step failed
    for another reason; 3 when the only thing wrong is a file rejected whole; else 0.

    A blocking check that fails also fails the step that evaluated it; such step failures are
    explained by the check and are not reported twice.
    """
    failed_blocking = [c for c in checks if not c["passed"] and c["severity"] == "blocking"]
    explained = {c["step"] for c in failed_blocking}
    unexplained = {k: v for k, v in failed_steps.items() if k not in explained}
    rejected = [c for c in failed_blocking if c["name"] == REJECTED_CHECK]
    others = [c for c in failed_blocking if c["name"] != REJECTED_CHECK]
    if others:
        outcome.exit_code = EXIT_BLOCKED
        reasons = [f"{c['asset']}:{c['name']}" for c in others]
        outcome.message = "A blocking check failed, nothing was published: " + "; ".join(
            reasons[:5]
        )
    elif unexplained:
        outcome.exit_code = EXIT_BLOCKED
        outcome.message = "The run failed, nothing was published: " + "; ".join(
            f"{step}: {text}" for step, text in list(unexplained.items())[:5]
        )
    elif rejected:
        names = ", ".join(r["file"] for c in rejected for r in c["metadata"].get("rejected", []))
        outcome.exit_code = EXIT_REJECTED
        outcome.message = f"An input file was rejected whole ({names}); nothing was published."
    elif not success:
        outcome.exit_code = EXIT_BLOCKED
        outcome.message = "The run failed; nothing was published."


def _step_windows(instance, run_id: str) -> dict[str, tuple[float, float]]:
    """(start, end) Unix timestamps per step, from the run's step events."""
    from dagster import DagsterEventType

    start: dict[str, float] = {}
    out: dict[str, tuple[float, float]] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type == DagsterEventType.STEP_START:
            start[event.step_key] = entry.timestamp
        elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
            out[event.step_key] = (start.get(event.step_key, entry.timestamp), entry.timestamp)
    return out


def peak_memory_mib() -> dict[str, float]:
    """Peak resident memory of this process and of its finished children (dbt), MiB."""
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"askel": round(self_kib / 1024, 1), "children_max": round(child_kib / 1024, 1)}


def write_run_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
