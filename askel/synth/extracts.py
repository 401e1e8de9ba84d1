"""The extracts as the partners would deliver them: one all-text frame per file.

Each snapshot keeps the rows that began on or before its extraction day (and were going on at or
began after the start day); an end after the extraction day is empty, and what is only known at
the end (`paattymissyy`, `keskeytyi`, attendance, the ESF situation upon leaving) is empty too.
Older snapshots restate a few rows (a status corrected, a service end recorded earlier, an ESF
entry status filled in later). Helper columns start with `_` and are never written:
`_s`/`_e` (start and end day numbers, `_e` = extraction day when empty) feed the defects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from askel.synth import parameters as P
from askel.synth.esf import NEVER
from askel.synth.population import Population
from askel.synth.register import Periods

EMPTY: None = None


@dataclass
class Truth:
    """Everything that happened, before any extraction cuts it."""

    pop: Population
    municipality_codes: list[str]
    municipality_names: list[str]
    start_day: int
    periods: pl.DataFrame
    te_services: pl.DataFrame
    kunta_services: pl.DataFrame
    esf: pl.DataFrame
    jobs: pl.DataFrame
    kela: pl.DataFrame
    #: with --effect: one row per (entry, horizon) with both potential outcomes (effects.py)
    effects: pl.DataFrame | None = None


def _date(col: str, pad: str = "_pad") -> pl.Expr:
    """Day number column -> `D.M.YYYY` text, zero-padded on the rows flagged `pad`."""
    d = pl.col(col).cast(pl.Int32).cast(pl.Date)
    return (
        pl.when(pl.col(pad)).then(d.dt.strftime("%d.%m.%Y")).otherwise(d.dt.strftime("%-d.%-m.%Y"))
    )


def _flags(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Per-row formatting and restatement flags, fixed across snapshots."""
    n = frame.height
    return frame.with_columns(
        _pad=pl.Series(rng.random(n) < P.PADDED_DATES),
        _restate=pl.Series(rng.random(n) < P.RESTATED_SHARE),
    )


def periods_frame(periods: Periods, start_day: int, rng: np.random.Generator) -> pl.DataFrame:
    keep = periods.end >= start_day
    frame = pl.DataFrame(
        {
            "pid": periods.pid[keep],
            "start": periods.start[keep],
            "end": periods.end[keep],
            "status": periods.status[keep].astype(np.int8),
            "kunta": periods.kunta[keep].astype(np.int16),
            "reason": periods.reason[keep].astype(np.int8),
        }
    )
    return _flags(frame, rng)


