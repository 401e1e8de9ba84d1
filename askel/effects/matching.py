"""Nearest-neighbour matching on the propensity score within each entry day.

Each participant is compared only with the potential comparisons of their own entry day (§9:
unemployed on T - 1 and T, not started the code on or before T), the `k` nearest on the logit of
the score, with replacement, within a caliper. Vectorised: the comparisons are sorted by (day,
score) and each participant looks at the `k` positions on either side of where it would sort."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Matches:
    """`treated[m]` was matched to comparison row `control[m]` with weight `weight[m]` (1 / the
    number of comparisons that participant got); index arrays into the caller's rows."""

    treated: np.ndarray
    control: np.ndarray
    weight: np.ndarray


def match_within_day(
    t_day: np.ndarray,
    t_score: np.ndarray,
    c_day: np.ndarray,
    c_score: np.ndarray,
    k: int,
    caliper: float,
) -> Matches:
    """Match each treated row to up to `k` comparison rows of the same day whose score is within
    `caliper`. Comparisons come in (day, person key) order; those with equal scores are taken in
    that order (the person key ranks keyed pseudonyms: random-like, yet the same on every run)."""
    if len(c_day) == 0 or len(t_day) == 0:
        return Matches(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    # one sort key per row: the day plus the score squeezed into [0, 1), which sorts as (day,
    # score) does; a stable sort keeps the person order among equal scores
    c_key = _key(c_day, c_score, c_score, t_score)
    order = np.argsort(c_key, kind="stable")
    keys, day_s, score_s = c_key[order], c_day[order], c_score[order]
    lo = np.searchsorted(day_s, t_day, side="left")
    hi = np.searchsorted(day_s, t_day, side="right")
    pos = np.searchsorted(keys, _key(t_day, t_score, c_score, t_score))
    offsets = np.arange(-k, k)
    cand = pos[:, None] + offsets[None, :]
    valid = (cand >= lo[:, None]) & (cand < hi[:, None])
    cand_c = np.clip(cand, 0, len(order) - 1)
    dist = np.where(valid, np.abs(score_s[cand_c] - t_score[:, None]), np.inf)
    dist = np.where(dist <= caliper, dist, np.inf)
    pick = np.argsort(dist, axis=1, kind="stable")[:, :k]
    chosen_dist = np.take_along_axis(dist, pick, axis=1)
    ok = np.isfinite(chosen_dist)
    counts = ok.sum(axis=1)
    rows, cols = np.nonzero(ok)
    control = order[np.take_along_axis(cand_c, pick, axis=1)[rows, cols]]
    weight = 1.0 / counts[rows]
    return Matches(treated=rows, control=control, weight=weight)


def _key(day: np.ndarray, score: np.ndarray, *all_scores: np.ndarray) -> np.ndarray:
    """The day plus the score mapped monotonically into [0, 1): sorts as (day, score) does."""
    lo = min(float(a.min()) for a in all_scores if len(a))
    hi = max(float(a.max()) for a in all_scores if len(a))
    frac = (score - lo) / (hi - lo + 1e-9) * 0.999
    return day.astype(np.float64) + frac
