"""The Dagster code location: `dagster dev` from the project root loads this module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource

from askel.dbt_manifest import dbt_executable
from pipelines.assets.dbt import askel_dbt_models, dbt_project
from pipelines.assets.ingest import raw_source_assets, run_context
from pipelines.assets.publish import published_outputs
from pipelines.automation import landing_sensor, monthly_schedule
from pipelines.checks import all_checks
from pipelines.jobs import all_jobs
from pipelines.resources import AskelSettings


def build_definitions(
    settings: AskelSettings | None = None, extra_jobs: Sequence[Any] = ()
) -> Definitions:
    """Definitions with the given settings (the CLI's) or those of the environment."""
    return Definitions(
        assets=[*raw_source_assets, run_context, askel_dbt_models, published_outputs],
        asset_checks=all_checks,
        jobs=[*all_jobs, *extra_jobs],
        # every job, the UI's ad-hoc materialisations included, runs one step at a time:
        # DuckDB allows one writer per file (the assets also share the pool "warehouse")
        executor=in_process_executor,
        schedules=[monthly_schedule],
        sensors=[landing_sensor],
        resources={
            "askel": settings or AskelSettings.from_env(),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        },
    )


defs = build_definitions()
