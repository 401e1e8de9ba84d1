"""Anticipated flows (indicators.md §10): a cohort projection of the unemployment stock.

For one origin day and one area the projection follows, month end by month end over the six
months after the origin's month:

- **the stock on the origin**, cohort by cohort (elapsed months of the spell, and the month in
  which the spell reaches 12 months), thinned each month by the exit rate of its elapsed
  duration. Exit rates are Kaplan-Meier-style monthly hazards (exits / spells at risk) by
  elapsed duration, estimated from the 24 months up to the origin; a spell still going on at
  the origin is at risk in each month it was observed and never counted as an exit (censoring
  handled by construction). A seasonal multiplier per calendar month (observed / expected exits
  in that calendar month of the window) carries the winter dip in exits;
- **the inflow** after the origin: each month's count is the same calendar month of the last
  one or two years, each scaled by how the trailing 12-month inflow has grown since then
  (seasonality and trend from the area's own history); new spells then leave at the rates of
  their own durations;
- **long-term unemployed**: the stock's spells that will have reached 12 months (§2) and not
  left by then; a new spell cannot become long-term within six months, so the long-term stock
  depends on the known stock alone. The month's **new long-term unemployed** are the spells
  crossing 12 months in that month that last until their crossing day;
- **structural unemployment** (§2) = the projected long-term unemployed + the other structural
  parts (repeatedly unemployed, returned from services, structural persons in services) held at
  their value on the origin: in the backtests a seasonal or a ratio model of those parts missed
  by more than this persistence forecast.

The point forecast is the expected value. The 80 % prediction interval is the 10th-90th
percentile of a simulation (seeded per origin and area, so the same warehouse gives the same
bytes): exits and inflow drawn as binomial and Poisson counts, exit rates drawn from their
estimation uncertainty (beta) times a common level shock sized by the month-to-month variation
of exits beyond chance, the inflow level shocked by the inflow model's own recent errors, and
the non-long-term structural parts by their observed changes over the same number of months.

Municipalities use their own stock, inflow and exit rates, the exit rates shrunk toward the
whole area's (50 pseudo spell-months at risk), so a small municipality borrows strength from
ALL; seasonal multipliers are the whole area's.

Months are integers (year * 12 + month - 1) here; the dbt model converts.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

HORIZON = 6
SIMULATIONS = 1000
INTERVAL = (0.1, 0.9)  # 80 % prediction interval
WINDOW_MONTHS = 24  # exit rates from the 24 months before the origin (indicators.md §10)
MAX_ELAPSED = 48  # elapsed months pooled from here on ("48 or more")
SHRINK_AT_RISK = 50.0  # pseudo spell-months at risk of the area prior (municipalities -> ALL)
MAX_HAZARD = 0.99
INFLOW_YEARS = (1, 2)  # the same calendar month of the last two years
MEASURES = (
    "unemployed_end",
    "long_term_unemployed_end",
    "new_long_term_unemployed",
    "structural_unemployment_end",
)
_ELAPSED = MAX_ELAPSED + 2  # columns: elapsed -1 (the spell's first month), 0 .. MAX_ELAPSED


@dataclass(frozen=True)
class Stock:
    """The area's stock on the origin, one entry per cohort."""

    elapsed: np.ndarray  # elapsed months at the origin's month (0 = began in it), capped
    crossing: np.ndarray  # months after the origin's month in which the spell reaches 12 months
    # (<= 0: long-term on every month end after the origin)
    spells: np.ndarray
    crossing_share: np.ndarray  # mean share of the crossing month before the crossing day
    crossed_by_cut: np.ndarray  # share of the cohort that crosses on or before the last day
    # projected, when that day is not a month end (as_of in its month; used for crossing == it)


@dataclass(frozen=True)
class Timing:
    """Where within months the projection starts and stops."""

    origin_month: int
    remaining_share: float = 0.0  # share of the origin's month after the origin
    last_step: int = HORIZON  # the last month projected (months after the origin's month)
    last_share: float = 1.0  # share of that month up to its reference day (as_of in its month)


