"""One project's ESF indicators as a protected grid, shared by the summary and the ESF section.

Relations for complementary suppression: the years sum to the cumulative value, and
men + women = total.
"""

from __future__ import annotations

from typing import Any

from reports.definitions import name
from reports.marts import as_int
from reports.model import Protected
from reports.sections.context import ReportContext

#: (indicator codes in report order, years, grid, English names by code)
EsfGrid = tuple[list[str], list[str], Protected, dict[str, str]]


def esf_grid(ctx: ReportContext, project: str) -> EsfGrid | None:
    """Indicators × (years…, cumulative men, women, total) for one project."""
    return ctx.memo(f"esf_grid:{project}", lambda: _esf_grid(ctx, project))


def _esf_grid(ctx: ReportContext, project: str) -> EsfGrid | None:
    rows = [r for r in ctx.mart("esf_indicators") or [] if r["project_code"] == project]
    if not rows:
        return None
    codes = sorted({str(r["indicator_code"]) for r in rows}, key=indicator_order)
    years = sorted({str(r["period"]) for r in rows if str(r["period"]) != "cumulative"})
    by_key = {(str(r["indicator_code"]), str(r["period"])): r for r in rows}
    names = {str(r["indicator_code"]): str(r["indicator_name"] or "") for r in rows}
    values: list[list[int | None]] = []
    relations = []
    ny = len(years)
    for i, code in enumerate(codes):
        line: list[int | None] = []
        for y in years:
            r = by_key.get((code, y))
            line.append(_count(r, "total"))
        cum = by_key.get((code, "cumulative"))
        line += [_count(cum, "men"), _count(cum, "women"), _count(cum, "total")]
        values.append(line)
        relations.append([(i, j) for j in range(ny)] + [(i, ny + 2)])
        relations.append([(i, ny), (i, ny + 1), (i, ny + 2)])
    return codes, years, Protected.of(values, relations), names


def indicator_label(ctx: ReportContext, code: str, names: dict[str, str]) -> str:
    """Code and name in the report's language (the catalogue's; else the mart's name)."""
    return f"{code} {name(code, ctx.lang, names.get(code, ''))}".strip()


def indicator_order(code: str) -> tuple[int, str]:
    prefix = (
        0 if code == "TOTAL" else 1 if code.startswith("CO") else 2 if code.startswith("CR") else 3
    )
    return prefix, code


def _count(row: dict[str, Any] | None, key: str) -> int | None:
    if row is None or row.get("status") == "not_available":
        return None
    return as_int(row[key])
