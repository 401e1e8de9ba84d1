"""The report's sections, one module each, in the order the report shows them.

A section module has one job: turn the marts into a `reports.model.Section` whose every count
has passed disclosure control. It exposes

    KEY = "flows"                                   # anchor id and i18n key of its title
    def build(ctx: ReportContext) -> Section: ...   # never raises for missing data

and reads the warehouse only through `ctx.mart(name)` (columns declared in
`reports/marts.py`). Shared pieces live beside the sections: `context.py` (the context handed
to every builder), `shared.py` (rates, intervals), `flow_grid.py` and `esf_grid.py` (grids
protected once and shown by several sections). How to add one: reports/README.md.
"""

from __future__ import annotations

from types import ModuleType

from reports.sections import (
    durations,
    effects,
    esf,
    flows,
    forecast,
    outcomes,
    services,
    subsidy,
    summary,
)
from reports.sections.context import ReportContext

#: report order; a new section is one module and one line here
SECTIONS: tuple[ModuleType, ...] = (
    summary,
    flows,
    forecast,
    durations,
    services,
    outcomes,
    effects,
    esf,
    subsidy,
)

__all__ = ["SECTIONS", "ReportContext"]
