"""Employment relationships (Incomes Register), consistent with the jobseeker register.

A relationship covers each run of employed periods (`00` with a pay subsidy, `01`, `04`, `09`;
a start-up grant is self-employment and has none), the time after a registration that ended
with `AT` (up to the next registration, or still going on), and, for half of the first
registrations starting in unemployment, the job that ended just before.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from askel.synth import parameters as P
from askel.synth.register import SERVICE_INDEX, Periods, lognormal_days

ONGOING = 10**7  # end day of a relationship still going on


def business_ids(n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` distinct valid business IDs NNNNNNN-N (check digit weights 7 9 10 5 8 4 2)."""
    body = rng.choice(np.arange(1_000_000, 9_999_999), size=3 * n, replace=False)
    digits = (body[:, None] // 10 ** np.arange(6, -1, -1)) % 10
    r = (digits * np.array([7, 9, 10, 5, 8, 4, 2])).sum(axis=1) % 11
    ok = r != 1
    body, r = body[ok][:n], r[ok][:n]
    check = np.where(r == 0, 0, 11 - r)
    return np.char.add(np.char.add(body.astype(str), "-"), check.astype(str))


def relationships(periods: Periods, n_persons: int, rng: np.random.Generator) -> pl.DataFrame:
    """pid, ytunnus, start, end (ONGOING when going on), palkkatuettu."""
    pid, st, en, status = periods.pid, periods.start, periods.end, periods.status
    n = len(pid)
    same_prev = np.r_[False, pid[1:] == pid[:-1]]
    touching_prev = same_prev & np.r_[False, st[1:] == en[:-1] + 1]
    same_next = np.r_[pid[:-1] == pid[1:], False]
    next_start = np.r_[st[1:], 0]
    self_employed = periods.service == SERVICE_INDEX["STA"]
    employed = np.isin(status, [P.S00, P.S01, P.S04, P.S09]) & ~self_employed
    cont = employed & np.r_[False, employed[:-1]] & touching_prev
    run = np.cumsum(employed & ~cont)
    subsidised = np.isin(periods.service, [SERVICE_INDEX["PTU"], SERVICE_INDEX["PTK"]])
    runs = (
        pl.DataFrame({"run": run[employed], "pid": pid[employed], "start": st[employed],
                      "end": en[employed], "sub": subsidised[employed]})
        .group_by("run", maintain_order=True)
        .agg(pl.col("pid").first(), pl.col("start").min(), pl.col("end").max(),
             pl.col("sub").any())
        .drop("run")
    )  # fmt: skip
    at = np.flatnonzero(periods.reason == P.AT)
    gap_end = np.where(same_next[at], next_start[at] - 1, ONGOING)
    length = lognormal_days(rng, np.full(len(at), 400.0), np.full(len(at), 1.0))
    short = np.where(
        same_next[at],
        rng.random(len(at)) < P.JOB_AFTER_AT_SHORT,
        rng.random(len(at)) >= P.JOB_AFTER_AT_ONGOING,
    )
    after_end = np.where(short, np.minimum(en[at] + length, gap_end), gap_end)
    after = pl.DataFrame(
        {"pid": pid[at], "start": en[at] + 1, "end": after_end, "sub": np.zeros(len(at), bool)}
    )
    first_of_person = ~same_prev
    before_idx = np.flatnonzero(
        first_of_person & (status == P.S02) & (rng.random(n) < P.JOB_BEFORE_REGISTRATION)
    )
    b_end = st[before_idx] - 1 - rng.integers(0, 31, len(before_idx))
    b_start = st[before_idx] - rng.integers(60, 1501, len(before_idx))
    before = pl.DataFrame(
        {"pid": pid[before_idx], "start": b_start, "end": np.maximum(b_end, b_start),
         "sub": np.zeros(len(before_idx), bool)}
    )  # fmt: skip
    rows = pl.concat([runs, after, before], how="vertical_relaxed").sort(
        ["pid", "start", "end"], maintain_order=True
    )
    pool = business_ids(max(200, n_persons * P.EMPLOYERS_PER_1000 // 1000), rng)
    rows = rows.with_columns(
        ytunnus=pl.Series(pool[rng.integers(0, len(pool), rows.height)]),
        palkkatuettu=pl.when(pl.col("sub")).then(pl.lit("K")).otherwise(pl.lit("E")),
    ).drop("sub")
    return rows.sort(["pid", "start", "end"]).unique(
        ["pid", "start", "end"], keep="first", maintain_order=True
    )
