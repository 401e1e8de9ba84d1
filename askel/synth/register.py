"""Jobseeker status periods: a semi-Markov process stepped for all persons at once.

One step draws, for every person still inside the horizon, the length of the current period
and what follows it: another period of the same registration starting the next day, or the end
of the registration (its reason on this last period) and a gap of at least one day outside the
register. So periods of one person never share a day and `paattymissyy` is set exactly on the
periods that no period follows the next day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from askel.synth import parameters as P
from askel.synth.population import Population

#: service codes carried by periods; index 0 = none
SERVICES = ("", *P.SERVICE_07, *P.SERVICE_00)
SERVICE_INDEX = {code: i for i, code in enumerate(SERVICES)}
_ROW_KEYS = ("00", "01", "02", "02L", "03", "04", "05", "07", "07T", "08", "09")
_ROW = {k: i for i, k in enumerate(_ROW_KEYS)}


@dataclass
class Periods:
    """Every simulated period, sorted by person and start (day numbers; end inclusive)."""

    pid: np.ndarray
    start: np.ndarray
    end: np.ndarray
    status: np.ndarray  # index into P.STATUSES
    kunta: np.ndarray  # index into the configured municipalities
    reason: np.ndarray  # index into P.REASONS, -1 when the registration goes on
    service: np.ndarray  # index into SERVICES

    def __len__(self) -> int:
        return len(self.pid)

    def take(self, idx: np.ndarray) -> Periods:
        return Periods(**{k: v[idx] for k, v in self.__dict__.items()})


def lognormal_days(rng: np.random.Generator, median: np.ndarray, sd: np.ndarray) -> np.ndarray:
    days = np.ceil(median * np.exp(sd * rng.standard_normal(len(median))))
    return np.clip(days, 1, P.MAX_DURATION).astype(np.int64)


def _sample(rng: np.random.Generator, cumulative: np.ndarray) -> np.ndarray:
    """One draw per row of a matrix of cumulative probabilities."""
    u = rng.random(len(cumulative))[:, None]
    return np.minimum((u > cumulative).sum(axis=1), cumulative.shape[1] - 1)


def _cumulative(rows: dict[str, tuple[float, ...]]) -> np.ndarray:
    m = np.array([rows[k] for k in _ROW_KEYS], dtype=float)
    return np.cumsum(m / m.sum(axis=1, keepdims=True), axis=1)


_TRANS = _cumulative(P.TRANSITIONS)
_REASON = _cumulative(P.EXIT_REASONS)


def _service_table(services: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    codes = np.array([SERVICE_INDEX[c] for c in services])
    w = np.array([v[0] for v in services.values()])
    return (
        codes,
        np.cumsum(w / w.sum()),
        np.array([v[1] for v in services.values()], float),
        np.array([v[2] for v in services.values()], float),
    )


_S07 = _service_table(P.SERVICE_07)
_S00 = _service_table(P.SERVICE_00)


def _period_law(
    rng: np.random.Generator, status: np.ndarray, frailty: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-normal length (median days, log-sd) and carried service of a period of each status."""
    median = np.ones(len(status))
    sd = np.full(len(status), 0.5)
    service = np.zeros(len(status), dtype=np.int64)
    for s, (med, sigma) in P.DURATION.items():
        mask = status == s
        median[mask], sd[mask] = med, sigma
    for s, (codes, cum, med, sigma) in ((P.S07, _S07), (P.S00, _S00)):
        mask = np.flatnonzero(status == s)
        pick = np.minimum(np.searchsorted(cum, rng.random(len(mask))), len(codes) - 1)
        service[mask], median[mask], sd[mask] = codes[pick], med[pick], sigma[pick]
    median = np.where(status == P.S02, median * frailty, median)
    return median, sd, service


def _move(rng: np.random.Generator, kunta: np.ndarray, p: float, n_muni: int) -> np.ndarray:
    if n_muni < 2:
        return kunta
    moving = rng.random(len(kunta)) < p
    shift = rng.integers(1, n_muni, len(kunta))
    return np.where(moving, (kunta + shift) % n_muni, kunta)


def _next_term(day: np.ndarray) -> np.ndarray:
    """The first 1 January or 1 July on or after each day."""
    d = day.astype("datetime64[D]")
    year = d.astype("datetime64[Y]")
    jan = year.astype("datetime64[D]")
    july = (year.astype("datetime64[M]") + np.timedelta64(6, "M")).astype("datetime64[D]")
    next_jan = (year + np.timedelta64(1, "Y")).astype("datetime64[D]")
    return np.where(d <= jan, jan, np.where(d <= july, july, next_jan)).astype(np.int64)


def first_registration_days(
    rng: np.random.Generator, start_day: int, end_day: int, n: int
) -> np.ndarray:
    """`n` days in [start_day, end_day] drawn with the seasonal, trending weights of
    parameters.py (one uniform draw per person, inverted through the days' cumulative weight)."""
    days = np.arange(start_day, end_day + 1, dtype=np.int64)
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    weight = np.asarray(P.FIRST_REGISTRATION_MONTH_WEIGHTS, dtype=float)[month]
    weight *= 1.0 + P.FIRST_REGISTRATION_TREND * (days - start_day) / 365.25
    cumulative = np.cumsum(weight)
    pick = np.searchsorted(cumulative, rng.random(n) * cumulative[-1], side="right")
    return days[np.minimum(pick, len(days) - 1)]


