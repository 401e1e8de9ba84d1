"""Service names (Finnish and English) from their one home, the dbt seed `services.csv`
(sources.md's service code tables), for labels in the report."""

from __future__ import annotations

import csv

from askel.dbt_manifest import DBT_PROJECT_DIR

SEED = DBT_PROJECT_DIR / "seeds" / "services.csv"


def _read() -> dict[tuple[str, str], tuple[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as f:
        return {(r["source"], r["code"]): (r["name_fi"], r["name_en"]) for r in csv.DictReader(f)}


#: (source te | kunta, code) -> (Finnish name, English name)
NAMES = _read()


def service_name(source: str, code: str, lang: str) -> str:
    """The service's name in `lang`, or "" for a code the catalogue does not hold."""
    pair = NAMES.get((source.split("/")[0], code))
    return (pair[0] if lang == "fi" else pair[1]) if pair else ""


def service_source(code: str) -> str:
    """The source (te | kunta) whose code table holds `code`, or "" when none does; the codes
    of the two tables do not overlap (sources.md)."""
    return next((source for source, c in NAMES if c == code), "")
