"""The funder export's columns (interface.md, `export/esf_indicators.csv`), which are also the
columns of `marts.esf_indicators`: the one home of that header. The CSV, the JSON and the
workbook (reports/export.py), the mart reader (reports/marts.py) and the mart's column check
(quality/suites.py) all import it. It lives beside the raw schema, not in `reports/`, so that
the quality checks can read it without importing the report renderers.

`LABELS` gives each column the words a person reads in the workbook (Finnish / English); the
CSV and JSON keep the machine names exactly as interface.md fixes them.
"""

from __future__ import annotations

#: interface.md order; also the column order of `marts.esf_indicators`
EXPORT_COLUMNS: tuple[str, ...] = (
    "project_code",
    "indicator_code",
    "indicator_name",
    "period",
    "men",
    "women",
    "total",
    "status",
    "note",
)

#: the count columns: plain integers, empty when `status` is `not_available`
COUNT_COLUMNS: tuple[str, ...] = ("men", "women", "total")

#: the values of `status` (interface.md); `not_available` gives its reason in `note`
STATUSES: tuple[str, ...] = ("ok", "not_available")

#: the value of `period` for the project's start to `as_of` (a year is `YYYY`)
CUMULATIVE = "cumulative"

#: column -> (Finnish, English) header for people
LABELS: dict[str, tuple[str, str]] = {
    "project_code": ("Hanke", "Project"),
    "indicator_code": ("Indikaattori", "Indicator"),
    "indicator_name": ("Indikaattorin nimi", "Indicator name"),
    "period": ("Kausi", "Period"),
    "men": ("Miehet", "Men"),
    "women": ("Naiset", "Women"),
    "total": ("Yhteensä", "Total"),
    "status": ("Tila", "Status"),
    "note": ("Huomautus", "Note"),
}

#: value of `status` / `period` -> (Finnish, English) words for people
VALUE_LABELS: dict[str, tuple[str, str]] = {
    "ok": ("Laskettu", "Computed"),
    "not_available": ("Ei saatavilla", "Not available"),
    CUMULATIVE: ("Kertymä", "Cumulative"),
}
