"""Keep dbt's manifest.json current: `@dbt_assets` reads it when the definitions are imported.

`dbt parse` runs only when the manifest is missing or older than a file of the dbt project,
so the definitions (pipelines/assets/dbt.py), the CLI, the tests and CI can all call
:func:`ensure_manifest` cheaply. Nobody edits or commits the manifest by hand. For a
deployment whose source tree is read-only at run time, prepare it at build time:
`python -m askel.dbt_manifest` (or dagster-dbt's `dagster-dbt project prepare-and-package
--file pipelines/assets/dbt.py`, which runs the same `dbt parse`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"
MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
#: the variable through which dbt's profile finds the warehouse file. Only dbt's own process
#: gets it, so it also marks that process as the warehouse's writer (askel/lock.py stops such
#: processes left behind by a killed run). Not ASKEL_WAREHOUSE: operators set that one for
#: Dagster itself, and its processes must never look like orphans.
WAREHOUSE_ENV = "ASKEL_DBT_WAREHOUSE"
_SOURCE_DIRS = ("models", "macros", "seeds", "tests", "snapshots", "analyses")


def _newest_source_mtime() -> float:
    newest = (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime
    for name in _SOURCE_DIRS:
        folder = DBT_PROJECT_DIR / name
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    newest = max(newest, path.stat().st_mtime)
    return newest


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def ensure_manifest(force: bool = False) -> Path:
    """Run `dbt parse` when the manifest is missing or stale; return its path."""
    if force or not MANIFEST.exists() or MANIFEST.stat().st_mtime < _newest_source_mtime():
        env = {
            **os.environ,
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "0",
            WAREHOUSE_ENV: ":memory:",
        }
        result = subprocess.run(
            [
                dbt_executable(),
                "parse",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--quiet",
                # no dbt_project/logs/dbt.log: parsing leaves only the manifest behind
                "--log-level-file",
                "none",
                "--log-path",
                str(MANIFEST.parent),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{result.stdout[-4000:]}{result.stderr[-2000:]}")
    return MANIFEST


if __name__ == "__main__":
    print(ensure_manifest(force="--force" in sys.argv))
