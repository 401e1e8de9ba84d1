"""Check of the employment effect of services (indicators.md §9): were the comparisons alike?

An estimate of `marts.service_effects` compares participants with matched comparisons; it is
only as good as their likeness on the matching variables. The mart records the largest absolute
standardised mean difference (SMD) of those variables after matching; above 0.1 (the usual rule
of thumb, and §9's) the groups still differ enough that part of the "effect" may be that
difference. The published figures stay what the method computed, so this is a warning: the
reader of the report should treat that row with care, and the method needs a look. Rows without
an estimate (fewer than 30 matched entries, `max_abs_smd_after` empty) are not judged.
"""

from __future__ import annotations

import duckdb

from quality.mart_checks import _missing, _zero_violations
from quality.outcome import CheckOutcome
from quality.sql import relation_exists

EFFECTS = "marts.service_effects"
#: indicators.md §9: balance above this after matching is a warning
MAX_SMD = 0.1


def evaluate_service_effects_balanced(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Every row's `max_abs_smd_after` is at most 0.1 (or empty: no estimate)."""
    if not relation_exists(con, "marts", "service_effects"):
        return _missing(EFFECTS)
    sql = f"select service_code, horizon_months, max_abs_smd_after from {EFFECTS}"
    outcome = _zero_violations(
        con,
        f"{EFFECTS}.balanced",
        sql,
        {"unbalanced_rows": f"max_abs_smd_after > {MAX_SMD}"},
        ("service_code", "horizon_months", "max_abs_smd_after"),
    )
    # every offending row by name (the examples stop at five), worst first
    bad = con.execute(
        f"""select service_code, horizon_months, max_abs_smd_after from {EFFECTS}
            where max_abs_smd_after > {MAX_SMD}
            order by max_abs_smd_after desc, service_code, horizon_months"""
    ).fetchall()
    largest = con.execute(f"select max(max_abs_smd_after) from {EFFECTS}").fetchone()[0]
    outcome.counts["largest_smd_after"] = None if largest is None else round(float(largest), 3)
    outcome.counts["max_smd_allowed"] = MAX_SMD
    if bad:
        rows = ", ".join(f"{code} at {h} months ({smd:.3f})" for code, h, smd in bad)
        outcome.summary = (
            f"after matching, the largest |SMD| is above {MAX_SMD} for {rows}; "
            f"the largest is {bad[0][2]:.3f}"
        )
    else:
        outcome.summary = (
            f"after matching, every estimate's largest |SMD| is at most {MAX_SMD} "
            f"({outcome.counts['rows_checked']} rows checked)"
        )
    return outcome
