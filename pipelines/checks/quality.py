"""The data-quality checks of `quality/` as Dagster asset checks: one multi-asset check per
step (a raw table, the cross-source reconciliations, a mart), so that the checks of one table
share one read-only connection and one scan.

Blocking checks carry `blocking=True` and fail at `ERROR` severity: Dagster then skips
everything downstream of their asset, publication included. Warnings fail at `WARN` and never
stop the run. The reason for each severity is in `quality/registry.py` and in the metadata.
A check that raises is reported as failed (at its own severity), never silently skipped.
"""

import json
import time
from collections.abc import Iterator

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    multi_asset_check,
)

from pipelines.resources import AskelSettings
from quality import CheckOutcome, QualityCheck, steps
from quality.gx_runner import prewarm


def _key(check: QualityCheck) -> AssetCheckKey:
    return AssetCheckKey(AssetKey(list(check.asset)), check.name)


def example_text(example: dict) -> str:
    """One example as a readable line ("person_id 1f3a..., file_name x.csv, row_number 8")."""
    return ", ".join(f"{k} {v}" for k, v in example.items())


def to_result(check: QualityCheck, outcome: CheckOutcome, seconds: float) -> AssetCheckResult:
    """The Dagster result of one outcome.

    The quality report (reports/quality_report.py) takes every numeric metadata value as a
    count and `examples` as a list of lines, so each count is also its own numeric entry;
    `counts` (JSON) and `expectations` (the GX results) keep the full detail for machines.
    """
    blocking = check.severity == "blocking"
    numeric = {
        k: (MetadataValue.float(float(v)) if isinstance(v, float) else MetadataValue.int(v))
        for k, v in outcome.counts.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    return AssetCheckResult(
        check_name=check.name,
        asset_key=AssetKey(list(check.asset)),
        passed=outcome.passed,
        severity=AssetCheckSeverity.ERROR if blocking else AssetCheckSeverity.WARN,
        description=f"{check.description} Result: {outcome.summary}. "
        f"({check.severity}: {check.why})",
        metadata={
            **numeric,
            "counts": MetadataValue.json(outcome.counts),
            "examples": MetadataValue.json([example_text(e) for e in outcome.examples]),
            "expectations": MetadataValue.json(outcome.expectations),
            "severity_reason": MetadataValue.text(check.why),
            "seconds": MetadataValue.float(round(seconds, 3)),
        },
    )


def _run_one(check: QualityCheck, con, cache: dict) -> AssetCheckResult:
    started = time.perf_counter()
    try:
        outcome = check.evaluate(con, cache)
    except Exception as error:
        outcome = CheckOutcome(
            passed=False,
            counts={"error": type(error).__name__},
            summary=f"the check could not run: {str(error).splitlines()[0][:300]}",
        )
    return to_result(check, outcome, time.perf_counter() - started)


def _step_check(step: str, checks: list[QualityCheck]):
    specs = [
        AssetCheckSpec(
            c.name,
            asset=AssetKey(list(c.asset)),
            description=c.description,
            blocking=c.severity == "blocking",
            metadata={"severity": c.severity, "severity_reason": c.why},
        )
        for c in checks
    ]

    @multi_asset_check(specs=specs, name=step, can_subset=True)
    def _run(
        context: AssetCheckExecutionContext, askel: AskelSettings
    ) -> Iterator[AssetCheckResult]:
        selected = context.selected_asset_check_keys
        started = time.perf_counter()
        with askel.connect(read_only=True) as con:
            cache: dict = {}
            for check in checks:
                if _key(check) in selected:
                    yield _run_one(check, con, cache)
        askel.progress(
            f"checks {step.removeprefix('quality_')}: {time.perf_counter() - started:.1f} s"
        )

    return _run


def build_quality_checks(
    defined_assets: set[AssetKey] | None = None, only_steps: set[str] | None = None
) -> list:
    """One multi-asset check per step; with `defined_assets`, checks of assets that are not
    defined (a mart not modelled yet) are left out rather than breaking the definitions;
    `only_steps` keeps the named steps only (tests)."""
    out = []
    for step, checks in steps().items():
        if only_steps is not None and step not in only_steps:
            continue
        kept = [
            c for c in checks if defined_assets is None or AssetKey(list(c.asset)) in defined_assets
        ]
        if kept:
            out.append(_step_check(step, kept))
    return out


def _defined_assets() -> set[AssetKey]:
    """The dbt models of the manifest, keyed as `pipelines.assets.dbt` keys them
    (`<schema>/<name>`), plus the raw-layer assets (always defined by the ingest layer).
    Read from manifest.json so that this module does not import the dbt assets."""
    from askel.dbt_manifest import MANIFEST, ensure_manifest

    keys = {AssetKey(["raw", "snapshot_selection"])}
    ensure_manifest()
    nodes = json.loads(MANIFEST.read_text(encoding="utf-8")).get("nodes", {})
    for node in nodes.values():
        if node.get("resource_type") == "model":
            schema = node.get("config", {}).get("schema") or "main"
            keys.add(AssetKey([schema, node["name"]]))
    return keys


quality_checks = build_quality_checks(_defined_assets())
# GX takes seconds to import: start it now, in the background, so that it overlaps ingestion
# and dbt (which runs as a subprocess) instead of delaying the first check
prewarm()
