"""Modelling layer: the dbt project as Dagster assets (staging, intermediate, marts, reference).

`dbt build` runs models and their tests together, so a failing dbt test at `error` severity
stops the models downstream of it and fails this step; Dagster records every test as an asset
check. The reference day comes from `raw.run_context`, written by the ingest layer.

`@dbt_assets` reads dbt's manifest when this module is imported, so it is prepared here
(`dbt parse`, only when missing or older than the dbt project): the definitions then load on
a clean checkout wherever they load (`dagster dev`, `dagster-webserver`, `dagster-daemon`,
`dagster definitions validate`, tests). A read-only deployment prepares it at build time
(`python -m askel.dbt_manifest`, see README).

Each build writes its artifacts and dbt's own log under the run's output folder
(`OUT/logs/dbt/`), replaced by the next build, never into the source tree. dbt's event lines
go to that log; the run log gets one progress line every few seconds (models and tests done
out of the total).
"""

import contextlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetCheckResult, AssetExecutionContext, AssetKey, AssetObservation, Output
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from askel.dbt_manifest import DBT_PROJECT_DIR, WAREHOUSE_ENV, ensure_manifest
from askel.private_files import make_private
from pipelines.resources import AskelSettings

ensure_manifest()
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
#: seconds between two progress lines of the dbt build
PROGRESS_EVERY_S = 5.0

_FOLDER_GROUPS = {"staging": "staging", "intermediate": "intermediate", "marts": "marts"}


class AskelDbtTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders; marts are keyed `marts/<name>` like their schema."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        for part in fqn[1:-1]:
            if part in _FOLDER_GROUPS:
                return _FOLDER_GROUPS[part]
        return super().get_group_name(dbt_resource_props)

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or "main"
        return AssetKey([schema, dbt_resource_props["name"]])


translator = AskelDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def read_as_of(askel: AskelSettings) -> str:
    with askel.connect(read_only=True) as con:
        row = con.execute("select max(as_of) from raw.run_context").fetchone()
    if row is None or row[0] is None:
        raise RuntimeError("No reference day in raw.run_context: run the ingest layer first.")
    return row[0].isoformat()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    pool="warehouse",
)
def askel_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, askel: AskelSettings
) -> Iterator[Any]:
    as_of = read_as_of(askel)
    target = askel.dbt_target_path
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    progress = BuildProgress(
        askel,
        models=sum(1 for key in context.selected_asset_keys if key.path[0] != "raw"),
        tests=len(context.selected_asset_check_keys),
    )
    askel.progress(
        f"dbt build (as_of {as_of}): {progress.models} models and seeds, {progress.tests} tests"
    )
    try:
        with (
            (target / "events.log").open("w", encoding="utf-8") as events,
            contextlib.redirect_stdout(events),
            progress,
        ):
            with _child_env(
                # dbt's profile finds the warehouse through this variable, which also marks the
                # dbt process as this warehouse's writer (askel/lock.py)
                **{WAREHOUSE_ENV: str(askel.warehouse_path.resolve())},
                DBT_USE_COLORS="false",  # the logs are read as plain text
            ):
                invocation = dbt.cli(
                    ["build", "--vars", json.dumps({"as_of": as_of})],
                    context=context,
                    target_path=target,
                )
            for event in invocation.stream():
                progress.saw(event)
                yield event
    finally:
        _owner_only(target)
    # Row counts once dbt has exited: querying while it runs would contend for DuckDB's lock.
    yield from observe_row_counts(askel, as_of)
    askel.progress(f"dbt build done: {progress.summary()}")


def _owner_only(folder: Path) -> None:
    """dagster-dbt copies dbt's partial-parse file from the project with its mode; the run's
    umask covers everything else. Whatever lands in the target is the owner's alone."""
    for path in folder.rglob("*"):
        make_private(path)


@contextlib.contextmanager
def _child_env(**values: str) -> Iterator[None]:
    """Set variables while dbt's process is started (it copies the environment), and only
    then: this process and its other children must not carry them."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class BuildProgress:
    """Models and tests done out of the total: a line whenever one has been silent for
    PROGRESS_EVERY_S, from a timer thread, so a long model is not a long silence."""

    def __init__(self, askel: AskelSettings, models: int, tests: int) -> None:
        self.askel, self.models, self.tests = askel, models, tests
        self.done_models = self.done_tests = 0
        self.started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="askel-dbt-progress", daemon=True)

    def saw(self, event: object) -> None:
        if isinstance(event, Output):
            self.done_models += 1
        elif isinstance(event, AssetCheckResult):
            self.done_tests += 1

    def summary(self) -> str:
        return (
            f"{self.done_models} of {self.models} models, {self.done_tests} of {self.tests} "
            f"tests ({time.perf_counter() - self.started:.0f} s)"
        )

    def _tick(self) -> None:
        while not self._stop.wait(PROGRESS_EVERY_S):
            self.askel.progress(f"dbt build: {self.summary()}")

    def __enter__(self) -> "BuildProgress":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def observe_row_counts(askel: AskelSettings, as_of: str) -> Iterator[AssetObservation]:
    with askel.connect(read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('intermediate', 'marts') and table_type = 'BASE TABLE' "
            "order by 1, 2"
        ).fetchall()
        counts = {
            (schema, name): con.execute(f'select count(*) from "{schema}"."{name}"').fetchall()[0][
                0
            ]
            for schema, name in tables
        }
    for (schema, name), rows in counts.items():
        yield AssetObservation(
            asset_key=AssetKey([schema, name]), metadata={"rows": rows, "as_of": as_of}
        )
