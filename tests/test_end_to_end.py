"""The whole pipeline through `askel`, as a data engineer runs it: generate, run, inspect.

These tests are the slowest of the suite (each run is a real Dagster job with a real dbt
build), so one clean run and one run on defective extracts are shared by the module.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest
from dagster import AssetKey, AssetSelection, define_asset_job, in_process_executor

from askel.cli import main
from askel.synth import generate
from quality.check_text import NOT_COUNTS, check_text, count_label
from tests.support.browser import layout, screenshot

PERSONS = 150
CODE_PATTERN = re.compile(rb"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]")


def _askel(*args: str) -> int:
    return main([*args, "--quiet"])


DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"


def _source_tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("clean")
    generate(base / "landing", persons=PERSONS, seed=11)
    from askel.dbt_manifest import ensure_manifest

    ensure_manifest()
    (base / "dbt_project_before.json").write_text(json.dumps(_source_tree(DBT_PROJECT)))
    code = _askel(
        "run",
        "--landing",
        str(base / "landing"),
        "--warehouse",
        str(base / "w.duckdb"),
        "--out",
        str(base / "out"),
    )
    assert code == 0, (base / "out" / "run.json").read_text()
    return base


def _identity_codes(landing: Path) -> set[str]:
    """Every identity code in the landing folder (CSV text and the workbooks' cells)."""
    codes: set[str] = set()
    for path in landing.rglob("*"):
        if path.suffix == ".csv":
            codes |= {m.decode() for m in CODE_PATTERN.findall(path.read_bytes().upper())}
        elif path.suffix == ".xlsx":
            try:
                frame = pl.read_excel(path, sheet_name="osallistujat", infer_schema_length=0)
            except Exception:  # the deliberately broken workbook of a defects run
                continue
            for column in frame.columns:
                for value in frame[column].cast(pl.Utf8).drop_nulls().to_list():
                    codes |= {m.decode() for m in CODE_PATTERN.findall(value.upper().encode())}
    return codes


def _table_fingerprints(warehouse: Path) -> dict[str, tuple[int, int]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema <> 'main' order by 1, 2"
        ).fetchall():
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ? and column_name not in "
                    "('loaded_at', 'load_seconds')",
                    [schema, name],
                ).fetchall()
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            out[f"{schema}.{name}"] = con.execute(
                f'select count(*), coalesce(sum(hash(({select}))), 0) from "{schema}"."{name}"'
            ).fetchone()
        return out
    finally:
        con.close()


def test_a_clean_run_publishes_every_output_of_the_interface(clean: Path):
    out = clean / "out"
    for relative in (
        "export/esf_indicators.csv",
        "export/esf_indicators.xlsx",
        "export/esf_indicators.json",
        "report/indicators.html",
        "report/indicators.pdf",
        "quality/quality.html",
        "quality/results.json",
        "quality/findings.csv",
        "run.json",
    ):
        assert (out / relative).is_file(), relative
    run = json.loads((out / "run.json").read_text())
    assert run["exit_code"] == 0
    steps = {"raw__te_tyonhakijajaksot", "askel_dbt_models", "publish__outputs"}
    assert steps <= set(run["step_seconds"]) and steps <= set(run["step_peak_memory_mib"])
    # dbt runs as a child process: its memory counts in the step that runs it
    assert run["step_peak_memory_mib"]["askel_dbt_models"] > 100
    assert all(f["sha256"] for f in run["files_read"])
    assert run["tables_written"]["marts.monthly_flows"] > 0
    results = json.loads((out / "quality" / "results.json").read_text())
    assert results["run"]["publishable"] is True and results["run"]["published"] is True
    assert results["summary"]["failed_blocking"] == 0


def test_clean_extracts_give_no_findings(clean: Path):
    findings = (clean / "out" / "quality" / "findings.csv").read_text().splitlines()
    assert findings == ["file,row,source,kind,action,detail"]


