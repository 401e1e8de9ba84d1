"""Wall time and peak memory of `askel generate` (run on demand, not part of the tests).

    python benchmarks/bench_generate.py --persons 1000000

The generation runs in a child process so that its peak resident memory (ru_maxrss of the
children) is measured alone; prints one figure line and the rows per file.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, sys, datetime as dt
from pathlib import Path
from askel.synth import generate
s = generate(Path(sys.argv[1]), persons=int(sys.argv[2]), seed=int(sys.argv[3]),
             defects=float(sys.argv[4]))
print(json.dumps({"rows": s.rows, "defects": s.defects}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--defects", type=float, default=0.0)
    ap.add_argument("--out", type=Path, default=None, help="keep the files here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "landing"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(out), str(args.persons), str(args.seed),
             str(args.defects)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        wall = time.perf_counter() - t0
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    rows = result["rows"]
    groups: dict[str, int] = {}
    for name, n in rows.items():
        groups[name.rsplit("_", 1)[0]] = groups.get(name.rsplit("_", 1)[0], 0) + n
    print(
        f"generate persons={args.persons} seed={args.seed} defects={args.defects}: "
        f"wall {wall:.1f} s, peak RSS {peak_mib:.0f} MiB, {len(rows)} files, "
        f"{sum(rows.values())} rows, {size / 2**20:.0f} MiB on disk"
    )
    for name in sorted(rows):
        if not name.startswith("kela/"):
            print(f"  {name}: {rows[name]}")
    kela = {k: v for k, v in rows.items() if k.startswith("kela/")}
    if kela:
        print(f"  kela/: {len(kela)} monthly files, {sum(kela.values())} rows")
    print(f"  per source (all files): {groups}")


if __name__ == "__main__":
    main()
