"""When runs start by themselves: a monthly schedule and a sensor on the landing folder."""

import hashlib
from pathlib import Path

from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from askel import ingest
from pipelines.jobs import full_run_job
from pipelines.resources import AskelSettings

monthly_schedule = ScheduleDefinition(
    name="monthly_run",
    job=full_run_job,
    cron_schedule="0 6 5 * *",  # the 5th at 06:00: month-end extracts have landed by then
    execution_timezone="Europe/Helsinki",
    default_status=DefaultScheduleStatus.STOPPED,
    description="The monthly run, after the partners' month-end extracts have landed.",
)


def file_run_key(path: Path) -> str:
    """A file's run key: its name and content hash, so no file starts two runs."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f"{path.name}:{digest}"


def new_landing_files(landing: Path, seen: set[str]) -> list[tuple[str, Path]]:
    """(run key, path) of every contract file in `landing` not seen before, sorted by name."""
    found = []
    for files in ingest.discover(landing).files.values():
        for f in files:
            key = file_run_key(f.path)
            if key not in seen:
                found.append((key, f.path))
    return sorted(found, key=lambda kp: kp[1].name)


@sensor(
    name="landing_sensor",
    job=full_run_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.STOPPED,
    description="Starts a run when a new extract lands (one run request per new file).",
)
def landing_sensor(context: SensorEvaluationContext, askel: AskelSettings):
    seen = set(filter(None, (context.cursor or "").split("\n")))
    if not askel.landing_path.is_dir():
        return SkipReason(f"landing folder {askel.landing_path} does not exist")
    new = new_landing_files(askel.landing_path, seen)
    if not new:
        return SkipReason("no new extract")
    context.update_cursor("\n".join(sorted(seen | {k for k, _ in new})))
    return [RunRequest(run_key=key, tags={"askel/file": path.name}) for key, path in new]
