"""The rows of `marts.service_effects` (indicators.md §9).

Method, per service code (the reasons are in the model's YAML and the README):
1. Participants: the code's entries. Potential comparisons: the pool rows of the participants'
   entry days that were unemployed on T - 1 and T and had not started the code on or before T.
2. Propensity score: a logistic regression (scikit-learn; L2-regularised, so a municipality or
   band without participants cannot make the fit diverge) of entering on the day against the
   matching variables known on T - 1 (askel/effects/features.py), fitted on all participants and
   at most FIT_COMPARISONS potential comparisons drawn at random with a fixed seed (a case-control
   sample moves only the intercept, which matching on the score within a day does not see).
3. Matching: each participant's K nearest potential comparisons of the same day and the same band
   of earlier unemployment (PRIOR_BANDS) on the logit of the score, with replacement, within
   CALIPER_SD standard deviations of the logit; participants with none are left out and counted
   (`entries - entries_matched`).
4. Per horizon, over the matched participants whose outcome day is on or before as_of: the
   participants' employment share, the matched comparisons' weighted share, their difference
   (att), and the Abadie-Imbens variance of the matching estimator (a comparison used by several
   participants counts as many times as it is used), with comparisons clustered by person: one
   person's pool days are read as perfectly correlated, which can only widen the interval, and
   the comparisons' conditional variance is bounded by p(1 - p) of their mean share (again never
   narrower). The interval is att +- 1.959964 standard errors.
5. Naive difference: all entries of the horizon against all jobseekers unemployed on their entry
   day (each entry's day weighted as the entries are). Balance: standardised mean differences of
   every matching variable, participants against all potential comparisons of their days (before)
   and against their matched comparisons (after), over the pooled standard deviation before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from askel.effects.features import Design, design
from askel.effects.matching import Matches, match_within_day
from askel.warehouse.marts_schema import SERVICE_EFFECTS_COLUMNS

HORIZONS = (3, 6, 12)
#: estimates from fewer matched entries are left empty (§9)
MIN_MATCHED = 30
K = 5
CALIPER_SD = 0.2
FIT_COMPARISONS = 50_000
#: exact matching on bands of unemployed days in the 24 months before the spell (upper bounds
#: of 0, 1-182, 183-365 days; above), within the day: a score alone left participants with
#: some two weeks more of it than their comparisons at a million persons (|SMD| 0.10)
PRIOR_BANDS = (0, 182, 365)
Z95 = 1.959964
METHOD = (
    f"propensity score matching within the entry day and band of earlier unemployment: {K} "
    f"nearest comparisons with replacement within {CALIPER_SD} sd of the logit; logistic "
    "regression (scikit-learn); 95 % interval from the Abadie-Imbens matching variance, "
    "comparisons clustered by person"
)
#: the mart's columns, in order (indicators.md §9; one home: askel/warehouse/marts_schema.py)
COLUMNS = SERVICE_EFFECTS_COLUMNS


SCHEMA = {
    "service_code": pl.Utf8,
    "horizon_months": pl.Int32,
    "entries": pl.Int64,
    "entries_matched": pl.Int64,
    "comparisons_used": pl.Int64,
    "method": pl.Utf8,
}


@dataclass
class _Days:
    """int_effect_person_days as arrays, in one fixed order (day, person, code) whatever order
    DuckDB returned the rows in, with per-day sums of the matching variables over the potential
    comparisons (before any code's exclusions), so that balance before matching is one lookup."""

    person: np.ndarray
    day: np.ndarray  # day number
    day_ix: np.ndarray  # index into `days`
    block: np.ndarray  # matching block: the day and the band of earlier unemployment
    days: np.ndarray
    code: np.ndarray  # service code of an entry row, "" for a pool row
    is_entry: np.ndarray
    base: np.ndarray  # pool rows unemployed on T - 1 and T
    pool_n: np.ndarray  # per day: jobseekers unemployed on T (the naive comparison)
    pool_y: dict[int, np.ndarray]  # per day and horizon: how many of them were employed
    y: dict[int, np.ndarray]  # employed on add_months(T, h): 1, 0, NaN after as_of
    x: Design
    base_n: np.ndarray
    base_sum: np.ndarray
    base_sq: np.ndarray


def _days(frame: pl.DataFrame) -> _Days:
    frame = frame.with_columns(
        pl.col("service_code").fill_null(""), pl.col("day").cast(pl.Date).cast(pl.Int64)
    ).sort("day", "person_key", "service_code")
    day = frame["day"].to_numpy()
    days, day_ix = np.unique(day, return_inverse=True)
    is_entry = frame["is_entry"].to_numpy().astype(bool)
    base = ~is_entry & frame["unemployed_before"].to_numpy().astype(bool)
    x = design(frame)
    y = {h: frame[f"employed_{h}"].cast(pl.Float64).to_numpy() for h in HORIZONS}
    n = np.bincount(day_ix[base], minlength=len(days)).astype(np.float64)
    total = _sums(x.x[base], day_ix[base], len(days))
    squares = _sums(x.x[base].astype(np.float64) ** 2, day_ix[base], len(days))
    prior = frame["prior_unemployed_days"].fill_null(0).to_numpy()
    band = np.searchsorted(np.asarray(PRIOR_BANDS), prior, side="right")
    return _Days(
        person=frame["person_key"].to_numpy().astype(np.int64),
        day=day,
        block=day * (len(PRIOR_BANDS) + 1) + band,
        day_ix=day_ix,
        days=days,
        code=frame["service_code"].to_numpy().astype(str),
        is_entry=is_entry,
        base=base,
        pool_n=np.bincount(day_ix[~is_entry], minlength=len(days)),
        pool_y={
            h: np.bincount(day_ix[~is_entry], weights=y[h][~is_entry], minlength=len(days))
            for h in HORIZONS
        },
        y=y,
        x=x,
        base_n=n,
        base_sum=total,
        base_sq=squares,
    )


def _sums(values: np.ndarray, ix: np.ndarray, size: int) -> np.ndarray:
    """Column sums of `values` grouped by `ix` (size groups)."""
    v = values if values.ndim == 2 else values.reshape(-1, 1)  # (0, -1) cannot be inferred
    return np.column_stack(
        [np.bincount(ix, weights=v[:, j], minlength=size) for j in range(v.shape[1])]
    )


def estimate_effects(days: pl.DataFrame, starts: pl.DataFrame) -> pl.DataFrame:
    """`days`: int_effect_person_days; `starts`: int_effect_service_starts. Returns the rows of
    marts.service_effects (COLUMNS), by service code and horizon."""
    d = _days(days)
    starts = starts.with_columns(pl.col("first_start").cast(pl.Date).cast(pl.Int64))
    n_persons = int(max(d.person.max(initial=0), starts["person_key"].max() or 0)) + 1
    rows: list[dict[str, object]] = []
    for code in sorted(set(d.code[d.is_entry].tolist())):
        mine = starts.filter(pl.col("service_code") == code)
        first = np.full(n_persons, np.iinfo(np.int64).max, dtype=np.int64)
        first[mine["person_key"].to_numpy()] = mine["first_start"].to_numpy()
        rows.extend(_code_rows(code, d, first))
    return pl.DataFrame(
        {c: [r[c] for r in rows] for c in COLUMNS},
        schema={c: SCHEMA.get(c, pl.Float64) for c in COLUMNS},
    )


def _code_rows(code: str, d: _Days, first: np.ndarray) -> list[dict[str, object]]:
    treated = np.flatnonzero(d.is_entry & (d.code == code))
    on_days = np.zeros(len(d.days), dtype=bool)
    on_days[d.day_ix[treated]] = True
    candidates = d.base & on_days[d.day_ix]
    started = candidates & (first[d.person] <= d.day)  # started the code on or before T
    comparisons = np.flatnonzero(candidates & ~started)
    excluded = np.flatnonzero(started)
    size = len(d.days)
    n = d.base_n - np.bincount(d.day_ix[excluded], minlength=size)
    total = d.base_sum - _sums(d.x.x[excluded], d.day_ix[excluded], size)
    squares = d.base_sq - _sums(d.x.x[excluded].astype(np.float64) ** 2, d.day_ix[excluded], size)
    before = _Pool(n * on_days, total * on_days[:, None], squares * on_days[:, None])
    matches = _match(treated, comparisons, d)
    return [_horizon_row(code, h, treated, comparisons, matches, before, d) for h in HORIZONS]


@dataclass
class _Pool:
    """Per entry day: the number of potential comparisons and the sums of their matching
    variables and of their squares (zero on days without an entry of the code)."""

    n: np.ndarray
    total: np.ndarray
    squares: np.ndarray


def _match(treated: np.ndarray, comparisons: np.ndarray, d: _Days) -> Matches:
    """Propensity score on the participants and (a sample of) their potential comparisons, then
    nearest neighbours within each day. Indices in the result point into `treated` and
    `comparisons`."""
    if len(comparisons) == 0 or len(treated) == 0:
        return Matches(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    fit_c = comparisons
    if len(fit_c) > FIT_COMPARISONS:
        rng = np.random.default_rng(0)
        fit_c = np.sort(rng.choice(comparisons, FIT_COMPARISONS, replace=False))
    fit = d.x.model[np.concatenate([treated, fit_c])].astype(np.float64)
    label = np.r_[np.ones(len(treated)), np.zeros(len(fit_c))]
    scaler = StandardScaler().fit(fit)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(scaler.transform(fit), label)
    # the standardisation folded into the coefficients: logit = model inputs @ w + b
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    w = model.coef_[0] / scale
    b = float(model.intercept_[0] - np.sum(w * scaler.mean_))
    score = d.x.model @ w.astype(np.float32)  # every row at once: cheaper than gathering rows
    t_score, c_score = score[treated] + b, score[comparisons] + b
    caliper = CALIPER_SD * float(np.std(fit @ w))
    return match_within_day(d.block[treated], t_score, d.block[comparisons], c_score, K, caliper)


def _horizon_row(
    code: str,
    h: int,
    treated: np.ndarray,
    comparisons: np.ndarray,
    m: Matches,
    before: _Pool,
    d: _Days,
) -> dict[str, object]:
    y = d.y[h]
    available = ~np.isnan(y[treated])  # the outcome day is on or before as_of
    t_rows = treated[available]
    keep = available[m.treated]  # pairs whose participant's outcome is available
    pair_t, pair_c, w = m.treated[keep], comparisons[m.control[keep]], m.weight[keep]
    n_t = len(treated)
    got = np.bincount(pair_t, minlength=n_t) > 0
    y0_hat = np.bincount(pair_t, weights=w * y[pair_c], minlength=n_t)
    matched = np.flatnonzero(got)
    row: dict[str, object] = {c: None for c in COLUMNS}
    row.update(
        service_code=code,
        horizon_months=h,
        entries=len(t_rows),
        entries_matched=len(matched),
        comparisons_used=len(np.unique(d.person[pair_c])),
        method=METHOD,
    )
    if len(t_rows) == 0:
        return row
    # balance before: participants against their days' potential comparisons (days with the
    # horizon's outcome, i.e. the days of t_rows), sd pooled from both groups
    t_days = np.zeros(len(d.days), dtype=bool)
    t_days[d.day_ix[t_rows]] = True
    n_c = before.n[t_days].sum()
    if n_c == 0:
        return row
    with np.errstate(invalid="ignore", divide="ignore"):
        day_mean = before.total / before.n[:, None]
    c_mean_before = np.nanmean(day_mean[d.day_ix[t_rows]], axis=0)
    c_var = before.squares[t_days].sum(axis=0) / n_c - (before.total[t_days].sum(axis=0) / n_c) ** 2
    xt = d.x.x[t_rows].astype(np.float64)
    sd = np.sqrt((xt.var(axis=0) + np.maximum(c_var, 0)) / 2)
    row["max_abs_smd_before"] = _max_abs(xt.mean(axis=0) - c_mean_before, sd)
    if len(matched) < MIN_MATCHED:
        return row
    y1 = y[treated[matched]]
    share_t, share_c = float(y1.mean()), float(y0_hat[matched].mean())
    att = share_t - share_c
    se = _matching_se(y1, y0_hat[matched], att, pair_t, d.person[pair_c], w, share_c, len(matched))
    # naive: every entry of the horizon against all jobseekers unemployed on its day
    day_n, day_y = d.pool_n[d.day_ix[t_rows]], d.pool_y[h][d.day_ix[t_rows]]
    has_pool = day_n > 0
    naive_c = day_y[has_pool] / day_n[has_pool]
    x_after = _sums(w[:, None] * d.x.x[pair_c], pair_t, n_t)[matched]
    row.update(
        employed_share_treated=share_t,
        employed_share_counterfactual=share_c,
        att_pp=100 * att,
        ci_low_pp=100 * (att - Z95 * se),
        ci_high_pp=100 * (att + Z95 * se),
        naive_difference_pp=100 * float(y[t_rows][has_pool].mean() - naive_c.mean()),
        max_abs_smd_after=_max_abs(
            d.x.x[treated[matched]].astype(np.float64).mean(axis=0) - x_after.mean(axis=0), sd
        ),
    )
    return row


def _matching_se(
    y1: np.ndarray,
    y0_hat: np.ndarray,
    att: float,
    pair_t: np.ndarray,
    pair_person: np.ndarray,
    w: np.ndarray,
    share_c: float,
    n1: int,
) -> float:
    """Abadie-Imbens: (sum of (y - y0_hat - att)^2 over participants + sum over comparison persons
    of (K^2 - K') * sigma^2) / n1^2, with K a person's total weight, K' the sum over participants
    of the squared weight that participant gave the person, sigma^2 <= share_c (1 - share_c)."""
    first = np.sum((y1 - y0_hat - att) ** 2)
    span = int(pair_person.max()) + 1
    pair_keys, inverse = np.unique(pair_t * span + pair_person, return_inverse=True)
    by_pair = np.bincount(inverse, weights=w)  # weight participant i gave person p
    persons, p_index = np.unique(pair_keys % span, return_inverse=True)
    k = np.bincount(p_index, weights=by_pair, minlength=len(persons))
    k2 = np.bincount(p_index, weights=by_pair**2, minlength=len(persons))
    second = np.sum(k**2 - k2) * share_c * (1 - share_c)
    return float(np.sqrt((first + second) / n1**2))


def _max_abs(diff: np.ndarray, sd: np.ndarray) -> float:
    """Largest |difference of means| / pooled sd before matching over the matching variables; a
    variable constant in both groups (sd 0) is balanced by definition."""
    smd = np.where(sd > 0, diff / np.where(sd > 0, sd, 1.0), 0.0)
    return float(np.max(np.abs(smd))) if len(smd) else 0.0
