"""Checks of the marts the funder and the project managers read: `marts.monthly_flows` and
`marts.esf_indicators`. Marts are small (month x area; project x indicator x period), so GX
sees them whole, with the reconciliation residuals computed next to the values in SQL.
"""

from __future__ import annotations

from typing import Any

import duckdb

from askel.warehouse.marts_schema import (
    ESF_INDICATORS_COLUMNS,
    ESF_STATUSES,
    MONTHLY_FLOWS_COLUMNS,
    MONTHLY_FLOWS_COUNTS,
    OUTFLOW_SPLITS,
)
from quality.gx_runner import Expect, validate
from quality.outcome import MAX_EXAMPLES, CheckOutcome
from quality.raw_checks import compare_columns
from quality.sql import column_types, frame, relation_exists
from quality.suites import ESF_INDICATOR_CODES

FLOWS = "marts.monthly_flows"
ESF = "marts.esf_indicators"


def _missing(relation: str) -> CheckOutcome:
    return CheckOutcome(
        passed=False,
        counts={"relation_missing": 1},
        summary=f"{relation} does not exist in the warehouse",
    )


def _zero_violations(
    con: duckdb.DuckDBPyConnection,
    suite_name: str,
    sql: str,
    rules: dict[str, str],
    shown: tuple[str, ...],
) -> CheckOutcome:
    """Per row of `sql`, one 0/1 column per rule (SQL predicate true = violation); GX expects
    every rule column to be 0 on every row; examples are the first offending rows."""
    cols = ", ".join(
        f"cast(coalesce({pred}, false) as integer) as {name}" for name, pred in rules.items()
    )
    order = ", ".join(shown[:3])
    scored = frame(con, f"select {', '.join(shown)}, {cols} from ({sql}) order by {order}")
    report = validate(
        scored[list(rules)],
        suite_name,
        [
            Expect.of("ExpectColumnValuesToBeBetween", column=name, min_value=0, max_value=0)
            for name in rules
        ],
    )
    counts: dict[str, Any] = {"rows_checked": len(scored)}
    counts.update({name: int(scored[name].sum()) for name in rules})
    any_bad = scored[list(rules)].sum(axis=1) > 0
    examples = []
    for _, row in scored[any_bad].head(MAX_EXAMPLES).iterrows():
        example = {c: _plain(row[c]) for c in shown}
        example["rules"] = ", ".join(n for n in rules if row[n])
        examples.append(example)
    bad = int(any_bad.sum())
    return CheckOutcome(
        passed=report.success,
        counts=counts,
        examples=examples,
        expectations=report.as_dicts(),
        summary=f"{bad} of {len(scored)} rows break a rule",
    )


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    return value if isinstance(value, (int, float, str, bool)) or value is None else str(value)


# -- monthly_flows -----------------------------------------------------------------------------


