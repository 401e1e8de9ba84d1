"""Planted service effects (`askel generate --effect CODE=PP`) and their truth (`truth.json`).

The estimate of indicators.md §9 is judged against this, so every definition here is §9's:
an *entry* into code C is the first day T of a person's row of C that begins while they are
unemployed on T - 1; it counts for horizon h when T is on or after the earliest project start
and add_months(T, h) is on or before the end day (the default `as_of`); the outcome is
"employed" (sources.md) on D = add_months(T, h).

- **Who enters.** A code named in --effect gets one controlled entry process instead of the old
  ones (side services, rows carried by 07/00 periods, the joint ESF rows are dropped for it):
  during every 02/03 period a daily hazard, base x multipliers on what the registers show
  (elapsed days of the unemployment spell on T - 1, age band, education, earlier
  unemployment: parameters.py), never on hidden frailty nor on the future. One Exp(1) draw per
  period is inverted through the piecewise-constant cumulative hazard; each person keeps their
  earliest entry per code, one row.
- **Both potential outcomes from the same draws.** Y0 is the employed rule on the world as
  simulated. One uniform u per (person, code): for PP > 0, entries with Y0 = 0 and
  u < PP / 100 / (1 - mean Y0) get an Incomes Register job [D - a, D + b]; for PP < 0, entries
  with Y0 = 1 and u < |PP| / 100 / mean Y0 lose work on [D - a, D + b] (jobs cut around it,
  employed register periods turned into `05` there, a `05` registration in the gap after an
  AT/YR end). Y1 is the employed rule on the edited world, and the truth is the mean of
  Y1 - Y0 over the counted entries: exact, whatever the edits collide with.
- **Why at the outcome days.** The effect is planted around D, not spread over the time after
  T, so a comparison who enters C later (§9 allows it: "starting now rather than waiting") is
  almost never touched on the participant's outcome day, and the estimand "starting now rather
  than not yet" and this truth agree.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from askel.ingest.contract import KUNTA_PALVELU, TE_PALVELU
from askel.synth import parameters as P
from askel.synth.population import Population
from askel.synth.register import Periods, locate, lognormal_days

HORIZONS = (3, 6, 12)
EMPLOYED_STATUSES = (P.S00, P.S01, P.S04, P.S09)
_FAR = 10**8  # "no next period"
_PAIR = re.compile(r"^\s*([A-Za-z]{3})\s*=\s*([+-]?\d+(?:\.\d+)?)\s*$")


def parse_effects(text: str) -> dict[str, float]:
    """`CODE=PP[,CODE=PP...]` -> {CODE: PP}; a ValueError of one sentence when it is not that."""
    effects: dict[str, float] = {}
    for part in text.split(","):
        m = _PAIR.match(part)
        if not m:
            raise ValueError(f"--effect {part.strip()!r} is not CODE=PP (e.g. TVA=10 or KTT=-3).")
        code = m.group(1).upper()
        if code in effects:
            raise ValueError(f"--effect names {code} twice.")
        effects[code] = float(m.group(2))
    check_effects(effects)
    return effects


def check_effects(effects: dict[str, float]) -> None:
    """A ValueError of one sentence on an unknown code or a PP outside -100..100."""
    for code, pp in effects.items():
        if code not in TE_PALVELU | KUNTA_PALVELU:
            raise ValueError(f"--effect: {code} is not a service code of te/ or kunta/palvelut.")
        if not -100.0 <= pp <= 100.0:
            raise ValueError(f"--effect: {code}={pp:g} is outside -100..100 percentage points.")


def add_months(day: np.ndarray, months: int) -> np.ndarray:
    """Day numbers moved by whole months, the day of month clamped to the month's last day."""
    d = np.asarray(day, dtype=np.int64).astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    target = m + np.timedelta64(months, "M")
    first = target.astype("datetime64[D]")
    last = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    return (first + np.minimum(dom, last - 1)).astype(np.int64)