def simulate(
    pop: Population, start_day: int, end_day: int, n_muni: int, rng: np.random.Generator
) -> Periods:
    """Periods of every person from their first registration up to `end_day`."""
    n = pop.n
    stock = rng.random(n) < P.STOCK_SHARE
    stock_w = np.asarray(P.STOCK_STATUS_WEIGHTS) / sum(P.STOCK_STATUS_WEIGHTS)
    entry_w = np.asarray(P.ENTRY_STATUS_WEIGHTS) / sum(P.ENTRY_STATUS_WEIGHTS)
    state = np.where(stock, rng.choice(9, n, p=stock_w), rng.choice(9, n, p=entry_w))
    t = np.where(stock, start_day, first_registration_days(rng, start_day, end_day, n))
    kunta = pop.home.astype(np.int64).copy()
    first = stock.copy()  # the stock's first period began before the start day
    active = np.ones(n, dtype=bool)
    parts: list[tuple[np.ndarray, ...]] = []
    while active.any():
        idx = np.flatnonzero(active)
        s = state[idx]
        median, sd, svc = _period_law(rng, s, pop.frailty[idx])
        d = lognormal_days(rng, median, sd)
        st = t[idx].copy()
        fi = np.flatnonzero(first[idx])
        if fi.size:
            # the period going on at the start day, as in a register that has run for years:
            # its length is length-biased (log-normal: median * exp(sd^2)), since a long period
            # is more likely to cover a given day, and the day falls uniformly within it; so
            # exit rates by elapsed duration do not drift while this first stock ages out
            total = lognormal_days(rng, median[fi] * np.exp(sd[fi] ** 2), sd[fi])
            elapsed = (rng.random(fi.size) * total).astype(np.int64)
            st[fi] = start_day - elapsed
            d[fi] = total
            first[idx[fi]] = False
        end = st + d - 1
        # winter: unemployment ending in November-January often lasts until spring
        month = end.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12 + 1
        winter = (s == P.S02) & np.isin(month, (11, 12, 1)) & (rng.random(len(s)) < P.WINTER_DELAY)
        end = end + np.where(winter, rng.integers(*P.WINTER_DELAY_DAYS, len(s)), 0)

        row = np.array([_ROW[k] for k in P.STATUSES])[s]
        row = np.where((s == P.S02) & (end - st + 1 > P.LONG_UNEMPLOYMENT_DAYS), _ROW["02L"], row)
        training = np.isin(svc, [SERVICE_INDEX["TVK"], SERVICE_INDEX["TKO"]])
        row = np.where((s == P.S07) & training, _ROW["07T"], row)
        nxt = _sample(rng, _TRANS[row])
        exits = nxt == P.EXIT
        reason = np.full(len(s), -1, dtype=np.int64)
        reason[exits] = _sample(rng, _REASON[row[exits]])
        parts.append((idx, st, end, s, kunta[idx].copy(), reason, svc))

        t_next = end + 1
        gap = lognormal_days(rng, np.full(len(s), P.GAP[0], float), np.full(len(s), P.GAP[1]))
        returning = t_next + gap
        seasonal = rng.random(len(s)) < P.SEASONAL_RETURN
        returning = np.where(seasonal, np.maximum(_next_term(returning), returning), returning)
        never = rng.random(len(s)) < P.NEVER_RETURN
        t_next = np.where(exits, returning, t_next)
        new_state = np.where(exits, rng.choice(9, len(s), p=entry_w), nxt)
        moved_within = _move(rng, kunta[idx], P.MOVE_WITHIN_REGISTRATION, n_muni)
        moved_between = _move(rng, kunta[idx], P.MOVE_BETWEEN_REGISTRATIONS, n_muni)
        kunta[idx] = np.where(exits, moved_between, moved_within)
        state[idx] = new_state
        t[idx] = t_next
        active[idx] = (t_next <= end_day) & ~(exits & never)

    cols = [np.concatenate(c) for c in zip(*parts, strict=True)]
    pid, st, end, status, kun, reason, service = cols
    order = np.lexsort((st, pid))
    return Periods(
        pid=pid[order],
        start=st[order],
        end=end[order],
        status=status[order],
        kunta=kun[order],
        reason=reason[order],
        service=service[order],
    )


def locate(periods: Periods, pid: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Index of the last period of `pid` starting on or before `day`, or -1 when none."""
    key = periods.pid * 100_000 + (periods.start - periods.start.min())
    probe = pid * 100_000 + (day - periods.start.min())
    pos = np.searchsorted(key, probe, side="right") - 1
    ok = (pos >= 0) & (periods.pid[np.maximum(pos, 0)] == pid)
    return np.where(ok, pos, -1)
