"""Cross-source reconciliations of the selected snapshots: do the partners' extracts tell the
same story about the same persons? Disagreements are legal (different registers, different
clerks) but worth a look, so these are warnings.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from quality.gx_runner import Expect, validate
from quality.outcome import MAX_EXAMPLES, CheckOutcome
from quality.raw_checks import participants_sql
from quality.sql import records, selected_rows_sql

#: share of ESF participants unemployed at entry who are unknown to the jobseeker register
MAX_UNREGISTERED_UNEMPLOYED_RATE = 0.05

PERIODS = selected_rows_sql("te/tyonhakijajaksot")


def evaluate_esf_unemployed_not_in_register(
    con: duckdb.DuckDBPyConnection, max_rate: float = MAX_UNREGISTERED_UNEMPLOYED_RATE
) -> CheckOutcome:
    """ESF participants recorded `TYOTON` at entry who have no period at all in the jobseeker
    register: the share of them among the `TYOTON` participants stays below the threshold
    (they cannot be long-term unemployed in CO02, whatever their history)."""
    sql = f"""
        with tyoton as (
            select person_id, hanketunnus, aloituspvm, file_name, row_number
            from ({participants_sql()}) where tyomarkkina_asema = 'TYOTON'
        ),
        registered as (select distinct person_id from {PERIODS})
        select t.*, r.person_id is null as not_in_register
        from tyoton t left join registered r using (person_id)"""
    summary = records(
        con,
        f"select count(*) as participants_unemployed_at_entry, "
        f"count(*) filter (where not_in_register) as not_in_register from ({sql})",
    )[0]
    n, missing = summary["participants_unemployed_at_entry"], summary["not_in_register"] or 0
    rate = missing / n if n else None
    report = validate(
        pd.DataFrame({"rate": pd.Series([rate], dtype="float64")}),
        "cross.esf_unemployed_not_in_register",
        [
            Expect.of(
                "ExpectColumnValuesToBeBetween", column="rate", min_value=0, max_value=max_rate
            )
        ],
    )
    examples: list[dict[str, Any]] = []
    if missing:
        examples = records(
            con,
            f"""select person_id, hanketunnus as project_code, aloituspvm as entry_date,
                       file_name, row_number
                from ({sql}) where not_in_register
                order by hanketunnus, file_name, row_number limit {MAX_EXAMPLES}""",
        )
    return CheckOutcome(
        passed=report.success,
        counts={
            "participants_unemployed_at_entry": n,
            "not_in_register": missing,
            "rate": round(rate, 4) if rate is not None else None,
            "max_rate": max_rate,
        },
        examples=examples,
        expectations=report.as_dicts(),
        summary=f"{missing} of {n} participants unemployed at entry are not in the register",
    )


def evaluate_services_before_registration(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Employment-administration services (te/palvelut) need a jobseeker registration, so a
    service starting before the person's first jobseeker period (or of a person with none)
    points at a missing or truncated register history. Municipal services may precede
    registration legitimately: counted for information, not judged."""
    sql = f"""
        with first_registration as (
            select person_id, min(alkupvm) as first_start from {PERIODS} group by person_id
        ),
        services as (
            select 'te/palvelut' as source, person_id, palvelu, alkupvm, file_name, row_number
            from {selected_rows_sql("te/palvelut")}
            union all
            select 'kunta/palvelut', person_id, palvelu, alkupvm, file_name, row_number
            from {selected_rows_sql("kunta/palvelut")}
        )
        select s.*, f.first_start,
               f.first_start is null as never_registered,
               s.alkupvm < f.first_start as before_first_registration
        from services s left join first_registration f using (person_id)"""
    counts = records(
        con,
        f"""select
              count(*) filter (where source = 'te/palvelut') as te_rows,
              count(*) filter (where source = 'te/palvelut' and before_first_registration)
                  as te_before_first_registration,
              count(*) filter (where source = 'te/palvelut' and never_registered)
                  as te_never_registered,
              count(*) filter (where source = 'kunta/palvelut') as kunta_rows,
              count(*) filter (where source = 'kunta/palvelut' and before_first_registration)
                  as kunta_before_first_registration,
              count(*) filter (where source = 'kunta/palvelut' and never_registered)
                  as kunta_never_registered
            from ({sql})""",
    )[0]
    counts = {k: int(v or 0) for k, v in counts.items()}
    te_bad = counts["te_before_first_registration"] + counts["te_never_registered"]
    report = validate(
        pd.DataFrame([{"te_rows_without_prior_registration": te_bad}]),
        "cross.services_before_registration",
        [
            Expect.of(
                "ExpectColumnValuesToBeBetween",
                column="te_rows_without_prior_registration",
                min_value=0,
                max_value=0,
            )
        ],
    )
    examples: list[dict[str, Any]] = []
    if te_bad:
        examples = records(
            con,
            f"""select person_id, source, palvelu, alkupvm as service_start,
                       first_start as first_registration, file_name, row_number
                from ({sql})
                where source = 'te/palvelut' and (before_first_registration or never_registered)
                order by file_name, row_number limit {MAX_EXAMPLES}""",
        )
    return CheckOutcome(
        passed=report.success,
        counts=counts,
        examples=examples,
        expectations=report.as_dicts(),
        summary=f"{te_bad} te/palvelut rows start before the person's first registration",
    )
