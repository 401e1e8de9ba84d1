"""The Dagster code location: loads, validates, and runs by itself (schedule and sensor)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    with build_sensor_context(
        cursor=cursor, resources={"askel": AskelSettings(landing=str(landing))}
    ) as context:
        return landing_sensor(context), context


def test_a_drop_of_five_files_starts_one_run_and_files_seen_start_none(landing: Path):
    _, context = _evaluate(landing, None)
    drop = [
        "te/tyonhakijajaksot_20230131.csv",
        "te/palvelut_20230131.csv",
        "kunta/palvelut_20230131.csv",
        "esf/osallistujat_20230131.xlsx",
        "tulorekisteri/palvelussuhteet_20230131.csv",
    ]
    for name in drop:
        older = sorted((landing / name).parent.glob(name.split("_")[0].split("/")[1] + "_*"))[-1]
        (landing / name).write_bytes(older.read_bytes())
    result, after = _evaluate(landing, context.cursor)
    assert isinstance(result, RunRequest)
    assert result.tags["askel/new_files"] == "5"

    again, _ = _evaluate(landing, after.cursor)
    assert isinstance(again, SkipReason)


def test_the_sensor_never_reads_a_file_only_its_name_size_and_time(
    landing: Path, monkeypatch: pytest.MonkeyPatch
):
    def no_reading(*args, **kwargs):
        raise AssertionError("the sensor opened a file")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_text", no_reading)
    first, context = _evaluate(landing, None)
    assert isinstance(first, RunRequest)
    assert int(first.tags["askel/new_files"]) == len([p for p in landing.rglob("*") if p.is_file()])
    # a file touched (new modification time) is new again; an untouched one is not
    touched = landing / "te" / "palvelut_20221231.csv"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    second, _ = _evaluate(landing, context.cursor)
    assert isinstance(second, RunRequest)
    assert second.tags["askel/new_files"] == "1"
    assert second.tags["askel/files"] == "te/palvelut_20221231.csv"


def test_two_ticks_over_the_same_new_files_share_one_run_key(landing: Path):
    """Dagster drops a second request with a run key it has seen: a cursor lost between two
    ticks cannot start the same run twice."""
    first, _ = _evaluate(landing, None)
    second, _ = _evaluate(landing, None)
    assert first.run_key == second.run_key


def test_build_definitions_takes_the_run_settings():
    settings = AskelSettings(landing="x", warehouse="y.duckdb", out="z")
    built = build_definitions(settings)
    assert built.resources["askel"].warehouse == "y.duckdb"


def test_the_definitions_validate_on_a_clean_checkout_without_a_manifest(tmp_path: Path):
    """`dagster definitions validate` (and so `dagster-webserver`, `dagster-daemon`) on a
    checkout where dbt has never run: the manifest is prepared when the definitions load."""
    root = Path(__file__).resolve().parents[1]
    for name in ("askel", "pipelines", "quality", "reports"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "pyproject.toml", tmp_path)
    dbt_source = root / "dbt_project"
    for name in ("dbt_project.yml", "profiles.yml"):
        (tmp_path / "dbt_project").mkdir(exist_ok=True)
        shutil.copy(dbt_source / name, tmp_path / "dbt_project" / name)
    for name in ("macros", "models", "seeds", "tests"):
        shutil.copytree(dbt_source / name, tmp_path / "dbt_project" / name)
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["PYTHONPATH"] = str(tmp_path)  # the copy, not the installed tree
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dagster")),
            "definitions",
            "validate",
            "-m",
            "pipelines.definitions",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Validation successful" in result.stdout + result.stderr
    assert (tmp_path / "dbt_project" / "target" / "manifest.json").is_file()
