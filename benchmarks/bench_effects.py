"""The employment effect of indicators.md §9 judged on generated areas (issue 13), run on demand:

    .venv/bin/python benchmarks/bench_effects.py [--persons 50000] [--seeds 1 2 ...]

For each seed: generate the area with issue 13's planted effects (TVA +10, VAL +5, OSA 0, KTT -3
points), load it and build the dbt models the estimate needs (tests/reference/area.py), then
compare marts.service_effects with truth.json (tests/support/effects_bar.py): the error of each
horizon-6 estimate against max(2 points, its interval's half-width), the 95 % intervals'
coverage of the truth over (code, horizon, seed), how often the planted 0 is called significant,
and the naive difference's error beside the estimate's. Appends a section to RESULTS.md. Two
seeds of the same bar are a test (tests/test_effects_generated.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reference.area import build_area  # noqa: E402
from tests.support.effects_bar import PLANTED, Case, cases  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(1, 11)))
    args = parser.parse_args()
    found: list[tuple[int, Case]] = []
    seconds = []
    for seed in args.seeds:
        base = Path(tempfile.mkdtemp(prefix=f"effects{seed}-"))
        start = time.perf_counter()
        con = build_area(base, persons=args.persons, seed=seed, select="+service_effects",
                         effects=PLANTED)  # fmt: skip
        seconds.append(time.perf_counter() - start)
        try:
            for case in cases(con, base / "landing"):
                found.append((seed, case))
                print(seed, case, flush=True)
        finally:
            con.close()
            shutil.rmtree(base, ignore_errors=True)
    RESULTS.write_text(RESULTS.read_text(encoding="utf-8") + report(args, found, seconds))


def report(args: argparse.Namespace, found: list[tuple[int, Case]], seconds: list[float]) -> str:
    all_cases = [c for _, c in found]
    six = [c for c in all_cases if c.horizon == 6]
    zero = [c for c in all_cases if PLANTED[c.code] == 0]
    within = sum(abs(c.error) <= max(2.0, c.half_width) for c in six)
    covered = sum(c.covered for c in all_cases)
    lines = [
        "",
        f"## Employment effect (§9): {len(args.seeds)} generated areas of {args.persons:,} persons"
        f" ({dt.date.today().isoformat()}, {platform.machine()})",
        "",
        f"Planted effects {', '.join(f'{k} {v:+g}' for k, v in PLANTED.items())} points; seeds "
        f"{', '.join(map(str, args.seeds))}. Build of the needed models, generation included: "
        f"{min(seconds):.0f}-{max(seconds):.0f} s per area.",
        "",
        f"- horizon-6 estimates within max(2 points, half-width) of the truth: {within} of "
        f"{len(six)}",
        f"- 95 % intervals covering the truth: {covered} of {len(all_cases)} "
        f"({100 * covered / len(all_cases):.1f} %)",
        f"- planted 0 (OSA) called significant: {sum(c.significant for c in zero)} of {len(zero)}",
        "",
        "| code | h | mean truth | mean estimate | mean abs error | mean half-width | coverage |"
        " mean naive | mean abs naive error |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for code in PLANTED:
        for h in (3, 6, 12):
            group = [c for c in all_cases if c.code == code and c.horizon == h]
            n = len(group)
            lines.append(
                f"| {code} | {h} | {sum(c.truth for c in group) / n:.2f} | "
                f"{sum(c.att for c in group) / n:.2f} | "
                f"{sum(abs(c.error) for c in group) / n:.2f} | "
                f"{sum(c.half_width for c in group) / n:.2f} | "
                f"{sum(c.covered for c in group)}/{n} | {sum(c.naive for c in group) / n:.2f} | "
                f"{sum(abs(c.naive - c.truth) for c in group) / n:.2f} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
