"""When runs start by themselves: a monthly schedule and a sensor on the landing folder."""

import hashlib
import json
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


def landing_signatures(landing: Path) -> dict[str, list[int]]:
    """Relative path -> [size, modification time in ns] of every contract file in `landing`.

    Only `stat`: a sensor tick must not read the files (at a million persons the landing
    folder holds gigabytes, growing every month). Ingestion itself recognises content it has
    loaded before, so a file touched without change costs one cheap run at most.
    """
    signatures = {}
    for files in ingest.discover(landing).files.values():
        for f in files:
            st = f.path.stat()
            signatures[f.path.relative_to(landing).as_posix()] = [st.st_size, st.st_mtime_ns]
    return signatures


def new_or_changed(seen: dict[str, list[int]], now: dict[str, list[int]]) -> list[str]:
    """Files that are new, or whose size or modification time changed, sorted."""
    return sorted(name for name, signature in now.items() if seen.get(name) != signature)


def _cursor(text: str | None) -> dict[str, list[int]]:
    try:
        value = json.loads(text or "{}")
    except ValueError:  # a cursor of an older askel (run keys): start afresh
        return {}
    return value if isinstance(value, dict) else {}


@sensor(
    name="landing_sensor",
    job=full_run_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.STOPPED,
    description="Starts one run when new extracts land: a month-end drop of several files is "
    "one run. Files are compared by name, size and modification time, never read.",
)
def landing_sensor(context: SensorEvaluationContext, askel: AskelSettings):
    seen = _cursor(context.cursor)
    if not askel.landing_path.is_dir():
        return SkipReason(f"landing folder {askel.landing_path} does not exist")
    now = landing_signatures(askel.landing_path)
    new = new_or_changed(seen, now)
    if not new:
        return SkipReason("no new extract")
    context.update_cursor(json.dumps(now, sort_keys=True))
    run_key = hashlib.sha256(
        json.dumps({name: now[name] for name in new}, sort_keys=True).encode()
    ).hexdigest()[:16]
    listed = ", ".join(new[:5]) + (f" and {len(new) - 5} more" if len(new) > 5 else "")
    return RunRequest(
        run_key=run_key,
        tags={"askel/new_files": str(len(new)), "askel/files": listed[:200]},
    )
