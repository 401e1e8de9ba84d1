"""Persons of the synthetic area: identity codes (900-999 only), sex, age, education, home."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from askel.identity import CHECK_CHARACTERS
from askel.synth import parameters as P

EPOCH = dt.date(1970, 1, 1)


def day_number(d: dt.date) -> int:
    """Days since 1970-01-01 (the integer form every array of the generator uses)."""
    return (d - EPOCH).days


@dataclass
class Population:
    n: int
    hetu: pl.Series  # valid codes, unique, individual number 900-999
    birth: np.ndarray  # day numbers
    male: np.ndarray  # bool
    isced: np.ndarray  # 0..8
    home: np.ndarray  # index into the configured municipalities
    frailty: np.ndarray  # multiplier of unemployment durations
    tmt: np.ndarray  # receives labour market subsidy (Kela) when unemployed


def make_codes(birth: np.ndarray, individual: np.ndarray) -> pl.Series:
    """Vectorised `askel.identity.make_hetu` (same rule; the tests compare the two)."""
    dates = birth.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    months = dates.astype("datetime64[M]").astype(int) % 12 + 1
    days = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    ddmmyy = days * 10000 + months * 100 + years % 100
    check = (ddmmyy.astype(np.int64) * 1000 + individual) % 31
    sign = np.where(years >= 2000, "A", np.where(years >= 1900, "-", "+"))
    check_char = np.array(list(CHECK_CHARACTERS))[check]
    frame = pl.DataFrame({"d": ddmmyy, "s": sign, "n": individual, "c": check_char})
    return frame.select(
        pl.col("d").cast(pl.Utf8).str.zfill(6)
        + pl.col("s")
        + pl.col("n").cast(pl.Utf8)
        + pl.col("c")
    ).to_series()


def make_population(
    n: int, start: dt.date, n_municipalities: int, rng: np.random.Generator
) -> Population:
    """Draw `n` persons with unique codes: (birth date, individual number) sampled without
    replacement from the code space of the age range."""
    start_day = day_number(start)
    first = day_number(dt.date(start.year - P.AGE_MAX - 1, start.month, 1)) + 1
    last = day_number(dt.date(start.year - P.AGE_MIN, start.month, 1)) - 1
    n_days = last - first + 1
    space = n_days * 100
    if n > space:
        raise ValueError(f"{n} persons exceed the {space} identity codes of the age range")
    pick = rng.choice(space, size=n, replace=False)
    birth = first + pick // 100
    individual = 900 + pick % 100
    isced = rng.choice(9, size=n, p=np.asarray(P.ISCED_WEIGHTS) / sum(P.ISCED_WEIGHTS))
    if n_municipalities == 1:
        home = np.zeros(n, dtype=np.int64)
    else:
        rest = (1 - P.FIRST_MUNICIPALITY_SHARE) / (n_municipalities - 1)
        weights = [P.FIRST_MUNICIPALITY_SHARE] + [rest] * (n_municipalities - 1)
        home = rng.choice(n_municipalities, size=n, p=weights)
    age = (start_day - birth) / 365.25
    frailty = np.exp(P.FRAILTY_SD * rng.standard_normal(n))
    frailty *= np.where(isced <= 2, P.LOW_EDUCATION_DURATION, 1.0)
    frailty *= np.where(age >= 55, P.OLD_DURATION, np.where(age < 25, P.YOUNG_DURATION, 1.0))
    tmt_p = (
        P.TMT_SHARE
        + np.where(age < 25, P.TMT_YOUNG_EXTRA, 0)
        + np.where(isced <= 2, P.TMT_LOW_EDU_EXTRA, 0)
    )
    return Population(
        n=n,
        hetu=make_codes(birth, individual),
        birth=birth,
        male=individual % 2 == 1,
        isced=isced,
        home=home,
        frailty=frailty,
        tmt=rng.random(n) < tmt_p,
    )
