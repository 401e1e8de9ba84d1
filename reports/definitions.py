"""The ESF indicator catalogue (indicators.md §6; interface.md's export codes), read from its one
home: the dbt seed `dbt_project/seeds/esf_indicator_codes.csv`, which the models join to build
`marts.esf_indicators`. The report, the export's metadata sheet and the quality checks all read it
from here, so a code, a name or a definition is changed in the seed and nowhere else.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from askel.dbt_manifest import DBT_PROJECT_DIR

SEED = DBT_PROJECT_DIR / "seeds" / "esf_indicator_codes.csv"


@dataclass(frozen=True)
class Indicator:
    code: str
    kind: str  # output | result | companion
    counted_in: str  # entry_year | leaving_year
    name: str  # English (the regulation's wording for CO/CR codes)
    name_fi: str  # short Finnish name
    definition: str  # how the warehouse counts it


def _read() -> dict[str, Indicator]:
    with SEED.open(encoding="utf-8", newline="") as f:
        return {
            r["indicator_code"]: Indicator(
                r["indicator_code"],
                r["indicator_kind"],
                r["counted_in"],
                r["indicator_name"],
                r["indicator_name_fi"],
                r["definition"],
            )
            for r in csv.DictReader(f)
        }


#: code -> indicator, in the seed's order
INDICATORS: dict[str, Indicator] = _read()
#: every code exported in marts.esf_indicators
CODES: tuple[str, ...] = tuple(INDICATORS)


def definition(code: str) -> str:
    indicator = INDICATORS.get(code)
    return indicator.definition if indicator else ""


def name(code: str, lang: str, fallback: str = "") -> str:
    """The indicator's name in `lang` (fi: short Finnish name; en: the regulation's wording)."""
    indicator = INDICATORS.get(code)
    if indicator is None:
        return fallback
    return (indicator.name_fi if lang == "fi" else indicator.name) or fallback
