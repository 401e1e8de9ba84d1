"""The matching variables of indicators.md §9 as numbers: one column per category level (sex, age
band, education group, municipality, calendar quarter of T) and the counts as they are (elapsed
months of the spell, unemployed days in the 24 months before it, earlier rows of any active
measure). The same columns serve the propensity model and the balance table, so balance is
judged on what the model was asked to balance."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

CATEGORICAL = ("sex", "age_band", "education_group", "municipality_code", "quarter")
NUMERIC = ("elapsed_months", "prior_unemployed_days", "earlier_active_rows")
#: constant within an entry day, so balanced by matching on the day itself: shown in the
#: balance table, left out of the propensity model (it would only move the intercept of a day)
DAY_LEVEL = ("quarter",)
#: elapsed months at which the propensity model may step (see `design`)
ELAPSED_STEPS = (3, 6, 12, 24)


@dataclass
class Design:
    """`x`: the matching variables, one row per person-day (float32), named in `names`;
    `model`: the propensity model's inputs (day-level columns left out; counts both as log1p,
    since a long spell or many earlier rows would otherwise dominate a linear score, and as they
    are; and a few steps, see `design`)."""

    x: np.ndarray
    names: list[str]
    model: np.ndarray


def design(days: pl.DataFrame) -> Design:
    columns: list[pl.Expr] = []
    names: list[str] = []
    in_model: list[bool] = []
    for name in CATEGORICAL:
        col = pl.col(name).cast(pl.Utf8).fill_null("unknown")
        for level in sorted(days.get_column(name).cast(pl.Utf8).fill_null("unknown").unique()):
            label = f"{name}={level}"
            columns.append((col == level).cast(pl.Float32).alias(label))
            names.append(label)
            in_model.append(name not in DAY_LEVEL)
    for name in NUMERIC:
        columns.append(pl.col(name).fill_null(0).cast(pl.Float32).alias(name))
        names.append(name)
        in_model.append(True)
    x = days.select(columns).to_numpy().astype(np.float32, copy=False)
    model = x[:, np.asarray(in_model)].copy()
    counts = np.array([n in NUMERIC for n, keep in zip(names, in_model, strict=True) if keep])
    raw_counts = model[:, counts].copy()
    model[:, counts] = np.log1p(model[:, counts])
    # the counts as they are too: on the log scale alone the long tail (a year or more of
    # earlier unemployment) stays unbalanced, and balance is judged on the raw counts
    # steps a linear score on log counts cannot draw: the elapsed duration's usual bands (the
    # 3-, 6- and 12-month marks where selection into services and exits change) and whether
    # there was any earlier unemployment or active measure at all
    steps = days.select(
        *[
            (pl.col("elapsed_months").fill_null(0) >= m).cast(pl.Float32).alias(f"elapsed_{m}")
            for m in ELAPSED_STEPS
        ],
        (pl.col("prior_unemployed_days").fill_null(0) > 0).cast(pl.Float32).alias("prior"),
        (pl.col("earlier_active_rows").fill_null(0) > 0).cast(pl.Float32).alias("earlier"),
    ).to_numpy()
    model = np.hstack([model, raw_counts, steps.astype(np.float32)])
    return Design(x=x, names=names, model=model)
