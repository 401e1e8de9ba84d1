"""The report as data: sections of KPIs, charts and tables whose cells are final text.

Both renderers (HTML, PDF) draw this same model, so the two never disagree; every count in it
has passed disclosure control (`reports/disclosure.py`) before it became text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reports.disclosure import HIDDEN, SMALL, Cell, Status, mark, protect
from reports.i18n import Translator

#: the marks of disclosure control (indicators.md §8): a small count, a complementary suppression
MARKS = (SMALL, HIDDEN)


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns
    total_rows: set[int] = field(default_factory=set)  # drawn bold
    note: str = ""
    #: numeric columns whose cells may wrap between words (a cell that holds a phrase)
    wrap: set[int] = field(default_factory=set)

    def marks(self) -> list[str]:
        """The disclosure marks its cells use (`<5`, `x`), for the key shown next to it."""
        used = {cell for row in self.rows for cell in row if cell in MARKS}
        return [m for m in MARKS if m in used]


@dataclass
class Kpi:
    label: str
    value: str
    sub: str = ""


@dataclass
class Chart:
    svg: str
    alt: str


@dataclass
class Section:
    key: str
    title: str
    definition: str
    available: bool = True
    #: what an unavailable section says instead of the report's "not available in this run"
    unavailable_text: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    lang: str
    meta_lines: list[tuple[str, str]]
    sections: list[Section]
    disclosure_note: str
    #: mark -> what it means, shown under every table that uses the mark
    marks_key: dict[str, str] = field(default_factory=dict)
    not_available: str = ""


@dataclass
class Protected:
    """A grid of counts with each cell's disclosure status."""

    values: list[list[int | None]]
    status: list[list[Status]]

    @classmethod
    def of(
        cls,
        values: list[list[int | None]],
        relations: Sequence[Sequence[Cell]] = (),
        preset: Sequence[Cell] = (),
    ) -> Protected:
        return cls(values, protect(values, relations, preset=preset))

    def shown(self, r: int, c: int) -> int | None:
        """The value when it may be shown (charts draw only these), else None."""
        return self.values[r][c] if self.status[r][c] is Status.SHOWN else None

    def text(self, t: Translator, r: int, c: int, empty: str = "–") -> str:
        m = mark(self.status[r][c])
        if m is not None:
            return m
        v = self.values[r][c]
        return empty if v is None else t.integer(v)

    def hidden(self, r: int, c: int) -> bool:
        return self.status[r][c] is not Status.SHOWN


def share_text(
    t: Translator,
    share: float | None,
    denominator: int | None,
    inputs_hidden: bool = False,
    *,
    as_percent: bool = True,
    places: int = 1,
) -> str:
    """A share or rate: `<5` when computed from 1–4 persons or from a hidden count."""
    if inputs_hidden or (denominator is not None and 1 <= denominator <= 4):
        return "<5"
    if share is None:
        return "–"
    return t.percent(share, places) if as_percent else t.decimal(share, places)