def evaluate_monthly_flows_columns(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Columns of indicators.md §2 (plus month, reference_day), counts integral."""
    actual = column_types(con, "marts", "monthly_flows")
    if not actual:
        return _missing(FLOWS)
    return compare_columns(FLOWS, MONTHLY_FLOWS_COLUMNS, actual, families=True)


def evaluate_monthly_flows_grid(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """One row per month and area, every month from the first to the month of as_of for every
    area (zeros included) and for ALL; the reference day is the month end, as_of in its month."""
    if not relation_exists(con, "marts", "monthly_flows"):
        return _missing(FLOWS)
    sql = f"""
        with run as (select max(as_of) as as_of from raw.run_context),
        bounds as (select min(month) as first_month from {FLOWS}),
        months as (
            select cast(m as date) as month
            from bounds, run,
                 range(bounds.first_month, cast(date_trunc('month', run.as_of) as date)
                       + interval 1 month, interval 1 month) as t(m)
        ),
        areas as (select distinct municipality_code from {FLOWS} union select 'ALL'),
        grid as (select * from months, areas),
        counted as (
            select month, municipality_code, count(*) as n, min(reference_day) as reference_day
            from {FLOWS} group by all
        )
        select coalesce(g.month, c.month) as month,
               coalesce(g.municipality_code, c.municipality_code) as municipality_code,
               coalesce(c.n, 0) as rows_for_key, c.reference_day,
               g.month is not null as in_grid,
               case when date_trunc('month', run.as_of) = coalesce(g.month, c.month)
                    then run.as_of else last_day(coalesce(g.month, c.month)) end as expected_day
        from grid g full join counted c using (month, municipality_code), run
        order by 1, 2"""
    return _zero_violations(
        con,
        f"{FLOWS}.grid",
        sql,
        {
            "missing_row": "rows_for_key = 0",
            "duplicate_row": "rows_for_key > 1",
            "row_outside_months": "not in_grid",
            "wrong_reference_day": "rows_for_key > 0 and reference_day <> expected_day",
        },
        ("month", "municipality_code", "rows_for_key", "reference_day"),
    )


def evaluate_stock_flow_identity(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """unemployed_end(m) = unemployed_end(m-1) + inflow(m) - outflow(m) for every municipality
    and ALL (indicators.md §2); the first month's previous stock is 0. A month whose previous
    month row is missing breaks the identity too."""
    if not relation_exists(con, "marts", "monthly_flows"):
        return _missing(FLOWS)
    sql = f"""
        with f as (select * from {FLOWS}),
        first as (select min(month) as first_month from f)
        select f.month, f.municipality_code, f.unemployed_end, f.inflow, f.outflow,
               p.unemployed_end as previous_end,
               f.month > first.first_month and p.unemployed_end is null as previous_missing,
               f.unemployed_end - (coalesce(p.unemployed_end, 0) + f.inflow - f.outflow)
                   as residual
        from f cross join first
        left join f as p
          on p.municipality_code = f.municipality_code
         and p.month = cast(f.month - interval 1 month as date)"""
    outcome = _zero_violations(
        con,
        f"{FLOWS}.stock_flow",
        sql,
        {"identity_broken": "residual <> 0", "previous_month_missing": "previous_missing"},
        (
            "month",
            "municipality_code",
            "previous_end",
            "inflow",
            "outflow",
            "unemployed_end",
            "residual",
        ),
    )
    outcome.summary = (
        f"{outcome.counts['identity_broken']} month x area rows where the stock does not "
        "follow from the previous stock and the flows"
    )
    return outcome


def evaluate_outflow_split(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """The outflow by destination sums to the outflow, row by row."""
    if not relation_exists(con, "marts", "monthly_flows"):
        return _missing(FLOWS)
    splits = " + ".join(OUTFLOW_SPLITS)
    sql = f"select *, outflow - ({splits}) as residual from {FLOWS}"
    return _zero_violations(
        con,
        f"{FLOWS}.outflow_split",
        sql,
        {"split_does_not_sum": "residual <> 0"},
        ("month", "municipality_code", "outflow", *OUTFLOW_SPLITS, "residual"),
    )


def evaluate_monthly_flows_values(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Values agree with their definitions: no negative count; the three structural parts are
    disjoint subsets of the unemployed; structural unemployment holds them; the activation rate
    is in_services / (unemployed + in_services) * 100 half up to 0.1; no municipality row
    exceeds the ALL row of its month (each spell and person has at most one municipality)."""
    if not relation_exists(con, "marts", "monthly_flows"):
        return _missing(FLOWS)
    negative = " or ".join(f"{c} < 0" for c in MONTHLY_FLOWS_COUNTS)
    above_all = " or ".join(
        f"f.{c} > a.{c}" for c in ("unemployed_end", "inflow", "outflow", "in_services_end")
    )
    sql = f"""
        select f.*,
               -- half up to one decimal in integers: x.x5 boundaries are exact
               case when f.unemployed_end + f.in_services_end > 0 then
                   ((f.in_services_end * 2000 + f.unemployed_end + f.in_services_end)
                    // (2 * (f.unemployed_end + f.in_services_end))) / 10 end as expected_rate,
               f.municipality_code <> 'ALL' and ({above_all}) as above_all
        from {FLOWS} f
        left join {FLOWS} a on a.month = f.month and a.municipality_code = 'ALL'"""
    return _zero_violations(
        con,
        f"{FLOWS}.values",
        sql,
        {
            "negative_count": negative,
            "structural_parts_exceed_unemployed": "long_term_unemployed_end"
            " + repeatedly_unemployed_end + returned_from_services_end > unemployed_end",
            "structural_below_its_parts": "structural_unemployment_end < long_term_unemployed_end"
            " + repeatedly_unemployed_end + returned_from_services_end",
            "structural_above_parts_plus_services": "structural_unemployment_end > "
            "long_term_unemployed_end + repeatedly_unemployed_end + returned_from_services_end"
            " + in_services_end",
            "activation_rate_wrong": "(expected_rate is null) <> (activation_rate is null)"
            " or abs(activation_rate - expected_rate) > 0.0001",
            "municipality_above_all": "above_all",
        },
        (
            "month",
            "municipality_code",
            "unemployed_end",
            "in_services_end",
            "activation_rate",
            "expected_rate",
        ),
    )


# -- esf_indicators ----------------------------------------------------------------------------


def evaluate_esf_indicators_columns(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Exactly the columns of export/esf_indicators.csv (interface.md)."""
    actual = column_types(con, "marts", "esf_indicators")
    if not actual:
        return _missing(ESF)
    outcome = compare_columns(ESF, ESF_INDICATORS_COLUMNS, actual, families=True)
    extra = [c for c in actual if c not in ESF_INDICATORS_COLUMNS]
    outcome.counts["columns_extra"] = len(extra)
    if extra:
        outcome.passed = False
        outcome.examples += [
            {"column": c, "expected": "absent", "actual": actual[c]} for c in extra
        ]
    return outcome


def _periods_sql() -> str:
    """Every (project, period) the export must hold: each year from the project's start year
    to the year of as_of, and `cumulative`."""
    return """
        select p.project_code, cast(y as varchar) as period
        from raw.config_projects p, raw.run_context r,
             range(year(p.start_date), year(r.as_of) + 1) as t(y)
        union all
        select p.project_code, 'cumulative' from raw.config_projects p"""


def evaluate_esf_indicators_rows(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """One row per configured project x indicator code x period, nothing else; known status;
    CR07 not available (no job-quality data, indicators.md §6), everything else ok."""
    if not relation_exists(con, "marts", "esf_indicators"):
        return _missing(ESF)
    codes = ", ".join(f"('{c}')" for c in ESF_INDICATOR_CODES)
    statuses = ", ".join(f"'{s}'" for s in ESF_STATUSES)
    sql = f"""
        with expected as (
            select e.project_code, c.code as indicator_code, e.period
            from ({_periods_sql()}) e, (values {codes}) as c(code)
        ),
        actual as (
            select project_code, indicator_code, period, count(*) as n,
                   min(status) as status, max(status) as max_status
            from {ESF} group by all
        )
        select coalesce(e.project_code, a.project_code) as project_code,
               coalesce(e.indicator_code, a.indicator_code) as indicator_code,
               coalesce(e.period, a.period) as period,
               coalesce(a.n, 0) as rows_for_key, e.indicator_code is not null as expected,
               a.status, a.max_status
        from expected e full join actual a using (project_code, indicator_code, period)
        order by 1, 2, 3"""
    return _zero_violations(
        con,
        f"{ESF}.rows",
        sql,
        {
            "missing_row": "rows_for_key = 0",
            "duplicate_row": "rows_for_key > 1",
            "unexpected_row": "not expected",
            "unknown_status": f"rows_for_key > 0 and (status not in ({statuses}) "
            "or status <> max_status)",
            "wrong_availability": "rows_for_key > 0 and "
            "((indicator_code = 'CR07') <> (status = 'not_available'))",
        },
        ("project_code", "indicator_code", "period", "rows_for_key", "status"),
    )


def evaluate_esf_indicators_totals(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """total = men + women; counts non-negative; `not_available` rows have empty counts, `ok`
    rows none empty; cumulative = the sum of the years (a participant counts in one year only,
    indicators.md §6)."""
    if not relation_exists(con, "marts", "esf_indicators"):
        return _missing(ESF)
    sql = f"""
        with years as (
            select project_code, indicator_code, sum(men) as men, sum(women) as women,
                   sum(total) as total
            from {ESF} where period <> 'cumulative' group by all
        )
        select e.project_code, e.indicator_code, e.period, e.status, e.men, e.women, e.total,
               y.total as sum_of_years, y.men as men_years, y.women as women_years
        from {ESF} e
        left join years y
          on e.period = 'cumulative' and y.project_code = e.project_code
         and y.indicator_code = e.indicator_code"""
    return _zero_violations(
        con,
        f"{ESF}.totals",
        sql,
        {
            "total_not_men_plus_women": "status = 'ok' and total <> men + women",
            "negative_count": "men < 0 or women < 0 or total < 0",
            "empty_count_when_ok": "status = 'ok' and (men is null or women is null "
            "or total is null)",
            "count_when_not_available": "status = 'not_available' and (men is not null "
            "or women is not null or total is not null)",
            "cumulative_not_sum_of_years": "period = 'cumulative' and status = 'ok' and "
            "(total <> coalesce(sum_of_years, 0) or men <> coalesce(men_years, 0) "
            "or women <> coalesce(women_years, 0))",
        },
        ("project_code", "indicator_code", "period", "men", "women", "total", "sum_of_years"),
    )


#: (name, left side, comparison, right side, cumulative only): sums of indicator codes that
#: the definitions of indicators.md §6 tie together (complete participants have exactly one
#: labour-market status and one education level, so both partitions count them all)
ESF_RELATIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("status_partition_equals_education_partition", "CO01+CO03+CO05", "=", "CO09+CO10+CO11", False),
    ("complete_within_total", "CO01+CO03+CO05", "<=", "TOTAL", False),
    ("long_term_within_unemployed", "CO02", "<=", "CO01", False),
    ("outside_within_inactive", "CO04", "<=", "CO03", False),
    ("older_unemployed_within_older", "CO08", "<=", "CO07", False),
    ("age_groups_within_complete", "CO06+CO07", "<=", "CO01+CO03+CO05", False),
    ("minority_answers_within_complete", "CO15+NA_CO15", "<=", "CO01+CO03+CO05", False),
    ("disability_answers_within_complete", "CO16+NA_CO16", "<=", "CO01+CO03+CO05", False),
    ("other_disadvantage_answers_within_complete", "CO17+NA_CO17", "<=", "CO01+CO03+CO05", False),
    ("homeless_within_complete", "CO18", "<=", "CO01+CO03+CO05", False),
    ("rural_within_complete", "CO19", "<=", "CO01+CO03+CO05", False),
    ("older_employed_within_employed_6m", "CR08", "<=", "CR06", False),
    ("disadvantaged_employed_within_employed_6m", "CR09", "<=", "CR06", False),
    ("disadvantaged_results_within_results", "CR05", "<=", "CR01+CR02+CR03+CR04", False),
    ("leaving_situations_within_complete", "CR01+CR02+CR04", "<=", "CO01+CO03+CO05", True),
    ("employed_6m_and_pending_within_complete", "CR06+PENDING_CR06", "<=", "CO01+CO03+CO05", True),
)


def evaluate_esf_indicators_consistency(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Indicators that the definitions nest or partition agree, per project, period and sex
    column (men, women, total); relations across entry and leaving years on cumulative only."""
    if not relation_exists(con, "marts", "esf_indicators"):
        return _missing(ESF)
    codes = sorted(
        {c for rel in ESF_RELATIONS for side in (rel[1], rel[3]) for c in side.split("+")}
    )
    pivot = ", ".join(
        f"coalesce(sum({col}) filter (where indicator_code = '{c}'), 0) as {c}_{col}"
        for c in codes
        for col in ("men", "women", "total")
    )
    base = f"""
        select project_code, period, {pivot}
        from {ESF} where status = 'ok' group by project_code, period"""
    unions = []
    for col in ("men", "women", "total"):
        unions.append(
            f"select project_code, period, '{col}' as sex_column, "
            + ", ".join(f"{c}_{col} as {c}" for c in codes)
            + " from base"
        )
    sql = f"with base as ({base}) " + " union all ".join(unions)
    rules = {}
    for name, left, op, right, cumulative_only in ESF_RELATIONS:
        lhs = "(" + " + ".join(left.split("+")) + ")"
        rhs = "(" + " + ".join(right.split("+")) + ")"
        broken = f"{lhs} <> {rhs}" if op == "=" else f"{lhs} > {rhs}"
        rules[name] = f"period = 'cumulative' and {broken}" if cumulative_only else broken
    return _zero_violations(
        con,
        f"{ESF}.consistency",
        sql,
        rules,
        ("project_code", "period", "sex_column"),
    )