def test_the_marts_exist_and_hold_rows(clean: Path):
    con = duckdb.connect(str(clean / "w.duckdb"), read_only=True)
    try:
        for mart in ("monthly_flows", "unemployment_durations", "esf_indicators"):
            assert con.execute(f"select count(*) from marts.{mart}").fetchone()[0] > 0, mart
        projects = con.execute(
            "select distinct project_code from marts.esf_indicators order by 1"
        ).fetchall()
        assert projects == [("S21001",), ("S21002",)]
    finally:
        con.close()


def test_no_identity_code_is_anywhere_in_the_warehouse_or_the_outputs(clean: Path):
    codes = _identity_codes(clean / "landing")
    assert len(codes) >= PERSONS // 2  # the search below is not vacuous
    needles = {c.encode() for c in codes} | {(c[:6] + c[7:]).encode() for c in codes}
    files = [clean / "w.duckdb", *(p for p in (clean / "out").rglob("*") if p.is_file())]
    for path in files:
        data = path.read_bytes().upper()
        leaked = [n for n in needles if n in data]
        assert not leaked, f"{len(leaked)} identity codes found in {path.name}"
    con = duckdb.connect(str(clean / "w.duckdb"), read_only=True)
    try:
        text_columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR' "
            "and table_schema not in ('information_schema', 'pg_catalog')"
        ).fetchall()
        con.execute("create temp table needles (code varchar)")
        con.executemany("insert into needles values (?)", [[c] for c in codes])
        for schema, table, column in text_columns:
            hits = con.execute(
                f'select count(*) from "{schema}"."{table}" t join needles n '
                f'on strpos(upper(t."{column}"), n.code) > 0'
            ).fetchone()[0]
            assert hits == 0, f"identity codes in {schema}.{table}.{column}"
    finally:
        con.close()


def test_running_again_on_the_same_landing_folder_changes_no_table(clean: Path, tmp_path: Path):
    before = _table_fingerprints(clean / "w.duckdb")
    out = tmp_path / "again"
    code = _askel(
        "run",
        "--landing",
        str(clean / "landing"),
        "--warehouse",
        str(clean / "w.duckdb"),
        "--out",
        str(out),
    )
    assert code == 0
    assert _table_fingerprints(clean / "w.duckdb") == before
    first = (clean / "out" / "export" / "esf_indicators.csv").read_bytes()
    assert (out / "export" / "esf_indicators.csv").read_bytes() == first


def test_a_doctored_stock_blocks_publication_and_keeps_the_published_outputs(
    clean: Path, tmp_path: Path
):
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(clean / "w.duckdb", warehouse)
    out = tmp_path / "out"
    shutil.copytree(clean / "out", out)
    published = (out / "export" / "esf_indicators.csv").read_bytes()
    con = duckdb.connect(str(warehouse))
    con.execute(
        "update marts.monthly_flows set unemployed_end = unemployed_end + 1 "
        "where municipality_code = 'ALL' and month = (select min(month) + interval 3 month "
        "from marts.monthly_flows)"
    )
    con.close()
    # the mart's checks, then publication, on the doctored warehouse (as in a run after dbt)
    result = _checks_then_publish(clean / "landing", warehouse, out)
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations, "no check ran"
    assert not all(evaluations.values())
    published_keys = {e.asset_key for e in result.get_asset_materialization_events()}
    assert AssetKey(["publish", "outputs"]) not in published_keys
    assert (out / "export" / "esf_indicators.csv").read_bytes() == published


def _checks_then_publish(landing: Path, warehouse: Path, out: Path):
    from pipelines.definitions import build_definitions
    from pipelines.resources import AskelSettings

    job = define_asset_job(
        "checks_then_publish",
        selection=AssetSelection.checks_for_assets(AssetKey(["marts", "monthly_flows"]))
        | AssetSelection.assets(AssetKey(["publish", "outputs"])),
        executor_def=in_process_executor,
    )
    settings = AskelSettings(landing=str(landing), warehouse=str(warehouse), out=str(out))
    defs = build_definitions(settings, extra_jobs=[job])
    return defs.resolve_job_def("checks_then_publish").execute_in_process(raise_on_error=False)


