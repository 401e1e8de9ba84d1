"""Publish layer: where data leaves. Runs only when every blocking check upstream passed.

Report and export are rendered into a staging folder and renamed into place at the end, so a
reader never sees half a file and a blocked or failed run leaves the last published ones.
"""

import shutil
import time

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from askel.run_meta import collect_run_meta
from pipelines.resources import AskelSettings

PUBLISHED_MARTS = (
    "esf_indicators",
    "monthly_flows",
    "unemployment_durations",
    "unemployment_durations_summary",
    "service_process",
    "service_gaps_summary",
    "service_outcomes_summary",
    "municipal_subsidy_cost",
)


def _check_summary(context: AssetExecutionContext) -> dict:
    """Counts of this run's check evaluations so far (all upstream of publication)."""
    from dagster import DagsterEventType

    passed = failed = 0
    for entry in context.instance.all_logs(
        context.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
    ):
        evaluation = entry.dagster_event.event_specific_data
        if evaluation.passed:
            passed += 1
        else:
            failed += 1
    return {"evaluated": passed + failed, "passed": passed, "failed": failed}


@asset(
    key=AssetKey(["publish", "outputs"]),
    group_name="publish",
    deps=[AssetKey(["marts", name]) for name in PUBLISHED_MARTS],
    kinds={"html", "pdf", "csv", "xlsx"},
    description="export/esf_indicators.{csv,xlsx,json} and report/indicators.{html,pdf}.",
)
def published_outputs(context: AssetExecutionContext, askel: AskelSettings) -> MaterializeResult:
    from reports import publish, render_export, render_report

    started = time.perf_counter()
    staging = askel.staging_path
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    with askel.connect(read_only=True) as con:
        meta = collect_run_meta(con, askel.config())
        meta["check_summary"] = _check_summary(context)
        written = []
        if askel.publish_parts in ("all", "export"):
            written += render_export(con, staging, meta)
        if askel.publish_parts in ("all", "report"):
            written += render_report(con, staging, meta, lang=askel.lang)
    publish(staging, askel.out_path)
    shutil.rmtree(staging, ignore_errors=True)
    askel.progress(f"published {len(written)} files to {askel.out_path}")
    return MaterializeResult(
        metadata={
            "files": [str(p.relative_to(staging)) for p in written],
            "out": str(askel.out_path.resolve()),
            "duration_s": round(time.perf_counter() - started, 3),
        }
    )
