"""The Dagster code location: loads, validates, and runs by itself (schedule and sensor)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster import (
    AssetKey,
    Definitions,
    RunRequest,
    SkipReason,
    build_sensor_context,
)

from askel.synth import generate
from pipelines.automation import landing_sensor
from pipelines.definitions import build_definitions, defs
from pipelines.resources import AskelSettings


def test_the_definitions_load_and_validate():
    Definitions.validate_loadable(defs)


def test_assets_are_grouped_by_layer():
    repo = defs.get_repository_def()
    groups = {node.group_name for node in repo.asset_graph.asset_nodes if not node.is_external}
    assert {"ingest", "reference", "staging", "intermediate", "marts", "publish"} <= groups
    keys = {node.key for node in repo.asset_graph.asset_nodes}
    assert AssetKey(["raw", "te_tyonhakijajaksot"]) in keys
    assert AssetKey(["marts", "monthly_flows"]) in keys
    assert AssetKey(["marts", "esf_indicators"]) in keys


def test_the_full_run_step_jobs_schedule_and_sensor_are_defined():
    for job in ("askel_run", "askel_check", "askel_publish"):
        assert defs.resolve_job_def(job) is not None
    assert defs.resolve_schedule_def("monthly_run").cron_schedule == "0 6 5 * *"
    assert defs.resolve_sensor_def("landing_sensor") is not None


def test_blocking_checks_guard_the_marts_and_the_ledger():
    repo = defs.get_repository_def()
    checks = {key.name: key for key in repo.asset_graph.asset_check_keys}
    assert "ledger_counts_add_up" in checks
    assert "monthly_flows_stock_flow_identity" in checks
    blocking = {
        spec.key.name
        for checks_def in [*defs.asset_checks, *defs.assets]
        for spec in getattr(checks_def, "check_specs", ())
        if spec.blocking
    }
    assert {"ledger_counts_add_up", "monthly_flows_stock_flow_identity"} <= blocking


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    generate(tmp_path / "landing", persons=20, seed=2)
    return tmp_path / "landing"


def _evaluate(landing: Path, cursor: str | None):
    context = build_sensor_context(
        cursor=cursor, resources={"askel": AskelSettings(landing=str(landing))}
    )
    return landing_sensor(context), context


def test_the_sensor_requests_one_run_per_new_file_and_none_for_files_seen(landing: Path):
    files = sorted(p for p in landing.rglob("*") if p.is_file())
    result, context = _evaluate(landing, None)
    requests = [r for r in result if isinstance(r, RunRequest)]
    assert len(requests) == len(files)
    assert len({r.run_key for r in requests}) == len(files)

    again, _ = _evaluate(landing, context.cursor)
    assert isinstance(again, SkipReason)

    new = landing / "te" / "palvelut_20230131.csv"
    new.write_bytes((landing / "te" / "palvelut_20221231.csv").read_bytes() + b"\n")
    third, _ = _evaluate(landing, context.cursor)
    assert [r.tags["askel/file"] for r in third] == [new.name]


def test_a_file_renamed_but_unchanged_is_seen_as_new_content_only_once(landing: Path):
    """The run key is name + content hash: a new name is a new request (ingestion then
    recognises the content and loads nothing twice)."""
    _, context = _evaluate(landing, None)
    source = landing / "te" / "palvelut_20221231.csv"
    source.rename(landing / "te" / "palvelut_20221230.csv")
    result, _ = _evaluate(landing, context.cursor)
    assert [r.tags["askel/file"] for r in result] == ["palvelut_20221230.csv"]


def test_build_definitions_takes_the_run_settings():
    settings = AskelSettings(landing="x", warehouse="y.duckdb", out="z")
    built = build_definitions(settings)
    assert built.resources["askel"].warehouse == "y.duckdb"