def test_the_checks_then_publish_path_publishes_an_untouched_warehouse(clean: Path, tmp_path: Path):
    """The counterpart of the doctored-stock test: the same path does publish clean marts."""
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(clean / "w.duckdb", warehouse)
    result = _checks_then_publish(clean / "landing", warehouse, tmp_path / "out")
    assert all(e.passed for e in result.get_asset_check_evaluations())
    assert AssetKey(["publish", "outputs"]) in {
        e.asset_key for e in result.get_asset_materialization_events()
    }
    assert (tmp_path / "out" / "export" / "esf_indicators.csv").is_file()


def test_the_published_workbook_states_the_run_and_holds_the_csv_rows(clean: Path):
    """The funder workbook of a real run, read back cell by cell against the CSV and the
    quality results of the same run."""
    out = clean / "out"
    book = openpyxl.load_workbook(out / "export" / "esf_indicators.xlsx")
    results = json.loads((out / "quality" / "results.json").read_text())
    run = {r[0]: r[1] for r in book["Ajo - Run"].iter_rows(values_only=True) if r[0]}
    as_of = dt.datetime.fromisoformat(results["run"]["as_of"])
    assert run["Tilannepäivä (as_of) / Reference day (as_of)"] == as_of
    evaluated = run["Tarkistuksia / Checks evaluated"]
    passed, failed = run["Läpäistyjä / Checks passed"], run["Epäonnistuneita / Checks failed"]
    assert all(isinstance(n, int) for n in (evaluated, passed, failed))
    assert evaluated == passed + failed
    # counted when publishing: every check upstream of it; a published run failed no blocking one
    assert 0 < evaluated <= results["summary"]["total"]
    assert failed <= results["summary"]["failed_warning"]
    sheet_rows = list(book["Ajo - Run"].iter_rows(values_only=True))
    head = sheet_rows.index(
        ("Lähde / Source", "Tiedosto / File", "Poimintapäivä / Extraction date", "SHA-256")
    )
    snapshots = sheet_rows[head + 1 :]
    assert {r[0] for r in snapshots} >= {"te/tyonhakijajaksot", "esf/osallistujat"}
    assert all(
        isinstance(r[2], dt.datetime) and re.fullmatch("[0-9a-f]{64}", r[3]) for r in snapshots
    )
    csv_rows = list(csv.DictReader((out / "export" / "esf_indicators.csv").open(encoding="utf-8")))
    for project in ("S21001", "S21002"):
        rows = list(book[project].iter_rows(values_only=True))
        assert rows[2][:2] == ("Hanke / Project", project)
        top = next(
            i
            for i, r in enumerate(rows)
            if r[0] == "Hanke / Project" and r[1] == "Indikaattori / Indicator"
        )
        expected = [
            (
                r["project_code"],
                r["indicator_code"],
                r["indicator_name"],
                int(r["period"]) if r["period"].isdigit() else "Kertymä / Cumulative",
                *(int(r[k]) if r[k] else None for k in ("men", "women", "total")),
                "Laskettu / Computed" if r["status"] == "ok" else "Ei saatavilla / Not available",
                r["note"] or None,
            )
            for r in csv_rows
            if r["project_code"] == project
        ]
        assert rows[top + 1 :] == expected


