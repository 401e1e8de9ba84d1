"""Publish layer: where data leaves. Runs only when every blocking check upstream passed.

Report and export are rendered into a staging folder and renamed into place at the end, so a
reader never sees half a file and a blocked or failed run leaves the last published ones.
"""

import json
import shutil
import time

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from askel.outcome import PublicationRefused, UsageError
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
    "structural_forecast",
    "structural_forecast_accuracy",
    "service_effects",
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


def _last_checks(askel: AskelSettings) -> dict:
    """`askel report` / `askel export` (a run without checks) publish only what the last
    `askel check` or `askel run` passed: its summary, from quality/results.json."""
    results = askel.out_path / "quality" / "results.json"
    try:
        data = json.loads(results.read_text(encoding="utf-8"))
        run = data["run"]
    except (OSError, ValueError, KeyError):
        raise UsageError(f"No check results in {results}; run `askel check` first.") from None
    if not run.get("publishable"):
        raise PublicationRefused(
            f"The last checks did not pass (see {results.with_name('quality.html')}); "
            "nothing was published."
        )
    checks = data.get("checks", [])
    passed = sum(1 for c in checks if c.get("passed"))
    return {"evaluated": len(checks), "passed": passed, "failed": len(checks) - passed}


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
    check_summary = _check_summary(context)
    if not check_summary["evaluated"]:
        check_summary = _last_checks(askel)
    staging = askel.staging_path
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    with askel.connect(read_only=True) as con:
        meta = collect_run_meta(con, askel.config())
        meta["check_summary"] = check_summary
        written = []
        if askel.publish_parts in ("all", "export"):
            written += render_export(con, staging, meta)
        if askel.publish_parts in ("all", "report"):
            written += render_report(con, staging, meta, lang=askel.lang)
    publish(staging, askel.out_path, umask=askel.caller_umask)
    shutil.rmtree(staging, ignore_errors=True)
    askel.progress(f"published {len(written)} files to {askel.out_path}")
    return MaterializeResult(
        metadata={
            "files": [str(p.relative_to(staging)) for p in written],
            "out": str(askel.out_path.resolve()),
            "duration_s": round(time.perf_counter() - started, 3),
        }
    )
