"""The end of every askel run, however it started: classify the outcome from the run's own
events, then write the quality report, `quality/results.json` and `run.json`.

Called by the resource's tear-down (pipelines/resources.py) after the last step, so runs
started by the UI, the schedule, the sensor, `dagster job execute` and `askel run` leave the
same record. The `askel` command exits with the status written here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dagster import DagsterEventType, DagsterInstance, DagsterRun

from askel.outcome import EXIT_PUBLISHED, StepFailure, classify
from askel.quality_outputs import write_quality_outputs
from askel.run_meta import software_version

if TYPE_CHECKING:
    from pipelines.resources import AskelSettings

COMMAND_OF_JOB = {"askel_run": "run", "askel_check": "check", "askel_publish": "report"}
#: run tag through which `askel report` / `askel export` name themselves
COMMAND_TAG = "askel/command"
RUN_JSON = "run.json"


def check_records(instance: DagsterInstance, run_id: str) -> list[dict[str, Any]]:
    """Every check evaluated in the run, with the step that evaluated it."""
    records = []
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
        event = entry.dagster_event
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


def innermost_error(error) -> StepFailure:
    """The innermost cause of a Dagster error, as class name and one line for a person."""
    while error is not None and getattr(error, "cause", None) is not None:
        error = error.cause
    if error is None:
        return StepFailure("", "failed")
    lines = error.message.strip().splitlines() or ["failed"]
    text = lines[-1]
    # Dagster writes "module.Class: message"; the user needs the message
    head, sep, rest = text.partition(": ")
    if sep and error.cls_name and head.rsplit(".", 1)[-1] == error.cls_name:
        text = rest
    return StepFailure(error.cls_name or "", text[:300])


def failed_steps(instance: DagsterInstance, run_id: str) -> dict[str, StepFailure]:
    """Failed step -> its innermost cause; a run that failed before any step (a resource
    that could not start, e.g. a busy warehouse) appears as the step `run`."""
    failed: dict[str, StepFailure] = {}
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.STEP_FAILURE):
        error = getattr(entry.dagster_event.event_specific_data, "error", None)
        failed[entry.dagster_event.step_key] = innermost_error(error)
    return failed


def step_windows(instance: DagsterInstance, run_id: str) -> dict[str, tuple[float, float]]:
    """(start, end) Unix timestamps per step, from the run's step events."""
    start: dict[str, float] = {}
    out: dict[str, tuple[float, float]] = {}
    for entry in instance.all_logs(
        run_id,
        of_type={
            DagsterEventType.STEP_START,
            DagsterEventType.STEP_SUCCESS,
            DagsterEventType.STEP_FAILURE,
        },
    ):
        event = entry.dagster_event
        if event.event_type == DagsterEventType.STEP_START:
            start[event.step_key] = entry.timestamp
        else:
            out[event.step_key] = (start.get(event.step_key, entry.timestamp), entry.timestamp)
    return out


def warehouse_summary(settings: AskelSettings) -> dict[str, Any]:
    """Files read (with hashes), tables written (with row counts) and as_of, from the
    warehouse; empty when there is none yet."""
    import duckdb

    if not settings.warehouse_path.exists():
        return {}
    with settings.connect(read_only=True) as con:
        tables = {
            f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[
                0
            ]
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_type = 'BASE TABLE' order by 1, 2"
            ).fetchall()
        }
        files: list[dict[str, Any]] = []
        as_of = None
        if "raw.load_ledger" in tables:
            names = ("file", "source", "sha256", "status", "rows_read", "rows_loaded")
            files = [
                dict(zip((*names, "rows_quarantined"), r, strict=True))
                for r in con.execute(
                    "select file_name, source, content_hash, status, rows_read, rows_loaded, "
                    "rows_quarantined from raw.load_ledger order by load_seq"
                ).fetchall()
            ]
        if "raw.run_context" in tables:
            try:
                as_of = con.execute("select max(as_of) from raw.run_context").fetchone()[0]
            except duckdb.Error:
                as_of = None
    landing = settings.landing_path
    present = {p.name for p in landing.rglob("*") if p.is_file()} if landing.is_dir() else set()
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "files_read": [f for f in files if f["file"] in present],
        "tables_written": tables,
    }


def finish_run(settings: AskelSettings, instance: DagsterInstance, run: DagsterRun) -> dict:
    """Classify the run, write its quality outputs (run and check jobs) and run.json."""
    command = run.tags.get(COMMAND_TAG) or COMMAND_OF_JOB.get(run.job_name, run.job_name)
    checks = check_records(instance, run.run_id)
    failures = failed_steps(instance, run.run_id)
    outcome = classify(checks, failures, publishes=command != "check")
    summary = warehouse_summary(settings)
    timing = settings.run_timing()
    out = settings.out_path
    if command in ("run", "check"):
        write_quality_outputs(
            out,
            checks,
            publishable=outcome.exit_code == EXIT_PUBLISHED,
            published=outcome.exit_code == EXIT_PUBLISHED and command == "run",
            message=outcome.message,
            started_at=timing["started_at"],
            as_of=summary.get("as_of"),
            lang=settings.lang,
        )
    windows = step_windows(instance, run.run_id)
    record = {
        "command": command,
        "job": run.job_name,
        "dagster_run_id": run.run_id,
        **timing,
        "exit_code": outcome.exit_code,
        "message": outcome.message,
        "software_version": software_version(),
        "landing": str(settings.landing_path),
        "warehouse": str(settings.warehouse_path),
        "as_of_given": settings.as_of,
        "log": str(settings.run_log_path) if settings.run_log_path else None,
        "step_seconds": {k: round(e - s, 3) for k, (s, e) in windows.items()},
        "step_windows": windows,
        "step_peak_memory_mib": settings.step_peaks(windows),
        "peak_memory_mib": _peak_memory_mib(),
        **summary,
        "checks": {
            "total": len(checks),
            "failed": [c["name"] for c in checks if not c["passed"]],
        },
    }
    write_run_json(out / RUN_JSON, record)
    settings.progress(
        f"{run.job_name} finished: exit status {outcome.exit_code}. {outcome.message}"
    )
    return record


def _peak_memory_mib() -> dict[str, float]:
    """Peak resident memory of this process and of its finished children (dbt), MiB."""
    import resource

    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"askel": round(self_kib / 1024, 1), "children_max": round(child_kib / 1024, 1)}


def write_run_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read_run_json(out: Path, run_id: str) -> dict[str, Any] | None:
    """run.json of the run `run_id`, or None when that run wrote none (it never started)."""
    try:
        record = json.loads((out / RUN_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if record.get("dagster_run_id") == run_id else None