def test_the_quality_report_of_a_real_run_titles_every_check_and_fits_the_screen(
    clean: Path, tmp_path: Path
):
    out = clean / "out"
    results = json.loads((out / "quality" / "results.json").read_text())
    checks = results["checks"]
    assert len(checks) > 300
    for check in checks:
        text = check_text({"name": check["name"]}, "fi")
        assert text.known, check["name"]
        assert check["title"] == text.title
        for key in check["counts"]:
            assert key in NOT_COUNTS or count_label(key, "fi")[2], (check["name"], key)
    page = out / "quality" / "quality.html"
    html = page.read_text("utf-8")
    assert '<html lang="fi">' in html
    assert "dagster_dbt/failed_row_count" not in html and "published: True" not in html
    shot = screenshot(page, tmp_path / "quality.png", 1280, 1600)
    assert shot.stat().st_size > 10_000
    seen = layout(page, 1280)
    assert seen["scrollWidth"] <= seen["viewport"] == 1280
    assert seen["overflowing"] == [], seen["overflowing"][:3]
    assert len(seen["rows"]) == len(checks)
    assert seen["header"].splitlines()[:2] == [
        "Laaduntarkistukset",
        "Kaikki estävät tarkistukset läpäistiin; raportti ja vienti julkaistiin.",
    ]
    for row in seen["rows"]:
        assert row["title"] and row["title"] != row["machine"].replace("\n", "")
        assert row["cells"][-1]["right"] <= 1280


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    base = tmp_path_factory.mktemp("dirty")
    generate(base / "landing", persons=PERSONS, seed=5, defects=0.01)
    code = _askel(
        "run",
        "--landing",
        str(base / "landing"),
        "--warehouse",
        str(base / "w.duckdb"),
        "--out",
        str(base / "out"),
    )
    return base, code


def test_every_injected_defect_is_found_with_its_file_row_and_kind(dirty: tuple[Path, int]):
    base, _ = dirty
    injected = json.loads((base / "landing" / "defects.json").read_text())
    found = pl.read_csv(base / "out" / "quality" / "findings.csv", infer_schema_length=0)
    found_keys = sorted(
        (f, int(r) if r else None, k)
        for f, r, k in zip(found["file"], found["row"], found["kind"], strict=True)
    )
    injected_keys = sorted((d["file"], d["row"], d["kind"]) for d in injected)
    assert {k for _, _, k in injected_keys} >= {
        "invalid_hetu",
        "bad_date",
        "end_before_start",
        "unknown_code",
        "duplicate",
        "overlap",
        "out_of_project",
        "truncated_row",
        "bad_encoding",
        "missing_column",
        "not_a_workbook",
    }
    assert found_keys == injected_keys  # recall 100 % and no false alarm


def test_a_rejected_file_gives_exit_3_and_publishes_nothing(dirty: tuple[Path, int]):
    base, code = dirty
    assert code == 3
    run = json.loads((base / "out" / "run.json").read_text())
    # the message names each rejected file and why (the ledger's reason)
    assert "tyonhakijajaksot" in run["message"] and "is not UTF-8 text" in run["message"]
    assert "osallistujat" in run["message"] and "not an Excel workbook" in run["message"]
    assert not (base / "out" / "export").exists()
    assert not (base / "out" / "report").exists()
    assert (base / "out" / "quality" / "quality.html").is_file()


def test_the_quality_report_of_a_blocked_run_puts_the_failures_first(
    dirty: tuple[Path, int], tmp_path: Path
):
    base, _ = dirty
    page = base / "out" / "quality" / "quality.html"
    seen = layout(page, 1280)
    assert seen["overflowing"] == [], seen["overflowing"][:3]
    assert seen["header"].splitlines()[1].endswith("epäonnistui; mitään ei julkaistu.")
    assert "Julkaistu: ei" in seen["header"]
    first = seen["rows"][0]
    assert first["title"] == "Yhtään tiedostoa ei hylätty"
    assert "epäonnistui" in first["cells"][2]["text"]
    assert re.fullmatch(r"kokonaan hylättyjä tiedostoja: [1-9]\d*", first["cells"][3]["text"])
    assert "osallistujat_20220930.xlsx" in first["examples"]
    screenshot(page, tmp_path / "blocked.png", 1280, 1200)