@dataclass(frozen=True)
class Window:
    """Spells at risk and exits of the 24 months up to the origin, by month and elapsed months."""

    months: np.ndarray  # month numbers, one per row
    at_risk: np.ndarray  # (rows, _ELAPSED); column 0 = elapsed -1, column k = elapsed k - 1
    exits: np.ndarray


@dataclass(frozen=True)
class Rates:
    """Monthly exit hazards: by elapsed months (0..MAX_ELAPSED), for the first month by calendar
    month, seasonal multipliers by calendar month, and the beta counts behind them."""

    hazard: np.ndarray  # (MAX_ELAPSED + 1,)
    first_month: np.ndarray  # (12,) hazard of leaving within the first month, by calendar month
    season: np.ndarray  # (12,)
    level_sd: float  # sd of the common level shock (log scale)
    hazard_beta: tuple[np.ndarray, np.ndarray]
    first_month_beta: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Inflow:
    expected: np.ndarray  # (HORIZON + 1,): the origin's month, then the six months after it
    level_sd: float  # sd of the inflow level shock (log scale)


@dataclass(frozen=True)
class Projection:
    forecast: np.ndarray  # (HORIZON, len(MEASURES)) expected values
    low: np.ndarray  # (HORIZON, len(MEASURES)) 10th percentile
    high: np.ndarray  # 90th percentile


def month_number(year: int, month: int) -> int:
    return year * 12 + month - 1


def estimate_rates(window: Window, prior: Rates | None = None) -> Rates:
    """Exit hazards of the window; with `prior` (the whole area's rates) shrunk toward it and
    its seasonal multipliers used as they are."""
    calendar = window.months % 12
    at_risk = window.at_risk.sum(axis=0)
    exits = window.exits.sum(axis=0)
    if prior is None:
        overall = exits[1:].sum() / max(at_risk[1:].sum(), 1.0)
        prior_hazard = np.full(MAX_ELAPSED + 1, overall)
        weight = 1.0  # only fills durations nobody was at risk at
    else:
        prior_hazard = prior.hazard
        weight = SHRINK_AT_RISK
    hazard_beta = (
        exits[1:] + weight * prior_hazard,
        at_risk[1:] - exits[1:] + weight * (1 - prior_hazard),
    )
    hazard = _mean(hazard_beta)

    first_exits = np.bincount(calendar, weights=window.exits[:, 0], minlength=12)
    first_at_risk = np.bincount(calendar, weights=window.at_risk[:, 0], minlength=12)
    if prior is None:
        overall = first_exits.sum() / max(first_at_risk.sum(), 1.0)
        prior_first = np.full(12, overall)
    else:
        prior_first = prior.first_month
    first_beta = (
        first_exits + weight * prior_first,
        first_at_risk - first_exits + weight * (1 - prior_first),
    )
    first_month = _mean(first_beta)

    observed = window.exits[:, 1:].sum(axis=1)
    expected_flat = window.at_risk[:, 1:] @ hazard
    if prior is None:
        obs_c = np.bincount(calendar, weights=observed, minlength=12)
        exp_c = np.bincount(calendar, weights=expected_flat, minlength=12)
        season = np.where(exp_c > 0, obs_c / np.where(exp_c > 0, exp_c, 1.0), 1.0)
    else:
        season = prior.season
    expected = expected_flat * season[calendar]
    usable = expected > 0
    level_sd = 0.0
    if usable.sum() > 12:
        ratio = observed[usable] / expected[usable]
        # the seasonal multipliers were fitted to these months: correct the variance for them,
        # then take out what chance alone (Poisson) explains
        spread = ratio.var() * usable.sum() / (usable.sum() - 12)
        level_sd = float(np.sqrt(max(0.0, spread - np.mean(1.0 / expected[usable]))))
    return Rates(hazard, first_month, season, level_sd, hazard_beta, first_beta)


