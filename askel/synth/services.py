"""Services of both organisations, derived from the status periods.

`07` and `00` periods carry the service behind them (so the register shows `07` while a person
is in a TE service); long unemployment periods pick up side services (coaching, social work,
health checks...) that leave the status unchanged, so services overlap unemployment, each other
and leave gaps, as real ones do.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from askel.synth import parameters as P
from askel.synth.register import SERVICES, Periods, lognormal_days

UNITS = {
    "KTT": "Työllisyyspalvelut",
    "TVA": "Työllisyyspalvelut",
    "PTK": "Työllisyyspalvelut",
    "OSA": "Työllisyyspalvelut",
    "SOS": "Sosiaalityö",
    "TER": "Terveyspalvelut",
    "PAM": "Terveyspalvelut",
    "TKA": "Työkykykoordinaatio",
}
_ORG = {c: v[3] for c, v in {**P.SERVICE_07, **P.SERVICE_00}.items()}


def service_rows(
    periods: Periods,
    rng: np.random.Generator,
    extra: pl.DataFrame | None = None,
    drop: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Every service row: pid, org ('te'|'kunta'), palvelu, start, end, kunta (index), askel
    (delivered within the joint project); `extra` adds rows of the same shape after the rows of
    the codes in `drop` are taken out (the draws stay the same, so other codes do not move)."""
    carried = np.flatnonzero(periods.service > 0)
    codes = np.array(SERVICES)[periods.service[carried]]
    start = periods.start[carried]
    end = periods.end[carried]
    jitter = rng.random(len(carried)) < P.SERVICE_END_JITTER
    end = np.maximum(end + np.where(jitter, rng.integers(-5, 11, len(carried)), 0), start)
    frames = [
        pl.DataFrame(
            {
                "pid": periods.pid[carried],
                "org": np.array([_ORG[c] for c in SERVICES[1:]])[periods.service[carried] - 1],
                "palvelu": codes,
                "start": start,
                "end": end,
                "kunta": periods.kunta[carried],
                "askel": np.zeros(len(carried), dtype=bool),
            }
        )
    ]
    length = periods.end - periods.start + 1
    eligible = np.flatnonzero((periods.status == P.S02) & (length >= 60))
    for code, (p, median, sd, org) in P.SIDE_SERVICES.items():
        pick = eligible[rng.random(len(eligible)) < p]
        st = periods.start[pick] + (rng.random(len(pick)) * (length[pick] - 5)).astype(np.int64)
        dur = lognormal_days(rng, np.full(len(pick), float(median)), np.full(len(pick), sd))
        frames.append(
            pl.DataFrame(
                {
                    "pid": periods.pid[pick],
                    "org": np.full(len(pick), org),
                    "palvelu": np.full(len(pick), code),
                    "start": st,
                    "end": st + dur - 1,
                    "kunta": periods.kunta[pick],
                    "askel": np.zeros(len(pick), dtype=bool),
                }
            )
        )
    rows = pl.concat(frames, how="vertical_relaxed")
    if drop:
        rows = rows.filter(~pl.col("palvelu").is_in(list(drop)))
    if extra is not None:
        rows = pl.concat([rows, extra], how="vertical_relaxed")
    return rows.unique(["pid", "org", "palvelu", "start"], keep="first", maintain_order=True)


def split_services(
    rows: pl.DataFrame, project_windows: list[tuple[int, int]], rng: np.random.Generator
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """te/palvelut and kunta/palvelut truth frames, sorted by person and start."""
    rows = rows.sort(["pid", "start", "palvelu"])
    te = rows.filter(pl.col("org") == "te")
    u = rng.random(te.height)
    interrupted = P.KESKEYTYI_EMPTY_SHARE + P.INTERRUPTED_SHARE
    te = te.with_columns(
        keskeytyi=pl.Series(
            np.where(u < P.KESKEYTYI_EMPTY_SHARE, "", np.where(u < interrupted, "K", "E"))
        ),
    ).drop("org", "kunta", "askel")
    ku = rows.filter(pl.col("org") == "kunta")
    n = ku.height
    in_project = np.zeros(n, dtype=bool)
    st = ku["start"].to_numpy()
    for lo, hi in project_windows:
        in_project |= (st >= lo) & (st <= hi)
    joint = (
        in_project
        & ku["palvelu"].is_in(["TVA", "KTT", "OSA"]).to_numpy()
        & (rng.random(n) < P.ASKEL_SHARE)
    )
    attended = np.where(
        ku["palvelu"].is_in(["KTT", "TVA", "PTK", "OSA"]).to_numpy(), rng.uniform(0.5, 0.9, n), -1
    )
    joint |= ku["askel"].to_numpy()
    ku = ku.with_columns(
        hanke=pl.Series(np.where(joint, "ASKEL", "")),
        attend=pl.Series(attended),
    ).drop("org", "askel")
    return te, ku
