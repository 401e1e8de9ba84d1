"""Column lists of the marts that more than one reader names: the contract between dbt (writer)
and the quality checks and reports (readers). One home each; everything else imports it.

Types are families, not DuckDB types: a mart column may be any type of its family (dbt decides
the width).
"""

from __future__ import annotations

INTEGER = "integer"
NUMBER = "number"
TEXT = "text"
DATE = "date"

#: indicators.md §2: the counts of `marts.monthly_flows`, in the spec's order
MONTHLY_FLOWS_COUNTS = (
    "unemployed_end",
    "inflow",
    "outflow",
    "outflow_employment",
    "outflow_services",
    "outflow_education",
    "outflow_outside_labour_force",
    "outflow_other",
    "long_term_unemployed_end",
    "repeatedly_unemployed_end",
    "returned_from_services_end",
    "in_services_end",
    "structural_unemployment_end",
)
#: the destinations that sum to `outflow`
OUTFLOW_SPLITS = MONTHLY_FLOWS_COUNTS[3:8]

#: every column of `marts.monthly_flows` (ARCHITECTURE.md: §2's columns plus month and
#: reference_day), with its type family
MONTHLY_FLOWS_COLUMNS: dict[str, str] = {
    "month": DATE,
    "reference_day": DATE,
    "municipality_code": TEXT,
    **dict.fromkeys(MONTHLY_FLOWS_COUNTS, INTEGER),
    "activation_rate": NUMBER,
}

#: interface.md, `export/esf_indicators.csv`: the export's columns in its order, which are also
#: exactly the columns of `marts.esf_indicators` (the export writes the mart as it is): the one
#: home of that header for the CSV, JSON and workbook (reports/export.py, reports/workbook.py),
#: the report's mart reader and the mart's column check
ESF_INDICATORS_COLUMNS: dict[str, str] = {
    "project_code": TEXT,
    "indicator_code": TEXT,
    "indicator_name": TEXT,
    "period": TEXT,
    "men": INTEGER,
    "women": INTEGER,
    "total": INTEGER,
    "status": TEXT,
    "note": TEXT,
}
EXPORT_COLUMNS: tuple[str, ...] = tuple(ESF_INDICATORS_COLUMNS)
#: the count columns: plain integers, empty when `status` is `not_available`
EXPORT_COUNTS: tuple[str, ...] = ("men", "women", "total")
#: the values of `status`; `not_available` gives its reason in `note`
ESF_STATUSES: tuple[str, ...] = ("ok", "not_available")
#: the value of `period` for the project's start to `as_of` (a year is `YYYY`)
CUMULATIVE = "cumulative"

#: indicators.md §9: the columns of `marts.service_effects`, in the spec's order (written by
#: askel/effects, read by the report and the balance check)
SERVICE_EFFECTS_COLUMNS = (
    "service_code",
    "horizon_months",
    "entries",
    "entries_matched",
    "comparisons_used",
    "employed_share_treated",
    "employed_share_counterfactual",
    "att_pp",
    "ci_low_pp",
    "ci_high_pp",
    "naive_difference_pp",
    "max_abs_smd_before",
    "max_abs_smd_after",
    "method",
)
