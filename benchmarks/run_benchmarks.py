"""The national-scale benchmark (issue 9), run on demand:

    .venv/bin/python benchmarks/run_benchmarks.py [--sizes 10000 100000 1000000]

For each size (fixed seed): generate the area (with `--effect`, planted service effects, as
`askel generate --effect`), run `askel run` on it, and record wall time and peak memory per step
(from run.json), plus the floor: DuckDB alone loading the same CSV files
with `read_csv` into `CREATE TABLE`. Results, with the machine's description, are appended to
`benchmarks/RESULTS.md`. Nothing here runs in the test suite: timing belongs here, not in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
ASKEL = [sys.executable, "-m", "askel.cli"]


#: The ESF workbook is ingested too, but DuckDB cannot read .xlsx here, so the floor (CSV
#: only) has no counterpart for it: the like-for-like ratio leaves this step out.
WORKBOOK_STEP = "raw__esf_osallistujat"

#: Ledger checks run as steps of their own, named after the asset they check.
_LEDGER_CHECK_STEPS = ("raw__load_ledger_", "raw__snapshot_selection_")


def _phase_of(step: str) -> str:
    if step.startswith("quality_") or step.startswith(_LEDGER_CHECK_STEPS):
        return "checks"
    if step.startswith("raw__") or step == "run_context":
        return "ingest"
    if step == "askel_dbt_models":
        return "dbt build"
    return "report" if step.startswith("publish__") else "other"


#: The phases the issue asks for (`_phase_of` maps each Dagster step to one).
PHASES = ("ingest", "dbt build", "checks", "report")


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, list[tuple[float, float]], int]:
    """(wall seconds, samples of (Unix time, RSS MiB of the process tree), exit code)."""
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples: list[tuple[float, float]] = []
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            rss = sum(p.memory_info().rss for p in tree if p.is_running())
            samples.append((time.time(), rss / 2**20))
        except psutil.Error:
            pass
        time.sleep(0.1)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        print(stderr[-3000:], file=sys.stderr)
    return time.perf_counter() - t0, samples, proc.returncode


def peak(samples: list[tuple[float, float]]) -> float:
    return max((rss for _, rss in samples), default=0.0)


def phases(run: dict, samples: list[tuple[float, float]]) -> dict[str, dict[str, float]]:
    """Wall seconds and peak memory per phase, from run.json's per-step figures; start-up
    (before the first step) from this script's own samples of the process tree."""
    seconds, peaks = run.get("step_seconds", {}), run.get("step_peak_memory_mib", {})
    out = {}
    for phase in PHASES:
        steps = [step for step in seconds if _phase_of(step) == phase]
        out[phase] = {
            "s": round(sum(seconds[step] for step in steps), 1),
            "peak_mib": round(max((peaks.get(step, 0.0) for step in steps), default=0.0)),
        }
    windows = run.get("step_windows", {})
    first = min((start for start, _ in windows.values()), default=None)
    if first is not None and samples:
        out["start-up"] = {
            "s": round(first - samples[0][0], 1),
            "peak_mib": round(peak([s for s in samples if s[0] < first])),
        }
    return out


def duckdb_floor(landing: Path, database: Path) -> float:
    """Seconds for DuckDB alone to load every CSV of the landing folder into tables.

    The tables go to a database file, as ingestion's do (an in-memory database would leave
    out the writing and compression every warehouse load pays)."""
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    t0 = time.perf_counter()
    for i, path in enumerate(sorted(landing.rglob("*.csv"))):
        encoding = "latin-1" if path.parent.name == "kunta" else "utf-8"
        con.execute(
            f"create table t{i} as select * from read_csv(?, delim=';', header=true, "
            f"all_varchar=true, encoding='{encoding}', ignore_errors=true)",
            [str(path)],
        )
    con.close()  # the final checkpoint is part of loading
    seconds = time.perf_counter() - t0
    database.unlink(missing_ok=True)
    return seconds


def machine() -> str:
    mem = psutil.virtual_memory().total / 2**30
    cpu = platform.processor() or platform.machine()
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )


