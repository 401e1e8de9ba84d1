"""Municipal share of the labour market subsidy (indicators.md §7), from Kela's optional data:
euros billed per month and municipality (chart), and the latest 12 billing months (table).

Euros billed are hidden when they were billed for 1–4 persons (an amount for so few persons is
personal data).
"""

from __future__ import annotations

import datetime as dt

from reports import charts
from reports.marts import as_date, as_float, as_int
from reports.model import Chart, Protected, Section, Table
from reports.sections.context import ALL, ReportContext

KEY = "subsidy"
COUNTS = ("persons_50", "persons_70", "persons_crossing_300", "persons_crossing_1000")


def build(ctx: ReportContext) -> Section:
    t = ctx.t
    rows = ctx.mart("municipal_subsidy_cost")
    if not rows:
        return ctx.unavailable(KEY)
    section = Section(KEY, t("subsidy"), t("subsidy_def"))
    local = sorted(
        (r for r in rows if str(r["municipality_code"]) != ALL),
        key=lambda r: (as_date(r["month"]), str(r["municipality_code"])),
    )
    values = [[as_int(r[c]) for c in COUNTS] for r in local]
    prot = Protected.of(values)
    months = sorted({as_date(r["month"]) for r in local})
    municipalities = sorted({str(r["municipality_code"]) for r in local})
    euros: dict[tuple[dt.date | None, str], float | None] = {}
    euro_text: list[str] = []
    for i, r in enumerate(local):
        persons = sum(v or 0 for v in values[i][:2])
        amount = as_float(r["euros_billed"])
        few = 1 <= persons <= 4
        euros[(as_date(r["month"]), str(r["municipality_code"]))] = None if few else amount
        euro_text.append("<5" if few else ("–" if amount is None else t.decimal(amount, 0)))
    section.charts.append(
        Chart(
            charts.stacked_months(
                months,
                {
                    ctx.municipality(m): [euros.get((mo, m)) for mo in months]
                    for m in municipalities
                },
                ctx.lang,
            ),
            t("subsidy"),
        )
    )
    recent = set(months[-12:])
    section.tables.append(
        Table(
            t("subsidy_table"),
            [
                t("month"),
                t("municipality"),
                t("euros"),
                t("persons_50"),
                t("persons_70"),
                t("crossing_300"),
                t("crossing_1000"),
            ],
            [
                [
                    t.month(as_date(r["month"])),
                    ctx.municipality(r["municipality_code"]),
                    euro_text[i],
                    *(prot.text(t, i, j) for j in range(4)),
                ]
                for i, r in enumerate(local)
                if as_date(r["month"]) in recent
            ],
            [False, False, True, True, True, True, True],
        )
    )
    return section
