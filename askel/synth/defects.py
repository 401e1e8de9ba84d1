"""Defects of real extracts, injected reproducibly into the all-text frames before writing.

Every injected row breaks exactly one rule, and that rule is the first of sources.md's table that
applies, so `defects.json` matches `quality/findings.csv` one to one: in-place edits change one
field of a distinct clean row (its dates stay such that it overlaps nothing), a `duplicate` is
an exact copy of a clean row inserted after it, an `overlap` is a new period strictly inside a
clean period of the same person (start later, end not later) inserted after it, and a
`truncated_row` is the file's last line cut short. Each kind gets at least one row per file
group, then `rate` per eligible row. The finding of a duplicate in te/tyonhakijajaksot is
`duplicate` even though it shares days with its original: the quarantined copy is not a period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from askel.identity import CHECK_CHARACTERS
from askel.synth.population import EPOCH

KIND = "_kind"
ORDER = "_ord"


@dataclass
class Target:
    """What can go wrong in one file group and where."""

    kinds: tuple[str, ...]
    start: str | None = None  # date columns, text D.M.YYYY
    end: str | None = None
    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column -> unknown values
    month: str | None = None  # kela: YYYY-MM column


def _day_text(day: int, pad: bool) -> str:
    d = EPOCH + dt.timedelta(days=int(day))
    return f"{d.day:02d}.{d.month:02d}.{d.year}" if pad else f"{d.day}.{d.month}.{d.year}"


def _bad_hetu(code: str, variant: int) -> str:
    if variant == 0:  # wrong check character
        return code[:10] + CHECK_CHARACTERS[(CHECK_CHARACTERS.index(code[10]) + 1) % 31]
    if variant == 1:  # impossible birth date (month 13)
        return code[:2] + "13" + code[4:]
    return code[:6] + "Z" + code[7:]  # no such century sign


def _bad_date(day: int, variant: int) -> str:
    d = EPOCH + dt.timedelta(days=int(day))
    if variant == 0:
        return f"{d.day}.13.{d.year}"
    if variant == 1:
        return d.isoformat()
    if variant == 2:
        return f"32.{d.month}.{d.year}"
    return ""  # empty required date


def _counts(n: int, rate: float, kinds: tuple[str, ...]) -> dict[str, int]:
    want = {k: max(1, round(rate * n)) for k in kinds if k != "truncated_row"}
    total = sum(want.values())
    if total > n:  # tiny frames: scale down, keeping one of each when possible
        want = {k: max(1, v * n // total) for k, v in want.items()}
        while sum(want.values()) > n and any(v > 1 for v in want.values()):
            k = max(want, key=want.__getitem__)
            want[k] -= 1
    return want


IN_PLACE = ("invalid_hetu", "bad_date", "end_before_start", "unknown_code", "out_of_project")
SLOTS = 16  # inserted rows go right after their base: ORDER = base * SLOTS + slot


def _edit(
    frame: pl.DataFrame, kind: str, rows: list[int], target: Target, rng: np.random.Generator
) -> pl.DataFrame:
    """`frame` with one field of each row in `rows` broken in the way `kind` names."""
    columns = {c: frame[c] for c in frame.columns}
    starts, pads = frame["_s"].to_numpy(), frame["_pad"].to_numpy()

    def edit(col: str, idx: list[int], values: list[str | None]) -> None:
        if idx:
            values = [v if v != "" else None for v in values]  # empty field
            columns[col] = columns[col].scatter(idx, pl.Series(values, dtype=pl.Utf8))

    if kind == "invalid_hetu":
        hetus = frame["hetu"].gather(rows).to_list()
        edit("hetu", rows, [_bad_hetu(h, i % 3) for i, h in enumerate(hetus)])
    elif kind == "bad_date" and target.month:
        edit(target.month, rows, [("2020-13", "", "13/2020")[i % 3] for i in range(len(rows))])
    elif kind == "bad_date":
        # the ISO-text variant first: every file with a bad date has one (sources.md allows
        # D.M.YYYY only, and a real export from a spreadsheet tends to produce exactly that)
        edit(target.start, rows, [_bad_date(starts[r], (i + 1) % 4) for i, r in enumerate(rows)])  # type: ignore[arg-type]
    elif kind == "end_before_start":
        back = rng.integers(1, 31, len(rows))
        vals = [_day_text(starts[r] - b, pads[r]) for r, b in zip(rows, back, strict=True)]
        edit(target.end, rows, vals)  # type: ignore[arg-type]
    elif kind == "unknown_code":
        cols = list(target.codes)
        for j, r in enumerate(rows):
            col = cols[j % len(cols)]
            bad = target.codes[col]
            edit(col, [r], [bad[(j // len(cols)) % len(bad)]])
    elif kind == "out_of_project":
        proj_start = frame["_project_start"].to_numpy()
        unknown = frame["_unknown_project"][0]
        for j, r in enumerate(rows):
            if j % 2 == 0:
                edit("hanketunnus", [r], [unknown])
            else:
                day = proj_start[r] - int(rng.integers(1, 61))
                edit(target.start, [r], [_day_text(day, pads[r])])  # type: ignore[arg-type]
    if rows:
        columns[KIND] = columns[KIND].scatter(rows, pl.Series([kind] * len(rows), dtype=pl.Utf8))
    return pl.DataFrame(columns)


def inject(
    frame: pl.DataFrame,
    target: Target,
    rate: float,
    rng: np.random.Generator,
    counts: dict[str, int] | None = None,
    truncate: bool = True,
) -> pl.DataFrame:
    """`frame` with defects applied and rows inserted, and a `_kind` column (null = clean).

    The frame's row order is the file's; helper columns `_s`, `_e`, `_pad` are required.
    Most defects edit distinct clean rows in place; when a file is too small to give every
    kind a row of its own, the defect goes into a new copy of a clean row instead.
    """
    n = frame.height
    frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(KIND))
    if n == 0:
        return frame.with_columns(pl.lit(0).alias(ORDER))
    truncate = truncate and "truncated_row" in target.kinds
    # the last line of a CSV is kept for truncation, so that no other defect hides in it
    reserved = np.zeros(n, dtype=bool)
    reserved[-1] = truncate
    pool = rng.permutation(np.flatnonzero(~reserved))
    if counts is None:
        counts = _counts(len(pool), rate, target.kinds)
    starts, ends = frame["_s"].to_numpy(), frame["_e"].to_numpy()
    picked: dict[str, np.ndarray] = {}
    taken = np.zeros(n, dtype=bool)
    for kind in target.kinds:
        if kind == "truncated_row":
            continue
        cand = pool[~taken[pool]]
        if kind == "overlap":
            cand = cand[ends[cand] > starts[cand]]
        chosen = np.sort(cand[: counts.get(kind, 0)])
        taken[chosen] = True
        picked[kind] = chosen
    edited = np.zeros(n, dtype=bool)
    for kind in IN_PLACE:
        if kind in picked:
            edited[picked[kind]] = True
    clean = rng.permutation(np.flatnonzero(~edited & ~reserved))

    out = frame
    for kind in IN_PLACE:
        if kind in picked:
            out = _edit(out, kind, picked[kind].tolist(), target, rng)
    if truncate:
        out = out.with_columns(out[KIND].scatter([n - 1], pl.Series(["truncated_row"])))
    out = out.with_columns(pl.Series(ORDER, np.arange(n) * SLOTS))
    inserted = []
    for slot, kind in enumerate(target.kinds, start=1):
        if kind == "truncated_row" or picked[kind].size or not counts.get(kind):
            if kind == "duplicate" and picked[kind].size:
                d = picked[kind]
                inserted.append(
                    out[d].with_columns(
                        pl.lit("duplicate").alias(KIND), pl.Series(ORDER, d * SLOTS + slot)
                    )
                )
            elif kind == "overlap" and picked[kind].size:
                inserted.append(_overlaps(out, picked[kind], target, rng, slot))
            continue
        # too small a file: a defective copy of a row as it was before any edit; a duplicate
        # or an overlap needs a row that stays clean (an overlap, a period of 2 days or more)
        if kind in ("duplicate", "overlap"):
            bases = clean if kind == "duplicate" else clean[ends[clean] > starts[clean]]
        else:
            bases = pool
        if not bases.size:
            continue
        base = bases[:1]
        if kind == "duplicate":
            copy = out[base].with_columns(pl.lit("duplicate").alias(KIND))
        elif kind == "overlap":
            copy = _overlaps(out, base, target, rng, slot)
        else:
            copy = _edit(frame[base], kind, [0], target, rng)
        inserted.append(copy.with_columns(pl.Series(ORDER, base * SLOTS + slot)))
    if inserted:
        out = pl.concat([out, *inserted]).sort(ORDER)
    return out


def _overlaps(
    out: pl.DataFrame, base: np.ndarray, target: Target, rng: np.random.Generator, slot: int
) -> pl.DataFrame:
    """New periods strictly inside their base period: start later, end not later."""
    s, e = out["_s"].to_numpy()[base], out["_e"].to_numpy()[base]
    pads = out["_pad"].to_numpy()[base]
    new_s = s + 1 + (rng.random(len(base)) * (e - s)).astype(np.int64)
    new_e = new_s + (rng.random(len(base)) * (e - new_s + 1)).astype(np.int64)
    status = np.array(["07", "02", "08", "05"])[rng.integers(0, 4, len(base))]
    return out[base].with_columns(
        pl.Series(target.start, [_day_text(a, p) for a, p in zip(new_s, pads, strict=True)]),
        pl.Series(target.end, [_day_text(b, p) for b, p in zip(new_e, pads, strict=True)]),
        pl.Series("tyollkoodi", status),
        pl.lit(None, dtype=pl.Utf8).alias("paattymissyy"),
        pl.lit("overlap").alias(KIND),
        pl.Series(ORDER, base * SLOTS + slot),
    )
