"""Start one of askel's Dagster jobs in this process: how the `askel` command runs.

The job does everything a run does (pipelines/resources.py and run_record.py); this only
builds the definitions with the command's settings, executes the job, and hands back the
run's record (run.json) so the command can exit with the status the job itself decided.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from pipelines.resources import AskelSettings
from pipelines.run_record import COMMAND_TAG, innermost_error, read_run_json


@dataclass(frozen=True)
class Launched:
    run_id: str
    success: bool
    #: run.json as the job wrote it; None when the job stopped before it could (e.g. the
    #: warehouse was busy and the run never started)
    record: dict[str, Any] | None
    #: the first error of a run that never started, one line
    start_error: tuple[str, str] | None


def _instance():
    from dagster import DagsterInstance

    return DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()


def _start_error(result) -> tuple[str, str] | None:
    """(error class, message) of a run that failed outside any step (a resource's set-up,
    e.g. a busy warehouse)."""
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None)
        if error is not None and not event.is_step_event:
            failure = innermost_error(error)
            return failure.error_class, failure.message
    return None


def run_job(job_name: str, settings: AskelSettings, command: str) -> Launched:
    from askel.dbt_manifest import ensure_manifest

    ensure_manifest()
    from pipelines.definitions import build_definitions

    job = build_definitions(settings).resolve_job_def(job_name)
    result = job.execute_in_process(
        instance=_instance(),
        raise_on_error=False,
        tags={COMMAND_TAG: command},
        # Dagster's own console lines are for its UI; the command shows the run's progress
        run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
    )
    record = read_run_json(settings.out_path, result.run_id)
    return Launched(
        result.run_id,
        result.success,
        record,
        None if record is not None else _start_error(result),
    )
