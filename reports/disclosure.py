"""Disclosure control for report tables (indicators.md §8), as pure functions over a grid.

A table is a grid of counts (``int``; ``None`` for a cell that holds no count) and a list of
*relations*: groups of cells tied by one linear equation, such as a row and its total
(``a + b + c = total``) or the stock–flow identity of a month. From a relation in which exactly
one cell is hidden, that cell can be worked out; so:

1. primary suppression: every count of 1–4 is hidden (shown ``<5``); zero stays 0;
2. complementary suppression: while some relation has exactly one hidden cell, hide one more
   cell of it: the smallest non-zero shown part (a hidden zero protects nothing, since a reader
   who knows zeros are always shown would read it as non-zero anyway), else the smallest shown
   part, else the relation's total. Repeated until no relation changes (hiding a cell may open
   another relation, so this iterates to a fixed point).

Complementary cells are shown as ``x`` rather than ``<5``, because their value may be large and
``<5`` would misinform. Shares and rates are handled by :func:`share_hidden`: a share is hidden
(``<5``) when its denominator is 1–4 or its numerator is hidden, since a share of a shown
denominator gives its numerator back. The funder export is exempt (exact counts by regulation);
these functions are applied to every report table only.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

Cell = tuple[int, int]
Grid = Sequence[Sequence[int | None]]


class Status(Enum):
    SHOWN = "shown"
    PRIMARY = "primary"  # 1-4 persons
    COMPLEMENTARY = "complementary"  # hidden so that a primary one cannot be worked out


SMALL = "<5"
HIDDEN = "x"


def is_small(value: int | None) -> bool:
    return value is not None and 1 <= value <= 4


def line_relations(
    n_rows: int, n_cols: int, *, total_row: int | None = None, total_col: int | None = None
) -> list[list[Cell]]:
    """Relations of a table with a total column (each row sums to it) and/or a total row.

    The total cell is the LAST cell of each relation (:func:`protect` falls back to it last).
    """
    relations: list[list[Cell]] = []
    if total_col is not None:
        for r in range(n_rows):
            parts = [(r, c) for c in range(n_cols) if c != total_col]
            relations.append([*parts, (r, total_col)])
    if total_row is not None:
        for c in range(n_cols):
            parts = [(r, c) for r in range(n_rows) if r != total_row]
            relations.append([*parts, (total_row, c)])
    return relations


def protect(
    values: Grid, relations: Sequence[Sequence[Cell]] = (), preset: Sequence[Cell] = ()
) -> list[list[Status]]:
    """The status of every cell after primary and complementary suppression (module doc).

    `preset` cells start hidden (complementary): cells another table of the same report already
    hides, so that the two tables cannot be combined to recover them.
    """
    status = [[Status.PRIMARY if is_small(v) else Status.SHOWN for v in row] for row in values]
    for r, c in preset:
        if status[r][c] is Status.SHOWN:
            status[r][c] = Status.COMPLEMENTARY

    def hidden(cell: Cell) -> bool:
        return status[cell[0]][cell[1]] is not Status.SHOWN

    def value(cell: Cell) -> int:
        v = values[cell[0]][cell[1]]
        return v if v is not None else 0

    changed = True
    while changed:
        changed = False
        for relation in relations:
            cells = [c for c in relation if values[c[0]][c[1]] is not None]
            if sum(hidden(c) for c in cells) != 1 or len(cells) < 2:
                continue
            total, parts = cells[-1], cells[:-1]
            shown_parts = [c for c in parts if not hidden(c)]
            nonzero = [c for c in shown_parts if value(c) > 0]
            pool = nonzero or shown_parts or ([total] if not hidden(total) else [])
            if not pool:
                continue
            victim = min(pool, key=lambda c: (value(c), c))
            status[victim[0]][victim[1]] = Status.COMPLEMENTARY
            changed = True
    return status


def recomputable(
    values: Grid, status: Sequence[Sequence[Status]], relations: Sequence[Sequence[Cell]]
) -> list[Cell]:
    """Hidden cells that a reader can work out from one relation (all its other cells shown).

    The audit used by the tests: after :func:`protect` it must return nothing.
    """
    found: list[Cell] = []
    for relation in relations:
        cells = [c for c in relation if values[c[0]][c[1]] is not None]
        hidden = [c for c in cells if status[c[0]][c[1]] is not Status.SHOWN]
        if len(hidden) == 1 and len(cells) >= 2:
            found.append(hidden[0])
    return sorted(set(found))


def shown_small(values: Grid, status: Sequence[Sequence[Status]]) -> list[Cell]:
    """Cells that would show a count of 1–4 (must be empty)."""
    return [
        (r, c)
        for r, row in enumerate(values)
        for c, v in enumerate(row)
        if is_small(v) and status[r][c] is Status.SHOWN
    ]


def mark(status: Status) -> str | None:
    """The text a hidden cell shows, or None for a shown one."""
    if status is Status.PRIMARY:
        return SMALL
    if status is Status.COMPLEMENTARY:
        return HIDDEN
    return None


def share_hidden(numerator_status: Status | None, denominator: int | None) -> bool:
    """True when a share must read ``<5``: computed from 1–4 persons, or its count is hidden."""
    if denominator is not None and 1 <= denominator <= 4:
        return True
    return numerator_status is not None and numerator_status is not Status.SHOWN
