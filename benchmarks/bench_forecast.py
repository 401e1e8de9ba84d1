"""The forecast of indicators.md §10 judged on generated areas (issue 14), run on demand:

    .venv/bin/python benchmarks/bench_forecast.py [--sizes 10000 100000] [--seeds 7 8 ...]

For each size and seed: generate the area, load it and build the dbt models the forecast needs
(tests/reference/area.py), then read the backtest's accuracy (mean absolute error per method
and horizon, interval coverage) and the forecast models' own run time (dbt's run_results.json)
and peak memory (the forecast models rebuilt alone in a dbt process sampled every 0.2 s, less a
dbt process building nothing but int_months). Appends a section to benchmarks/RESULTS.md. The
10,000-person quality bar is also a test (tests/test_forecast_generated.py); 100,000 persons is
too slow for the suite.
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

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reference.area import build_area  # noqa: E402
from tests.support.dbt import DBT, DBT_PROJECT  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
FORECAST_MODELS = (
    "int_forecast_origins",
    "int_forecast_stock",
    "int_forecast_transitions",
    "int_forecast_projection",
    "structural_forecast",
    "structural_forecast_backtest",
    "structural_forecast_accuracy",
)
SELECT = "+structural_forecast +structural_forecast_accuracy"
MEASURES = ("long_term_unemployed_end", "unemployed_end", "structural_unemployment_end")


def dbt_peak(warehouse: Path, as_of: dt.date, select: str, target: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of `dbt run --select <select>` on the warehouse."""
    env = {**os.environ, "ASKEL_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "0"}
    cmd = [
        str(DBT), "run", "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
        "--target-path", str(target), "--log-path", str(target / "logs"),
        "--vars", json.dumps({"as_of": as_of.isoformat()}), "--select", select,
    ]  # fmt: skip
    started = time.perf_counter()
    proc = psutil.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree) / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.2)
    if proc.returncode != 0:
        raise RuntimeError(f"dbt run --select {select} failed")
    return time.perf_counter() - started, peak


def bench(persons: int, seed: int, work: Path) -> dict:
    base = work / f"p{persons}_s{seed}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    started = time.perf_counter()
    con = build_area(base, persons=persons, seed=seed, select=SELECT)
    build_s = time.perf_counter() - started
    as_of = con.execute("select max(as_of) from raw.run_context").fetchone()[0]
    accuracy = con.execute(
        """select measure, horizon_months, cases, mae_forecast, mae_naive_last,
                  mae_naive_seasonal, interval_coverage
           from marts.structural_forecast_accuracy where municipality_code = 'ALL'
           order by measure, horizon_months"""
    ).fetchall()
    coverage = con.execute(
        """select avg(case when actual between forecast_low and forecast_high then 1.0
                      else 0.0 end), count(*)
           from marts.structural_forecast_backtest"""
    ).fetchone()
    con.close()
    results = json.loads((base / "dbt_target" / "run_results.json").read_text())
    model_s = sum(
        r["execution_time"]
        for r in results["results"]
        if r["unique_id"].split(".")[-1] in FORECAST_MODELS and r["unique_id"].startswith("model.")
    )
    warehouse = base / "w.duckdb"
    target = base / "dbt_peak"
    _, baseline = dbt_peak(warehouse, as_of, "int_months", target)
    rebuild = "int_forecast_origins+ int_forecast_stock int_forecast_transitions"
    forecast_wall, forecast_peak = dbt_peak(warehouse, as_of, rebuild, target)
    shutil.rmtree(base, ignore_errors=True)
    return {
        "persons": persons,
        "seed": seed,
        "build_s": build_s,
        "accuracy": accuracy,
        "coverage": coverage[0],
        "cases": coverage[1],
        "model_s": model_s,
        "forecast_wall_s": forecast_wall,
        "forecast_peak_mib": forecast_peak,
        "dbt_baseline_mib": baseline,
    }


def _ltu(row: dict, horizon: int) -> tuple:
    return next(a for a in row["accuracy"] if a[0] == MEASURES[0] and a[1] == horizon)


def _passes(row: dict) -> bool:
    return all(_ltu(row, h)[3] < min(_ltu(row, h)[4], _ltu(row, h)[5]) for h in (3, 6))


def write_results(rows: list[dict]) -> None:
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"\n## Forecast (indicators.md §10), run of {now}\n",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}. "
        "`benchmarks/bench_forecast.py`; backtest of the 12 month ends before as_of "
        "(2022-12-31), ALL.\n",
        "Mean absolute error of long_term_unemployed_end (ALL), persons: forecast / naive_last "
        "/ naive_seasonal; coverage = share of all backtest rows (every area, measure, "
        "horizon) whose actual value is inside the 80 % interval.\n",
        "| persons | seed | h=3 | h=6 | beats both | coverage (rows) | forecast models s | "
        "forecast dbt peak MiB (dbt alone) |",
        "|---:|---:|---|---|---|---|---:|---:|",
    ]
    for r in rows:
        h3, h6 = _ltu(r, 3), _ltu(r, 6)
        lines.append(
            f"| {r['persons']:,} | {r['seed']} | {h3[3]:.1f} / {h3[4]:.1f} / {h3[5]:.1f} | "
            f"{h6[3]:.1f} / {h6[4]:.1f} / {h6[5]:.1f} | {'yes' if _passes(r) else 'no'} | "
            f"{r['coverage']:.1%} ({r['cases']}) | {r['model_s']:.1f} | "
            f"{r['forecast_peak_mib']:.0f} ({r['dbt_baseline_mib']:.0f}) |"
        )
    for size in sorted({r["persons"] for r in rows}):
        group = [r for r in rows if r["persons"] == size]
        lines.append(
            f"\n{size:,} persons: beats both naive forecasts at 3 and 6 months in "
            f"{sum(_passes(r) for r in group)} of {len(group)} areas; coverage "
            f"{min(r['coverage'] for r in group):.1%}-{max(r['coverage'] for r in group):.1%}."
        )
    largest = max(rows, key=lambda r: (r["persons"], -r["seed"]))
    lines += [
        f"\nEvery measure, ALL, {largest['persons']:,} persons (seed {largest['seed']}): mean "
        "absolute error, persons, and interval coverage\n",
        "| measure | horizon | cases | forecast | naive_last | naive_seasonal | coverage |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m, h, n, f, nl, ns, cov in largest["accuracy"]:
        lines.append(f"| {m} | {h} | {n} | {f:.1f} | {nl:.1f} | {ns:.1f} | {cov:.0%} |")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(7, 17)))
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work" / "forecast")
    args = parser.parse_args()
    os.environ.setdefault("ASKEL_PSEUDONYM_KEY", "benchmark-key-not-secret")
    rows = []
    for size in args.sizes:
        # ten areas where it is cheap, one where it is not
        for seed in args.seeds if size <= 10_000 else args.seeds[:1]:
            row = bench(size, seed, args.work)
            rows.append(row)
            print(size, seed, f"build {row['build_s']:.0f} s", "pass" if _passes(row) else "FAIL")
    write_results(rows)


if __name__ == "__main__":
    main()
