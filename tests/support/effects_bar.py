"""Issue 13's quality bar for the employment effect, judged on one generated area: the mart's
estimates against the generator's truth.json (the true average effect on the participants as
generated), and the naive difference beside them. Shared by tests/test_effects_generated.py and
benchmarks/bench_effects.py, so the suite and the benchmark judge alike."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

#: issue 13's planted effects: +10, +5, 0 and -3 points on four codes
PLANTED = {"TVA": 10.0, "VAL": 5.0, "OSA": 0.0, "KTT": -3.0}


@dataclass
class Case:
    """One (code, horizon) of one area: truth, estimate, interval, naive difference."""

    code: str
    horizon: int
    entries_truth: int
    entries: int
    truth: float
    att: float
    low: float
    high: float
    naive: float

    @property
    def covered(self) -> bool:
        return self.low <= self.truth <= self.high

    @property
    def error(self) -> float:
        return self.att - self.truth

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    @property
    def significant(self) -> bool:
        return self.low > 0 or self.high < 0


def cases(con: duckdb.DuckDBPyConnection, landing: Path) -> list[Case]:
    truth = json.loads((landing / "truth.json").read_text(encoding="utf-8"))
    out = []
    for t in truth:
        row = con.execute(
            """select entries, att_pp, ci_low_pp, ci_high_pp, naive_difference_pp
               from marts.service_effects where service_code = ? and horizon_months = ?""",
            [t["service_code"], t["horizon_months"]],
        ).fetchone()
        assert row is not None, t
        out.append(Case(t["service_code"], t["horizon_months"], t["entries"], *row[:1],
                        t["att_pp"], *row[1:]))  # fmt: skip
    return out