def with_flags(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    return _flags(frame, rng)


def _hetu(truth: Truth, frame: pl.DataFrame) -> pl.Series:
    return truth.pop.hetu.gather(frame["pid"]).alias("hetu")


def _cut(frame: pl.DataFrame, x: int, start: str = "start", end: str = "end") -> pl.DataFrame:
    """Rows begun by `x` and in scope; `_open` marks those going on at `x`."""
    return frame.filter(pl.col(start) <= x).with_columns(_open=pl.col(end) > x)


def _code_list(values: list[str]) -> pl.Series:
    return pl.Series(values, dtype=pl.Utf8)


def jobseeker_periods(truth: Truth, x: int, newest: bool) -> pl.DataFrame:
    f = _cut(truth.periods, x)
    statuses = _code_list(list(P.STATUSES))
    status = f["status"].to_numpy().astype(np.int64)
    if not newest:  # an older snapshot had these unemployment periods as lay-offs or back
        swap = f["_restate"].to_numpy() & np.isin(status, [P.S02, P.S03])
        status = np.where(swap, np.where(status == P.S02, P.S03, P.S02), status)
    codes = _code_list(truth.municipality_codes)
    names = _code_list(truth.municipality_names)
    reasons = _code_list(list(P.REASONS))
    kunta = f["kunta"].to_numpy().astype(np.int64)
    reason = f["reason"].to_numpy().astype(np.int64)
    return f.select(
        _hetu(truth, f),
        kotikunta=codes.gather(kunta),
        kotikunta_nimi=names.gather(kunta),
        tyollkoodi=statuses.gather(status),
        alkupvm=_date("start"),
        loppupvm=pl.when(pl.col("_open")).then(EMPTY).otherwise(_date("end")),
        paattymissyy=pl.when(pl.col("_open") | (pl.col("reason") < 0))
        .then(EMPTY)
        .otherwise(reasons.gather(np.maximum(reason, 0))),
        _s=pl.col("start"),
        _e=pl.when(pl.col("_open")).then(x).otherwise(pl.col("end")),
        _pad=pl.col("_pad"),
        _person=pl.col("pid"),
        _kunta=kunta,
    )


def _restated_end(f: pl.DataFrame, newest: bool, rng: np.random.Generator) -> pl.Expr:
    """An older snapshot may show a service ending earlier than it finally did."""
    if newest:
        return pl.col("end")
    earlier = pl.Series(rng.integers(1, 31, f.height))
    return (
        pl.when(pl.col("_restate") & ~pl.col("_open"))
        .then(pl.max_horizontal(pl.col("end") - earlier, pl.col("start")))
        .otherwise(pl.col("end"))
    )


def te_services(truth: Truth, x: int, newest: bool, rng: np.random.Generator) -> pl.DataFrame:
    f = _cut(truth.te_services, x)
    f = f.with_columns(end=_restated_end(f, newest, rng))
    return f.select(
        _hetu(truth, f),
        palvelu=pl.col("palvelu"),
        alkupvm=_date("start"),
        loppupvm=pl.when(pl.col("_open")).then(EMPTY).otherwise(_date("end")),
        keskeytyi=pl.when(pl.col("_open") | (pl.col("keskeytyi") == ""))
        .then(EMPTY)
        .otherwise(pl.col("keskeytyi")),
        _s=pl.col("start"),
        _e=pl.when(pl.col("_open")).then(x).otherwise(pl.col("end")),
        _pad=pl.col("_pad"),
    )


def kunta_services(truth: Truth, x: int, newest: bool, rng: np.random.Generator) -> pl.DataFrame:
    f = _cut(truth.kunta_services, x)
    f = f.with_columns(end=_restated_end(f, newest, rng))
    weekdays = np.busday_count(
        f["start"].to_numpy().astype("datetime64[D]"),
        (f["end"].to_numpy() + 1).astype("datetime64[D]"),
    )
    attended = np.rint(weekdays * f["attend"].to_numpy()).astype(np.int64)
    codes = _code_list(truth.municipality_codes)
    return f.select(
        asiakasnro=(pl.col("pid") + 500_000).cast(pl.Utf8),
        hetu=_hetu(truth, f),
        kunta=codes.gather(f["kunta"].to_numpy().astype(np.int64)),
        palvelu=pl.when(pl.col("_lower"))
        .then(pl.col("palvelu").str.to_lowercase())
        .otherwise(pl.col("palvelu")),
        alkupvm=_date("start"),
        loppupvm=pl.when(pl.col("_open")).then(EMPTY).otherwise(_date("end")),
        lasnapaivat=pl.when(pl.col("_open") | (pl.col("attend") < 0))
        .then(EMPTY)
        .otherwise(pl.Series(attended).cast(pl.Utf8)),
        hanke=pl.when(pl.col("hanke") == "").then(EMPTY).otherwise(pl.col("hanke")),
        yksikko=pl.col("yksikko"),
        _s=pl.col("start"),
        _e=pl.when(pl.col("_open")).then(x).otherwise(pl.col("end")),
        _pad=pl.col("_pad"),
    )


ESF_COLUMNS = (
    "hanketunnus", "hetu", "aloituspvm", "lopetuspvm", "tyomarkkina_asema", "koulutusaste",
    "kotitalous_tyoton", "huollettavia_lapsia", "yksinhuoltaja", "vahemmisto", "vamma",
    "muu_heikko_asema", "asunnoton", "maaseutu", "tilanne_lopussa", "tutkinto",
)  # fmt: skip


def esf_forms(truth: Truth, x: int, newest: bool) -> pl.DataFrame:
    f = truth.esf.filter(pl.col("entry") <= x)
    left = (pl.col("leave") != NEVER) & (pl.col("leave") <= x)
    known = left & (pl.col("leave") + 28 <= x)
    blank = lambda c: pl.when(pl.col(c) == "").then(EMPTY).otherwise(pl.col(c))  # noqa: E731
    asema = blank("tyomarkkina_asema")
    if not newest:
        asema = pl.when(pl.col("_restate")).then(EMPTY).otherwise(asema)
    cols = {
        "hanketunnus": pl.col("hanketunnus"),
        "hetu": _hetu(truth, f),
        "aloituspvm": _date("entry"),
        "lopetuspvm": pl.when(left).then(_date("leave")).otherwise(EMPTY),
        "tyomarkkina_asema": asema,
        "koulutusaste": blank("koulutusaste"),
    }
    for c in ESF_COLUMNS[6:14]:
        cols[c] = blank(c)
    cols["tilanne_lopussa"] = pl.when(known).then(blank("tilanne_lopussa")).otherwise(EMPTY)
    cols["tutkinto"] = pl.when(known).then(blank("tutkinto")).otherwise(EMPTY)
    return f.select(
        **cols,
        _s=pl.col("entry"),
        _e=pl.when(left).then(pl.col("leave")).otherwise(x),
        _pad=pl.col("_pad"),
        _text_dates=pl.col("text_dates"),
        _project_start=pl.col("project_start"),
    )


def jobs(truth: Truth, x: int) -> pl.DataFrame:
    f = _cut(truth.jobs, x).filter(pl.col("end") >= truth.start_day)
    return f.select(
        ytunnus=pl.col("ytunnus"),
        hetu=_hetu(truth, f),
        alkupvm=_date("start"),
        loppupvm=pl.when(pl.col("_open")).then(EMPTY).otherwise(_date("end")),
        palkkatuettu=pl.col("palkkatuettu"),
        _s=pl.col("start"),
        _e=pl.when(pl.col("_open")).then(x).otherwise(pl.col("end")),
        _pad=pl.col("_pad"),
    )


def kela_bills(truth: Truth) -> pl.DataFrame:
    """All months in one frame; `_month` names the file."""
    f = truth.kela
    codes = _code_list(truth.municipality_codes)
    month = pl.col("month")
    euros = (
        (pl.col("eur_cents") // 100).cast(pl.Utf8)
        + ","
        + (pl.col("eur_cents") % 100).cast(pl.Utf8).str.zfill(2)
    )
    return f.select(
        _hetu(truth, f),
        kunta=codes.gather(f["kunta"].to_numpy().astype(np.int64)),
        kuukausi=(month // 12 + 1970).cast(pl.Utf8)
        + "-"
        + (month % 12 + 1).cast(pl.Utf8).str.zfill(2),
        maksetut_paivat=pl.col("paid").cast(pl.Utf8),
        kertyneet_paivat=pl.col("kertyneet").cast(pl.Utf8),
        kuntaosuus_pct=pl.col("pct").cast(pl.Utf8),
        kuntaosuus_eur=euros,
        _month=month,
    ).sort("_month", maintain_order=True)