def employed(periods: Periods, jobs: pl.DataFrame, pid: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The employed rule of sources.md on day `day[i]` for person `pid[i]` (every day on or before
    `as_of`): a job covers it, a 00/01/04/09 period covers it, or it falls in the gap after a
    registration that ended with AT or YR (the period starting last before it ended so)."""
    pid = np.asarray(pid, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    out = np.zeros(len(pid), dtype=bool)
    if len(periods):
        at = locate(periods, pid, day)
        i = np.maximum(at, 0)
        found = at >= 0
        covers = found & (periods.end[i] >= day)
        out |= covers & np.isin(periods.status[i], EMPLOYED_STATUSES)
        out |= found & ~covers & np.isin(periods.reason[i], (P.AT, P.YR))
    if jobs.height and len(pid):
        q = pl.DataFrame({"q": np.arange(len(pid)), "pid": pid, "day": day})
        hits = (
            q.join(jobs.select("pid", "start", "end"), on="pid")
            .filter((pl.col("start") <= pl.col("day")) & (pl.col("end") >= pl.col("day")))
            .get_column("q")
            .unique()
            .to_numpy()
        )
        out[hits] = True
    return out


def _row_length(code: str) -> tuple[float, float]:
    for table in (P.SERVICE_07, P.SERVICE_00):
        if code in table:
            return float(table[code][1]), float(table[code][2])
    if code in P.SIDE_SERVICES:
        return float(P.SIDE_SERVICES[code][1]), float(P.SIDE_SERVICES[code][2])
    return float(P.EFFECT_ROW_LENGTH[0]), float(P.EFFECT_ROW_LENGTH[1])


def _unemployment(periods: Periods, pop: Population) -> dict[str, np.ndarray]:
    """Every 02/03 period: its index, the elapsed spell days on its first day, and the
    multiplier of the entry hazard from age, education and earlier unemployment."""
    idx = np.flatnonzero(np.isin(periods.status, (P.S02, P.S03)))
    pid, st, en = periods.pid[idx], periods.start[idx], periods.end[idx]
    new = np.r_[True, (pid[1:] != pid[:-1]) | (st[1:] > en[:-1] + 1)]
    spell = np.cumsum(new) - 1
    spell_start = st[new][spell]
    last = np.r_[new[1:], True]  # last period of its spell
    spell_end, spell_pid = en[last], pid[last]
    prev_end = np.r_[-_FAR, spell_end[:-1]]
    prev_pid = np.r_[-1, spell_pid[:-1]]
    first_start = st[new]
    earlier = (prev_pid == pid[new]) & (prev_end >= first_start - P.EFFECT_EARLIER_DAYS)
    age = (st - pop.birth[pid]) / 365.25
    isced = pop.isced[pid]
    mult = np.where(age < 25, P.EFFECT_YOUNG, np.where(age >= 55, P.EFFECT_OLD, 1.0))
    mult = mult * np.where(
        isced <= 2, P.EFFECT_LOW_EDUCATION, np.where(isced >= 5, P.EFFECT_HIGH_EDUCATION, 1.0)
    )
    mult = mult * np.where(earlier[spell], P.EFFECT_EARLIER_UNEMPLOYMENT, 1.0)
    return {"idx": idx, "offset": st - spell_start, "mult": mult}


def _entry_offsets(offset: np.ndarray, rate: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Smallest t >= 1 whose cumulative hazard reaches `e`, the hazard of day t being
    `rate` x the multiplier of the elapsed band of `offset + t - 1` (elapsed spell days on
    T - 1 for T = period start + t)."""
    bounds = np.asarray(P.EFFECT_ELAPSED_DAYS, dtype=np.int64)
    mults = np.asarray(P.EFFECT_ELAPSED_MULTIPLIERS, dtype=float)
    n = len(offset)
    # band k holds t in [lo_k, hi_k]: elapsed offset + t - 1 in [bounds[k-1], bounds[k] - 1]
    lo = np.maximum(1, np.r_[0, bounds][None, :] - offset[:, None] + 1)
    hi = np.c_[bounds[None, :] - offset[:, None], np.full(n, _FAR)]
    days = np.maximum(hi - lo + 1, 0)
    r = rate[:, None] * mults[None, :]
    cum = np.cumsum(days * r, axis=1)
    band = np.minimum((cum < e[:, None]).sum(axis=1), len(mults) - 1)
    rows = np.arange(n)
    before = np.where(band > 0, cum[rows, np.maximum(band - 1, 0)], 0.0)
    need = np.maximum(e - before, 0.0)
    return (lo[rows, band] - 1 + np.maximum(np.ceil(need / r[rows, band]), 1)).astype(np.int64)


def draw_entries(
    periods: Periods, pop: Population, codes: list[str], rng: np.random.Generator
) -> pl.DataFrame:
    """The rows of the codes' new entry process: pid, org, palvelu, start, end, kunta, askel
    (the `extra` shape of services.service_rows), one row per person and code."""
    u = _unemployment(periods, pop)
    idx = u["idx"]
    frames = []
    for code in codes:
        e = rng.exponential(1.0, len(idx))
        t = _entry_offsets(u["offset"], P.EFFECT_ENTRY_HAZARD * u["mult"], e)
        start = periods.start[idx] + t
        ok = start <= periods.end[idx]
        pick = idx[ok]
        f = pl.DataFrame(
            {"pid": periods.pid[pick], "start": start[ok], "kunta": periods.kunta[pick]}
        )
        f = f.sort(["pid", "start"]).unique("pid", keep="first", maintain_order=True)
        median, sd = _row_length(code)
        length = lognormal_days(rng, np.full(f.height, median), np.full(f.height, sd))
        frames.append(
            f.with_columns(
                org=pl.lit("te" if code in TE_PALVELU else "kunta"),
                palvelu=pl.lit(code),
                end=pl.col("start") + pl.Series(length) - 1,
                askel=pl.lit(False),
            )
        )
    cols = ["pid", "org", "palvelu", "start", "end", "kunta", "askel"]
    if not frames:
        return pl.DataFrame(schema={c: pl.Int64 for c in cols})
    return pl.concat([f.select(cols) for f in frames]).sort(["pid", "palvelu"])


def _merge(windows: pl.DataFrame) -> pl.DataFrame:
    """Overlapping or touching windows of a person joined: disjoint, sorted pid, ws, we."""
    w = windows.sort(["pid", "ws", "we"])
    prev = pl.col("we").cum_max().shift(1).over("pid")
    return (
        w.with_columns(g=(prev.is_null() | (pl.col("ws") > prev + 1)).cum_sum())
        .group_by("g", maintain_order=True)
        .agg(pl.col("pid").first(), pl.col("ws").min(), pl.col("we").max())
        .drop("g")
        .with_columns(k=pl.int_range(pl.len()).over("pid"))
    )


def _cut_jobs(jobs: pl.DataFrame, windows: pl.DataFrame) -> pl.DataFrame:
    """Jobs with the windows' days taken out (a job across a window becomes two)."""
    for k in range(int(windows["k"].max()) + 1 if windows.height else 0):
        f = jobs.join(windows.filter(pl.col("k") == k).drop("k"), on="pid", how="left")
        hit = (
            pl.col("ws").is_not_null()
            & (pl.col("start") <= pl.col("we"))
            & (pl.col("end") >= pl.col("ws"))
        )
        jobs = pl.concat(
            [
                f.filter(~hit),
                f.filter(hit & (pl.col("start") < pl.col("ws"))).with_columns(end=pl.col("ws") - 1),
                f.filter(hit & (pl.col("end") > pl.col("we"))).with_columns(start=pl.col("we") + 1),
            ]
        ).drop("ws", "we")
    return jobs


def _periods_frame(periods: Periods) -> pl.DataFrame:
    return pl.DataFrame({k: v.astype(np.int64) for k, v in periods.__dict__.items()})


def _out_of_work(periods: Periods, windows: pl.DataFrame) -> Periods:
    """The register with no employment on the windows' days: the window part of a 00/01/04/09
    period becomes `05`, and a gap after an AT/YR end gets a `05` registration for the window
    (ending with that reason, so the time after it reads as before). Periods still never share
    a day, and a reason stays exactly on the periods no period follows the next day."""
    f = _periods_frame(periods)
    emp = pl.col("status").is_in(list(EMPLOYED_STATUSES))
    for k in range(int(windows["k"].max()) + 1 if windows.height else 0):
        j = f.join(windows.filter(pl.col("k") == k).drop("k"), on="pid", how="left")
        hit = (
            pl.col("ws").is_not_null()
            & emp
            & (pl.col("start") <= pl.col("we"))
            & (pl.col("end") >= pl.col("ws"))
        )
        a = pl.max_horizontal("start", "ws")
        b = pl.min_horizontal("end", "we")
        h = j.filter(hit)
        f = pl.concat(
            [
                j.filter(~hit),
                h.filter(pl.col("start") < a).with_columns(end=a - 1, reason=pl.lit(-1)),
                h.with_columns(
                    start=a,
                    end=b,
                    status=pl.lit(P.S05),
                    service=pl.lit(0),
                    reason=pl.when(b == pl.col("end")).then(pl.col("reason")).otherwise(-1),
                ),
                h.filter(pl.col("end") > b).with_columns(start=b + 1),
            ],
            how="vertical_relaxed",
        ).drop("ws", "we")
    f = f.sort(["pid", "start"])
    nxt = pl.col("start").shift(-1).over("pid").fill_null(_FAR)
    gaps = (
        f.with_columns(ge=nxt - 1, gs=pl.col("end") + 1)
        .filter(pl.col("reason").is_in([P.AT, P.YR]))
        .select("pid", "kunta", "reason", "gs", "ge")
    )
    inserted = (
        gaps.join(windows.drop("k"), on="pid")
        .with_columns(
            start=pl.max_horizontal("gs", "ws"),
            end=pl.min_horizontal("ge", "we"),
            status=pl.lit(P.S05),
            service=pl.lit(0),
        )
        .filter(pl.col("start") <= pl.col("end"))
        .select(f.columns)
    )
    f = pl.concat([f, inserted], how="vertical_relaxed").sort(["pid", "start"])
    followed = pl.col("start").shift(-1).over("pid") == pl.col("end") + 1
    f = f.with_columns(
        reason=pl.when(followed.fill_null(False)).then(-1).otherwise(pl.col("reason"))
    )
    return Periods(**{c: f[c].to_numpy().astype(np.int64) for c in periods.__dict__})


def plant(
    periods: Periods,
    jobs: pl.DataFrame,
    entries: pl.DataFrame,
    effects: dict[str, float],
    project_start: int,
    end_day: int,
    rng: np.random.Generator,
) -> tuple[Periods, pl.DataFrame, pl.DataFrame]:
    """Edit the world so that the entries' outcomes move by the planned points.

    Returns the edited periods and jobs, and one row per (entry, horizon) whose outcome day is
    on or before `end_day`: pid, palvelu, entry, horizon_months, outcome_day, counted, y0, y1."""
    e = entries.select("pid", "palvelu", entry="start")
    u = rng.random(e.height)
    rows = pl.concat(
        [
            e.with_columns(
                horizon_months=pl.lit(h, pl.Int64),
                outcome_day=pl.Series(add_months(e["entry"].to_numpy(), h)),
                u=pl.Series(u),
            )
            for h in HORIZONS
        ]
    )
    a = rng.integers(P.EFFECT_WINDOW_DAYS[0], P.EFFECT_WINDOW_DAYS[1] + 1, rows.height)
    b = rng.integers(P.EFFECT_WINDOW_DAYS[0], P.EFFECT_WINDOW_DAYS[1] + 1, rows.height)
    rows = rows.with_columns(a=pl.Series(a), b=pl.Series(b)).filter(
        pl.col("outcome_day") <= end_day
    )
    # a window never reaches another outcome day of the person, so each row's Y1 - Y0 is the
    # effect of its own code alone (a planted 0 stays exactly 0); two rows on one day are not
    # edited at all, since their effects could not be told apart
    days = (
        rows.group_by("pid", "outcome_day")
        .agg(shared=pl.len() > 1)
        .sort("pid", "outcome_day")
        .with_columns(
            prev=pl.col("outcome_day").shift(1).over("pid").fill_null(-_FAR),
            next=pl.col("outcome_day").shift(-1).over("pid").fill_null(_FAR),
        )
    )
    d = pl.col("outcome_day")
    rows = rows.join(days, on=["pid", "outcome_day"]).with_columns(
        ws=d - pl.min_horizontal("a", d - pl.col("prev") - 1),
        we=d + pl.min_horizontal("b", pl.col("next") - d - 1),
        counted=pl.col("entry") >= project_start,
    )
    y0 = employed(periods, jobs, rows["pid"].to_numpy(), rows["outcome_day"].to_numpy())
    rows = rows.with_columns(y0=pl.Series(y0))
    # the share moved: planned points over the share that can move (of the counted entries)
    share = rows.group_by("palvelu", "horizon_months").agg(
        m=pl.when(pl.col("counted").any())
        .then(pl.col("y0").filter(pl.col("counted")).mean())
        .otherwise(pl.col("y0").mean())
    )
    pp = pl.col("palvelu").replace_strict(effects, return_dtype=pl.Float64) / 100
    q = (
        pl.when(pp > 0)
        .then(pl.when(pl.col("m") < 1).then(pp / (1 - pl.col("m"))).otherwise(0.0))
        .when(pp < 0)
        .then(pl.when(pl.col("m") > 0).then(-pp / pl.col("m")).otherwise(0.0))
        .otherwise(0.0)
    )
    rows = rows.join(
        share.with_columns(q=pl.min_horizontal(q, 1.0)), on=["palvelu", "horizon_months"]
    )
    rows = rows.sort(["palvelu", "horizon_months", "pid"])  # joins do not keep the order
    moved = (pl.col("u") < pl.col("q")) & ~pl.col("shared")
    rows = rows.with_columns(
        up=(pp > 0) & ~pl.col("y0") & moved, down=(pp < 0) & pl.col("y0") & moved
    )
    down = rows.filter("down")
    if down.height:
        windows = _merge(down.select("pid", "ws", "we"))
        jobs = _cut_jobs(jobs, windows)
        periods = _out_of_work(periods, windows)
    up = rows.filter("up")
    if up.height:
        pool = jobs["ytunnus"].unique().sort()
        added = up.select(
            "pid",
            start=pl.col("ws"),
            end=pl.col("we"),
            ytunnus=pool.gather(rng.integers(0, len(pool), up.height)),
            palkkatuettu=pl.lit("E"),
        )
        jobs = pl.concat([jobs, added.select(jobs.columns)], how="vertical_relaxed")
    jobs = jobs.sort(["pid", "start", "end", "ytunnus"]).unique(
        ["pid", "start", "end"], keep="first", maintain_order=True
    )
    y1 = employed(periods, jobs, rows["pid"].to_numpy(), rows["outcome_day"].to_numpy())
    rows = rows.with_columns(y1=pl.Series(y1)).select(
        "pid", "palvelu", "entry", "horizon_months", "outcome_day", "counted", "y0", "y1"
    )
    return periods, jobs, rows.sort(["palvelu", "horizon_months", "pid"])


def truth_table(rows: pl.DataFrame, codes: list[str]) -> list[dict]:
    """truth.json: per code and horizon the counted entries and 100 x mean(Y1 - Y0)."""
    out = []
    counted = rows.filter("counted")
    for code in sorted(codes):
        for h in HORIZONS:
            f = counted.filter((pl.col("palvelu") == code) & (pl.col("horizon_months") == h))
            diff = f["y1"].cast(pl.Int64) - f["y0"].cast(pl.Int64)
            out.append(
                {
                    "service_code": code,
                    "horizon_months": h,
                    "entries": f.height,
                    "att_pp": float(100 * diff.mean()) if f.height else None,
                }
            )
    return out
