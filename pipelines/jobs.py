"""Jobs: the full run, and each layer on its own (the steps of `askel run`).

Every job runs in process, one step at a time: DuckDB allows one writer per file and dbt holds
the file while it builds, so steps that write must never overlap.
"""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job, in_process_executor

#: runs that write the warehouse carry this tag; a Dagster instance can queue them one at a
#: time with a tag concurrency limit (README, "Deploying"), rather than failing the second
#: on the warehouse lock
SERIAL_TAGS = {"askel/warehouse": "write"}

INGEST = AssetSelection.groups("ingest")
MODELS = AssetSelection.groups("reference", "staging", "intermediate", "marts")
PUBLISH = AssetSelection.groups("publish")

full_run_job = define_asset_job(
    "askel_run",
    selection=INGEST | MODELS | PUBLISH,
    executor_def=in_process_executor,
    tags=SERIAL_TAGS,
    description="Ingest new extracts, build the models, run every check, publish when all "
    "blocking checks pass.",
)
check_job = define_asset_job(
    "askel_check",
    selection=INGEST | MODELS,
    executor_def=in_process_executor,
    tags=SERIAL_TAGS,
    description="Everything but publication: ingest, build, check.",
)
publish_job = define_asset_job(
    "askel_publish",
    selection=PUBLISH,
    executor_def=in_process_executor,
    tags=SERIAL_TAGS,
    description="Render and publish the report and export from the current warehouse.",
)

all_jobs = [full_run_job, check_job, publish_job]
