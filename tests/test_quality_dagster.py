"""The checks as Dagster runs them: a failing blocking check (quality or ledger) or a failing
dbt test stops publication; a failing warning does not.

(No `from __future__ import annotations` here: Dagster reads the resource annotations of the
locally defined dbt asset at definition time.)"""

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
from dagster import AssetKey, Definitions, asset, define_asset_job, in_process_executor
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from askel.dbt_manifest import dbt_executable
from pipelines.checks.ledger import ledger_counts_add_up, ledger_mismatches
from pipelines.checks.quality import build_quality_checks
from pipelines.resources import AskelSettings
from tests.support.raw import empty_raw_layer, insert_rows
from tests.test_quality_marts import AS_OF, _create_flows, _rows

PUBLISHED: list[str] = []


@asset(key=AssetKey(["marts", "monthly_flows"]))
def monthly_flows_stub() -> None:
    """Stands for the dbt model: the test has already written the table."""


@asset(key=AssetKey(["raw", "snapshot_selection"]))
def selection_stub() -> None:
    """Stands for the run context: the test has already written the raw layer."""


@asset(key=AssetKey(["raw", "load_ledger"]))
def ledger_stub() -> None:
    """Stands for the run context's ledger output."""


@asset(
    key=AssetKey(["publish", "outputs"]),
    deps=[monthly_flows_stub, selection_stub, ledger_stub],
)
def publish_stub() -> None:
    PUBLISHED.append("published")


def _run(warehouse: Path, checks: list) -> tuple[bool, dict[str, tuple[bool, str]]]:
    """Run stubs + publish + `checks`; return (published?, check -> (passed, severity))."""
    PUBLISHED.clear()
    defs = Definitions(
        assets=[monthly_flows_stub, selection_stub, ledger_stub, publish_stub],
        asset_checks=checks,
        jobs=[define_asset_job("run", executor_def=in_process_executor)],
        resources={"askel": AskelSettings(warehouse=str(warehouse))},
    )
    result = defs.resolve_job_def("run").execute_in_process(raise_on_error=False)
    evaluations = {
        e.check_name: (e.passed, e.severity.value) for e in result.get_asset_check_evaluations()
    }
    return bool(PUBLISHED), evaluations


def _warehouse(tmp_path: Path, *, doctored: bool) -> Path:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(
        con,
        "te/palvelut",
        [{"person_id": "p-a", "palvelu": "VAL", "alkupvm": dt.date(2020, 1, 1)}],
    )
    _create_flows(con, _rows())
    if doctored:
        con.execute(
            "update marts.monthly_flows set unemployed_end = unemployed_end + 1 "
            "where municipality_code = 'ALL' and month = '2022-12-01'"
        )
    con.close()
    return path


FLOW_AND_CROSS = {AssetKey(["marts", "monthly_flows"]), AssetKey(["raw", "snapshot_selection"])}
STEPS = {"quality_monthly_flows", "quality_cross_source", "quality_te_palvelut"}


def test_consistent_marts_are_published(tmp_path: Path) -> None:
    published, evaluations = _run(
        _warehouse(tmp_path, doctored=False), build_quality_checks(FLOW_AND_CROSS, STEPS)
    )
    assert published
    assert evaluations["monthly_flows_stock_flow_identity"] == (True, "ERROR")
    # the raw table checks ran too (on raw/snapshot_selection) and warnings are WARN
    assert evaluations["te_palvelut_codes_in_lists"] == (True, "ERROR")
    assert evaluations["te_palvelut_row_count_band"] == (True, "WARN")


def test_a_doctored_stock_blocks_publication(tmp_path: Path) -> None:
    published, evaluations = _run(
        _warehouse(tmp_path, doctored=True), build_quality_checks(FLOW_AND_CROSS, STEPS)
    )
    assert not published
    assert evaluations["monthly_flows_stock_flow_identity"] == (False, "ERROR")
    assert evaluations["monthly_flows_outflow_split"] == (True, "ERROR")


def test_a_failing_warning_does_not_block_publication(tmp_path: Path) -> None:
    path = _warehouse(tmp_path, doctored=False)
    con = duckdb.connect(str(path))
    # a te service of a person with no jobseeker period at all: a cross-source warning
    insert_rows(
        con,
        "te/palvelut",
        [{"person_id": "p-x", "palvelu": "VAL", "alkupvm": AS_OF}],
        extraction_date=dt.date(2023, 2, 28),
    )
    con.close()
    published, evaluations = _run(path, build_quality_checks(FLOW_AND_CROSS, STEPS))
    assert evaluations["services_before_first_registration"] == (False, "WARN")
    assert published


def test_a_tampered_ledger_fails_the_blocking_ledger_check(tmp_path: Path) -> None:
    path = _warehouse(tmp_path, doctored=False)
    con = duckdb.connect(str(path))
    assert ledger_mismatches(con) == []
    con.execute("update raw.load_ledger set rows_loaded = rows_loaded + 1")
    assert [m["file"] for m in ledger_mismatches(con)] == ["te_palvelut_20230131"]
    con.close()
    published, evaluations = _run(path, [ledger_counts_add_up])
    assert evaluations["ledger_counts_add_up"] == (False, "ERROR")
    assert not published


DBT_PROJECT_YML = """
name: blocking_probe
version: "1.0"
profile: probe
config-version: 2
"""
PROFILES_YML = """
probe:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{path}"
"""
SCHEMA_YML = """
version: 2
models:
  - name: flows
    columns:
      - name: n
        data_tests:
          - accepted_values:
              arguments:
                values: [1]
"""


def test_a_failing_dbt_test_blocks_publication(tmp_path: Path) -> None:
    """dagster-dbt runs `dbt build`; an error-severity test failure fails the step, and the
    assets downstream of the dbt models (publication) do not run."""

    project_dir = tmp_path / "dbt"
    (project_dir / "models").mkdir(parents=True)
    (project_dir / "dbt_project.yml").write_text(DBT_PROJECT_YML)
    (project_dir / "profiles.yml").write_text(PROFILES_YML.format(path=tmp_path / "p.duckdb"))
    (project_dir / "models" / "flows.sql").write_text("select 2 as n")
    (project_dir / "models" / "schema.yml").write_text(SCHEMA_YML)
    project = DbtProject(project_dir=project_dir, profiles_dir=project_dir)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "0")
    cli = DbtCliResource(
        project_dir=project, profiles_dir=str(project_dir), dbt_executable=dbt_executable()
    )
    cli.cli(["parse"], target_path=project_dir / "target").wait()
    manifest = project_dir / "target" / "manifest.json"
    assert json.loads(manifest.read_text())["nodes"]

    @dbt_assets(manifest=manifest)
    def probe_models(context, dbt: DbtCliResource):
        yield from dbt.cli(["build"], context=context).stream()

    published: list[str] = []

    @asset(deps=[AssetKey(["flows"])])
    def publication() -> None:
        published.append("yes")

    defs = Definitions(
        assets=[probe_models, publication],
        jobs=[define_asset_job("run", executor_def=in_process_executor)],
        resources={"dbt": cli},
    )
    result = defs.resolve_job_def("run").execute_in_process(raise_on_error=False)
    assert not result.success
    assert published == []
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [e.asset_key for e in failed] == [AssetKey(["flows"])]

    # dbt did run and build the model: only its failing test stopped publication
    built = [e.asset_key for e in result.get_asset_materialization_events()]
    assert built == [AssetKey(["flows"])]