def test_a_run_killed_mid_way_then_rerun_gives_the_same_marts(clean: Path, tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    cmd = [
        sys.executable,
        "-m",
        "askel.cli",
        "run",
        "--landing",
        str(clean / "landing"),
        "--warehouse",
        str(warehouse),
        "--out",
        str(tmp_path / "out"),
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill -9 once the dbt build has started writing (or after 40 s at most)
    log = tmp_path / "out" / "logs" / "dbt" / "events.log"
    for _ in range(400):
        if log.exists() and "START" in log.read_text(errors="replace"):
            break
        if proc.poll() is not None:
            break
        subprocess.run(["sleep", "0.1"], check=True)
    proc.kill()  # SIGKILL: no clean-up runs; its dbt child, if any, is left running
    proc.wait()
    assert main([*cmd[3:]]) == 0  # stops the orphan, then completes normally
    expected = {
        k: v for k, v in _table_fingerprints(clean / "w.duckdb").items() if k.startswith("marts.")
    }
    actual = {k: v for k, v in _table_fingerprints(warehouse).items() if k.startswith("marts.")}
    assert actual == expected


def test_as_of_rebuilds_an_earlier_report_exactly_as_it_was(clean: Path, tmp_path: Path):
    """--as-of on a warehouse that has seen newer snapshots gives the export of a run that only
    ever saw the files extracted on or before that day."""
    as_of = "2022-11-30"
    earlier = tmp_path / "earlier_landing"
    for path in (clean / "landing").rglob("*"):
        if not path.is_file():
            continue
        stamp = path.stem.rsplit("_", 1)[-1]
        if (len(stamp) == 8 and stamp <= "20221130") or (len(stamp) == 6 and stamp <= "202211"):
            target = earlier / path.relative_to(clean / "landing")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    assert (
        _askel(
            "run",
            "--landing",
            str(earlier),
            "--warehouse",
            str(tmp_path / "then.duckdb"),
            "--out",
            str(tmp_path / "then"),
        )
        == 0
    )
    warehouse = tmp_path / "now.duckdb"
    shutil.copy(clean / "w.duckdb", warehouse)
    assert (
        _askel(
            "run",
            "--landing",
            str(clean / "landing"),
            "--warehouse",
            str(warehouse),
            "--out",
            str(tmp_path / "rebuilt"),
            "--as-of",
            as_of,
        )
        == 0
    )
    then = (tmp_path / "then" / "export" / "esf_indicators.csv").read_bytes()
    rebuilt = (tmp_path / "rebuilt" / "export" / "esf_indicators.csv").read_bytes()
    assert rebuilt == then
    marts_then = {
        k: v
        for k, v in _table_fingerprints(tmp_path / "then.duckdb").items()
        if k.startswith("marts.")
    }
    marts_rebuilt = {
        k: v for k, v in _table_fingerprints(warehouse).items() if k.startswith("marts.")
    }
    assert marts_rebuilt == marts_then
    run = json.loads((tmp_path / "rebuilt" / "run.json").read_text())
    assert run["as_of"] == as_of


def test_the_job_run_through_dagster_writes_what_askel_run_writes(clean: Path, tmp_path: Path):
    """`dagster job execute` (settings from the environment, as the UI, the schedule and the
    sensor have them) leaves the same export, report, quality report, results.json and
    run.json as `askel run` on the same landing folder."""
    env = {
        **os.environ,
        "ASKEL_LANDING": str(clean / "landing"),
        "ASKEL_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "ASKEL_OUT": str(tmp_path / "out"),
    }
    env.pop("DAGSTER_HOME", None)
    dagster = Path(sys.executable).with_name("dagster")
    result = subprocess.run(
        [str(dagster), "job", "execute", "-m", "pipelines.definitions", "-j", "askel_run"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    cli, job = clean / "out", tmp_path / "out"
    for relative in ("export/esf_indicators.csv", "quality/findings.csv"):
        assert (job / relative).read_bytes() == (cli / relative).read_bytes(), relative
    for relative in (
        "export/esf_indicators.xlsx",
        "report/indicators.html",
        "report/indicators.pdf",
    ):
        assert (job / relative).is_file(), relative
    assert "<html" in (job / "quality" / "quality.html").read_text()
    results = {
        name: json.loads((folder / "quality" / "results.json").read_text())
        for name, folder in (("cli", cli), ("job", job))
    }
    assert [(c["name"], c["passed"]) for c in results["job"]["checks"]] == [
        (c["name"], c["passed"]) for c in results["cli"]["checks"]
    ]
    assert results["job"]["run"]["published"] is True
    runs = {n: json.loads((f / "run.json").read_text()) for n, f in (("cli", cli), ("job", job))}
    assert runs["job"]["exit_code"] == runs["cli"]["exit_code"] == 0
    assert (runs["job"]["command"], runs["job"]["job"]) == ("run", "askel_run")
    assert set(runs["job"]["step_seconds"]) == set(runs["cli"]["step_seconds"])
    assert runs["job"]["as_of"] == runs["cli"]["as_of"]
    assert runs["job"]["files_read"] == runs["cli"]["files_read"]


def test_a_run_keeps_its_files_owner_only_and_publishes_with_the_callers_umask(clean: Path):
    umask = os.umask(0o022)
    os.umask(umask)
    out = clean / "out"

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(clean / "w.duckdb") == 0o600
    for folder in (out / "logs", out / "logs" / "dbt", out / "quality"):
        assert mode(folder) == 0o700, folder
        for path in folder.rglob("*"):
            assert mode(path) & 0o077 == 0, path
    assert mode(out / "run.json") == 0o600
    for relative in ("export/esf_indicators.csv", "report/indicators.html"):
        assert mode(out / relative) == 0o666 & ~umask, relative


def test_progress_reaches_the_run_log_with_dbt_counts_and_no_colour_codes(clean: Path):
    logs = sorted((clean / "out" / "logs").glob("run-*.log"))
    assert len(logs) >= 1
    text = logs[-1].read_text()
    assert "ingest te/tyonhakijajaksot" in text
    assert re.search(r"dbt build done: (\d+) of \1 models, (\d+) of \2 tests", text)
    assert "askel_run finished: exit status 0" in text
    for path in (clean / "out" / "logs").rglob("*.log"):
        assert "\x1b[" not in path.read_text(errors="replace"), path
    run = json.loads((clean / "out" / "run.json").read_text())
    assert run["log"] == str(logs[-1])


def test_a_run_writes_nothing_into_the_source_tree(clean: Path):
    """dbt's target and logs live under the run's output folder: a read-only deployment works
    and nothing grows with every run."""
    before = json.loads((clean / "dbt_project_before.json").read_text())
    assert _source_tree(DBT_PROJECT) == before
    assert (clean / "out" / "logs" / "dbt" / "run_results.json").is_file()


def _run_to_stderr(*args: str) -> subprocess.CompletedProcess[str]:
    """`askel` as cron runs it: stderr is a pipe, not a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "askel.cli", *args], capture_output=True, text=True, check=False
    )


def test_an_empty_landing_folder_publishes_nothing_and_exits_3_naming_what_is_missing(
    tmp_path: Path,
):
    (tmp_path / "landing").mkdir()
    result = _run_to_stderr(
        "run",
        "--landing",
        str(tmp_path / "landing"),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 3, result.stderr
    # progress lines reach stderr though it is not a terminal
    assert "askel_run started" in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("askel: No usable snapshot of te/tyonhakijajaksot, te/palvelut, ")
    assert "esf/osallistujat" in last and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "export").exists()
    assert not (tmp_path / "out" / "report").exists()
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["exit_code"] == 3
    results = json.loads((tmp_path / "out" / "quality" / "results.json").read_text())
    assert results["run"]["published"] is False


def test_an_as_of_before_every_snapshot_publishes_nothing_and_exits_3(clean: Path, tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(clean / "w.duckdb", warehouse)
    code = _askel(
        "run",
        "--landing",
        str(clean / "landing"),
        "--warehouse",
        str(warehouse),
        "--out",
        str(tmp_path / "out"),
        "--as-of",
        "2018-12-31",
    )
    assert code == 3
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert "on or before --as-of 2018-12-31" in run["message"]
    assert not (tmp_path / "out" / "export").exists()
