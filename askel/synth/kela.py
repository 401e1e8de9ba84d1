"""Kela's monthly bills of the municipal share of the labour market subsidy.

Recipients (a person-level flag) are paid for the weekdays of their `02`/`03`/`07` periods;
only `02`/`03` days accumulate towards the 300- and 1,000-day thresholds (days in services do
not count), starting from the days paid before the period (register history before the start
day, plus an earlier stock for some). The municipality pays 0, 50 or 70 % of the unemployment
days of a month by the cumulative days at the month's end, which is the month in which the
threshold is reached.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from askel.synth import parameters as P
from askel.synth.population import Population
from askel.synth.register import Periods


def _month_index(day: np.ndarray) -> np.ndarray:
    return day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _month_first(month: np.ndarray) -> np.ndarray:
    return month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _busdays(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Weekdays from first to last, both included (0 when last < first)."""
    out = np.busday_count(first.astype("datetime64[D]"), (last + 1).astype("datetime64[D]"))
    return np.maximum(out, 0)


def monthly_bills(
    periods: Periods, pop: Population, start_day: int, end_day: int, rng: np.random.Generator
) -> pl.DataFrame:
    """pid, kunta (index), month (index), maksetut, kertyneet, pct, eur_cents."""
    keep = np.flatnonzero(pop.tmt[periods.pid] & np.isin(periods.status, [P.S02, P.S03, P.S07]))
    pid, st, en = periods.pid[keep], periods.start[keep], periods.end[keep]
    unemp = periods.status[keep] != P.S07
    before = unemp & (st < start_day)
    prior = np.bincount(
        pid[before],
        weights=_busdays(st[before], np.minimum(en[before], start_day - 1)),
        minlength=pop.n,
    )
    stock = rng.random(pop.n) < P.TMT_PRIOR_DAYS[0]
    prior += np.where(stock, rng.integers(0, P.TMT_PRIOR_DAYS[1], pop.n), 0)

    cs, ce = np.maximum(st, start_day), np.minimum(en, end_day)
    ok = cs <= ce
    pid, cs, ce, unemp, kun = pid[ok], cs[ok], ce[ok], unemp[ok], periods.kunta[keep][ok]
    m0, m1 = _month_index(cs), _month_index(ce)
    count = m1 - m0 + 1
    rep = np.repeat(np.arange(len(pid)), count)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(count) - count, count)
    month = m0[rep] + offset
    seg_start = np.maximum(cs[rep], _month_first(month))
    seg_end = np.minimum(ce[rep], _month_first(month + 1) - 1)
    days = _busdays(seg_start, seg_end)
    # segments are in (person, month, start) order: periods of a person never share a day
    pid_r, kun_r, unemp_days = pid[rep], kun[rep], np.where(unemp[rep], days, 0)
    new_group = np.r_[True, (pid_r[1:] != pid_r[:-1]) | (month[1:] != month[:-1])]
    first = np.flatnonzero(new_group)
    last = np.r_[first[1:] - 1, len(rep) - 1] if len(first) else first
    paid = np.add.reduceat(days, first) if len(first) else days[:0]
    unemp_month = np.add.reduceat(unemp_days, first) if len(first) else days[:0]
    bills = pl.DataFrame(
        {"pid": pid_r[first], "month": month[first], "kunta": kun_r[last], "paid": paid,
         "unemp": unemp_month}
    ).filter(pl.col("paid") > 0)  # fmt: skip
    years = bills["month"].to_numpy() // 12 + 1970
    rate = np.array([P.TMT_DAILY_RATE.get(int(y), max(P.TMT_DAILY_RATE.values())) for y in
                     range(1970, 2100)])[years - 1970]  # fmt: skip
    bills = bills.with_columns(
        kertyneet=(
            pl.col("unemp").cum_sum().over("pid")
            + pl.Series(prior[bills["pid"].to_numpy()].astype(np.int64))
        ),
    ).with_columns(
        pct=pl.when(pl.col("kertyneet") >= 1000)
        .then(70)
        .when(pl.col("kertyneet") >= 300)
        .then(50)
        .otherwise(0)
    )
    cents = np.rint(bills["unemp"].to_numpy() * rate * bills["pct"].to_numpy()).astype(np.int64)
    return bills.with_columns(eur_cents=pl.Series(cents)).drop("unemp")