def bench(persons: int, seed: int, effect: str | None = None) -> dict:
    base = WORK / f"p{persons}"
    shutil.rmtree(base, ignore_errors=True)
    landing, out = base / "landing", base / "out"
    env = {**os.environ, "ASKEL_PSEUDONYM_KEY": "benchmark-key"}
    gen_s, gen_samples, code = measured(
        [
            *ASKEL,
            "generate",
            "--out",
            str(landing),
            "--persons",
            str(persons),
            "--seed",
            str(seed),
            *(("--effect", effect) if effect else ()),
        ],
        env,
    )
    assert code == 0, "generate failed"
    landing_mib = sum(p.stat().st_size for p in landing.rglob("*") if p.is_file()) / 2**20
    floor_s = duckdb_floor(landing, base / "floor.duckdb")
    run_s, run_samples, code = measured(
        [
            *ASKEL,
            "run",
            "--landing",
            str(landing),
            "--warehouse",
            str(base / "w.duckdb"),
            "--out",
            str(out),
            "--quiet",
        ],
        env,
    )
    run = json.loads((out / "run.json").read_text())
    by_phase = phases(run, run_samples)
    return {
        "persons": persons,
        "effect": effect or "",
        "landing_mib": round(landing_mib, 1),
        "generate_s": round(gen_s, 1),
        "generate_peak_mib": round(peak(gen_samples)),
        "run_s": round(run_s, 1),
        "run_peak_mib": round(peak(run_samples)),
        "run_exit": code,
        "ingest_s": by_phase["ingest"]["s"],
        "duckdb_floor_s": round(floor_s, 1),
        "phases": by_phase,
        "steps": run.get("step_seconds", {}),
    }


def write_results(rows: list[dict]) -> None:
    lines = [
        f"\n## Run of {dt.datetime.now():%Y-%m-%d %H:%M}\n",
        f"Machine: {machine()}\n",
        *(f"Planted effects: {e}\n" for e in sorted({r["effect"] for r in rows}) if e),
        "| persons | landing MiB | generate s | generate peak MiB | run s | run peak MiB "
        "| exit | ingest s | of it CSV s | DuckDB floor s (CSV) | ingest / floor "
        "| CSV ingest / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        floor = r["duckdb_floor_s"] or float("nan")
        csv_s = round(r["ingest_s"] - r["steps"].get(WORKBOOK_STEP, 0.0), 1)
        lines.append(
            f"| {r['persons']:,} | {r['landing_mib']} | {r['generate_s']} "
            f"| {r['generate_peak_mib']} | "
            f"{r['run_s']} | {r['run_peak_mib']} | {r['run_exit']} | {r['ingest_s']} | "
            f"{csv_s} | {r['duckdb_floor_s']} | {r['ingest_s'] / floor:.2f} | "
            f"{csv_s / floor:.2f} |"
        )
    by_size = {r["persons"]: r for r in rows}
    if 100_000 in by_size and 1_000_000 in by_size:
        growth = by_size[1_000_000]["run_s"] / by_size[100_000]["run_s"]
        lines.append(f"\nTime growth 100k → 1M: {growth:.1f}× (target ≤ 12×)\n")
    lines.append("\nPer phase, wall seconds / peak MiB of the process tree:\n")
    names = ["start-up", *PHASES]
    lines.append("| persons | " + " | ".join(names) + " |")
    lines.append("|---:|" + "---:|" * len(names))
    for r in rows:
        cells = [r["phases"].get(n, {}) for n in names]
        lines.append(
            f"| {r['persons']:,} | "
            + " | ".join(f"{c.get('s', '–')} s / {c.get('peak_mib', '–')} MiB" for c in cells)
            + " |"
        )
    lines.append("\nSlowest steps, seconds:\n")
    for r in rows:
        steps = ", ".join(
            f"{k} {v:.1f}" for k, v in sorted(r["steps"].items(), key=lambda kv: -kv[1])[:8]
        )
        lines.append(f"- {r['persons']:,}: {steps}")
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--effect", help="plant service effects, as askel generate --effect")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        print(f"benchmark: {size:,} persons ...", file=sys.stderr, flush=True)
        rows.append(bench(size, args.seed, args.effect))
        print(json.dumps(rows[-1]), file=sys.stderr)
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nWritten by `benchmarks/run_benchmarks.py`.\n")
    write_results(rows)


if __name__ == "__main__":
    main()
