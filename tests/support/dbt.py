"""Run the dbt project against a test warehouse (a subprocess, as dagster-dbt runs it)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from askel.dbt_manifest import WAREHOUSE_ENV

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")


def dbt(
    command: str,
    warehouse: Path,
    as_of: dt.date,
    *args: str,
    target_path: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `dbt <command>` on `warehouse` with `as_of`; raise with dbt's output on failure."""
    env = {**os.environ, WAREHOUSE_ENV: str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "0"}
    target = target_path or warehouse.parent / "dbt_target"
    result = subprocess.run(
        [
            str(DBT),
            command,
            "--project-dir",
            str(DBT_PROJECT),
            "--profiles-dir",
            str(DBT_PROJECT),
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
            "--vars",
            json.dumps({"as_of": as_of.isoformat()}),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"dbt {command} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
        )
    return result