def _mean(beta: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    total = beta[0] + beta[1]
    return np.where(total > 0, beta[0] / np.where(total > 0, total, 1.0), 0.0)


def _draw(rng: np.random.Generator, beta: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    """Exit rates drawn from their beta posterior (Jeffreys: + 1/2 on both counts)."""
    a, b = (np.broadcast_to(x + 0.5, (n, len(x))) for x in beta)
    return rng.beta(a, b)


def _trailing_level(history: Mapping[int, float], last: int) -> float | None:
    values = [history.get(m) for m in range(last - 11, last + 1)]
    if any(v is None for v in values):
        return None
    return float(np.mean(values))


def _expected_inflow(history: Mapping[int, float], last_complete: int, month: int) -> float:
    level = _trailing_level(history, last_complete)
    if level is None:
        known = [history[m] for m in range(last_complete - 11, last_complete + 1) if m in history]
        return float(np.mean(known)) if known else 0.0
    factors = []
    for years in INFLOW_YEARS:
        then = _trailing_level(history, last_complete - 12 * years)
        same_month = history.get(month - 12 * years)
        if then and same_month is not None:
            factors.append(same_month / then)
    return level * float(np.mean(factors)) if factors else level


def forecast_inflow(history: Mapping[int, float], last_complete: int, origin_month: int) -> Inflow:
    """Expected inflow in the origin's month and the six months after it, from complete months
    up to `last_complete`; the level shock's sd from the model's one-month-ahead errors over the
    last 12 complete months (beyond Poisson chance)."""
    expected = np.array(
        [_expected_inflow(history, last_complete, origin_month + j) for j in range(HORIZON + 1)]
    )
    errors, chance = [], []
    for month in range(last_complete - 11, last_complete + 1):
        if month in history and _trailing_level(history, month - 13) is not None:
            predicted = _expected_inflow(history, month - 1, month)
            errors.append(np.log((history[month] + 1.0) / (predicted + 1.0)))
            chance.append(1.0 / (predicted + 1.0))
    level_sd = 0.0
    if len(errors) >= 6:
        level_sd = float(np.sqrt(max(0.0, np.mean(np.square(errors)) - np.mean(chance))))
    return Inflow(expected, level_sd)


def rest_change_sd(rest: Mapping[int, float], last_complete: int) -> np.ndarray:
    """Root mean square change of the non-long-term structural parts over 1..6 months, over the
    24 months up to `last_complete`."""
    out = np.zeros(HORIZON)
    for h in range(1, HORIZON + 1):
        changes = [
            rest[m] - rest[m - h]
            for m in range(last_complete - WINDOW_MONTHS + 1 + h, last_complete + 1)
            if m in rest and m - h in rest
        ]
        out[h - 1] = float(np.sqrt(np.mean(np.square(changes)))) if changes else 0.0
    return out


def _survive(alive: np.ndarray, stay: np.ndarray, rng: np.random.Generator | None) -> np.ndarray:
    return alive * stay if rng is None else rng.binomial(alive, stay)


def _paths(
    stock: Stock,
    hazard: np.ndarray,  # (n, MAX_ELAPSED + 1)
    first_month: np.ndarray,  # (n, 12)
    season: np.ndarray,  # (12,)
    level: np.ndarray,  # (n, 1)
    inflow: np.ndarray,  # (n, HORIZON + 1) expected counts, from the origin's month
    timing: Timing,
    rng: np.random.Generator | None,
) -> np.ndarray:
    """Unemployed, long-term unemployed and new long-term unemployed on the reference days of
    the months after the origin's: expected values (rng None, n = 1) or n simulated paths.
    Returns (n, HORIZON, 3); months after `timing.last_step` are NaN."""
    n = hazard.shape[0]
    rows = np.arange(n)
    origin_month = timing.origin_month

    def exit_rate(elapsed: np.ndarray, month: int) -> np.ndarray:
        cal = month % 12
        later = np.minimum(hazard[:, np.clip(elapsed, 0, MAX_ELAPSED)] * season[cal] * level, 1)
        first = np.broadcast_to(first_month[:, cal][:, None], later.shape)
        return np.minimum(np.where(elapsed < 0, first, later), MAX_HAZARD)

    def arrive(month_index: int, month: int, share: float) -> np.ndarray:
        """New spells of (a share of) a month still unemployed at its end."""
        arrivals = inflow[:, month_index] * share
        if rng is not None:
            arrivals = rng.poisson(arrivals)
        return _survive(arrivals, 1 - first_month[rows, month % 12] * share, rng)

    alive = np.broadcast_to(stock.spells, (n, len(stock.spells))).copy()
    if rng is None:
        alive = alive.astype(float)
    new_alive: list[np.ndarray] = []  # inflow cohorts, by the step they entered
    new_elapsed: list[int] = []
    if timing.remaining_share > 0:
        p = exit_rate(stock.elapsed - 1, origin_month) * timing.remaining_share
        alive = _survive(alive, 1 - p, rng)
        new_alive.append(arrive(0, origin_month, timing.remaining_share))
        new_elapsed.append(0)
    out = np.full((n, HORIZON, 3), np.nan)
    for j in range(1, timing.last_step + 1):
        month = origin_month + j
        share = timing.last_share if j == timing.last_step else 1.0
        p = exit_rate(stock.elapsed + j - 1, month) * share
        crossing = stock.crossing == j
        if share < 1:
            # the month ends on as_of: who has crossed by then
            alive = _survive(alive, 1 - p, rng)
            reached = _survive(alive[:, crossing], stock.crossed_by_cut[crossing], rng)
            long_term = alive[:, stock.crossing < j].sum(axis=1) + reached.sum(axis=1)
        else:
            # cohorts crossing 12 months this month: first the exits before the crossing day,
            # then the rest of the month's exits among those who crossed
            p_cross = p[:, crossing]
            before = p_cross * stock.crossing_share[crossing]
            reached = _survive(alive[:, crossing], 1 - before, rng)
            alive[:, crossing] = _survive(reached, 1 - (p_cross - before) / (1 - before), rng)
            alive[:, ~crossing] = _survive(alive[:, ~crossing], 1 - p[:, ~crossing], rng)
            long_term = alive[:, stock.crossing <= j].sum(axis=1)
        for k, cohort in enumerate(new_alive):
            q = exit_rate(np.array([new_elapsed[k]]), month)[:, 0] * share
            new_alive[k] = _survive(cohort, 1 - q, rng)
            new_elapsed[k] += 1
        new_alive.append(arrive(j, month, share))
        new_elapsed.append(0)
        out[:, j - 1, 0] = alive.sum(axis=1) + np.sum(new_alive, axis=0)
        out[:, j - 1, 1] = long_term
        out[:, j - 1, 2] = reached.sum(axis=1)
    return out


def seed_for(origin_ordinal: int, area: str) -> np.random.SeedSequence:
    """The simulation's seed: the origin and the area only, so a result does not depend on the
    order in which areas are processed."""
    return np.random.SeedSequence([origin_ordinal, zlib.crc32(area.encode())])


def project(
    stock: Stock,
    rates: Rates,
    inflow: Inflow,
    rest_at_origin: float,
    rest_sd: np.ndarray,
    timing: Timing,
    seed: np.random.SeedSequence,
    simulations: int = SIMULATIONS,
) -> Projection:
    """Expected values and 80 % intervals of the four measures for the months after the
    origin's (NaN after `timing.last_step`)."""
    one = np.ones((1, 1))
    mean = _paths(
        stock,
        rates.hazard[None, :],
        rates.first_month[None, :],
        rates.season,
        one,
        inflow.expected[None, :],
        timing,
        None,
    )[0]
    forecast = np.column_stack([mean, mean[:, 1] + rest_at_origin])

    rng = np.random.default_rng(seed)
    n = simulations
    hazard = _draw(rng, rates.hazard_beta, n)
    first = _draw(rng, rates.first_month_beta, n)
    level = np.exp(rates.level_sd * rng.standard_normal((n, 1)) - rates.level_sd**2 / 2)
    inflow_shock = np.exp(inflow.level_sd * rng.standard_normal((n, 1)) - inflow.level_sd**2 / 2)
    sims = _paths(
        stock,
        hazard,
        first,
        rates.season,
        level,
        inflow.expected[None, :] * inflow_shock,
        timing,
        rng,
    )
    rest = np.maximum(np.rint(rest_at_origin + rest_sd * rng.standard_normal((n, 1))), 0)
    sims = np.concatenate([sims, (sims[:, :, 1] + rest)[:, :, None]], axis=2)
    low, high = np.quantile(sims, INTERVAL, axis=0, method="inverted_cdf")
    # an interval always holds its point forecast
    low = np.minimum(low, np.floor(forecast))
    high = np.maximum(high, np.ceil(forecast))
    return Projection(forecast, low, high)
