"""Modelling layer: the dbt project as Dagster assets (staging, intermediate, marts, reference).

`dbt build` runs models and their tests together, so a failing dbt test at `error` severity
stops the models downstream of it and fails this step; Dagster records every test as an asset
check. The reference day comes from `raw.run_context`, written by the ingest layer.
"""

import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetObservation
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from askel.dbt_manifest import DBT_PROJECT_DIR
from pipelines.resources import AskelSettings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()

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
    os.environ["ASKEL_WAREHOUSE"] = str(askel.warehouse_path.resolve())
    askel.progress(f"dbt build (as_of {as_of})")
    invocation = dbt.cli(["build", "--vars", json.dumps({"as_of": as_of})], context=context)
    yield from invocation.stream()
    # Row counts once dbt has exited: querying while it runs would contend for DuckDB's lock.
    yield from observe_row_counts(askel, as_of)
    askel.progress("dbt build done")


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
