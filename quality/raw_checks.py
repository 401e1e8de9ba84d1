"""Checks of the raw layer: the rows of the selected snapshot of each source.

Every rule is counted over every selected row in DuckDB (exact, one scan per rule family);
GX then validates the small frames those counts make. Nothing row-sized reaches pandas.
Each public `evaluate_*` takes a connection and a source key and returns a `CheckOutcome`;
`cache` lets the checks of one source share a scan within one step.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pandas as pd

from quality.gx_runner import Expect, validate
from quality.outcome import MAX_EXAMPLES, CheckOutcome
from quality.sql import (
    KELA,
    as_of,
    column_types,
    frame,
    loads_in_use_sql,
    records,
    scalar,
    selected_rows_sql,
)
from quality.suites import RAW_SUITES, CodeRule, RowRule, expected_raw_types

Cache = dict[Any, Any]

#: a snapshot keeping this share or less of the previous one's rows (lost >= 30 %) is suspicious
MIN_ROW_RATIO = 0.70
#: a required source's snapshot keeping less than this share of the previous one's rows blocks
MIN_KEPT_RATIO = 0.5
#: share of a file's rows with an invalid identity code above which the file is suspicious
MAX_INVALID_HETU_RATE = 0.01
#: share of complete ESF participant records below which data entry needs a look (80 %: real
#: forms run 85-90 % complete, so a lower share points at a data-entry or extract problem)
MIN_COMPLETE_SHARE = 0.80

LINEAGE = ("file_name", "row_number")


def _rows_checked(con: duckdb.DuckDBPyConnection, source: str, cache: Cache) -> int:
    return int(_rule_counts(con, source, cache)["rows_checked"])


# -- columns and types ---------------------------------------------------------------------


def evaluate_columns_and_types(
    con: duckdb.DuckDBPyConnection, source: str, cache: Cache | None = None
) -> CheckOutcome:
    """Every column of the raw DDL is present with its type (a warehouse built by an older
    version, or a hand-made table, would otherwise feed the models silently wrong types)."""
    table = RAW_SUITES[source].table
    expected = expected_raw_types()[table]
    actual = column_types(con, "raw", table)
    return compare_columns(f"raw.{table}", expected, actual, families=False)


def compare_columns(
    relation: str, expected: dict[str, str], actual: dict[str, str], *, families: bool
) -> CheckOutcome:
    """GX on the catalogue frame: one row per expected column, expected vs actual type."""
    from quality.suites import family_matches, type_family

    rows = []
    for column, want in expected.items():
        got = actual.get(column)
        got_shown = "missing" if got is None else (type_family(got) if families else got)
        ok = got is not None and (
            family_matches(want, got_shown) if families else got_shown == want
        )
        rows.append({"column": column, "expected": want, "actual": got_shown, "ok": ok})
    catalogue = pd.DataFrame(rows, columns=["column", "expected", "actual", "ok"])
    # `matches` repeats `expected` where the type is acceptable, so the pair expectation is
    # exact while allowing type families
    catalogue["matches"] = [r["expected"] if r["ok"] else r["actual"] for r in rows]
    report = validate(
        catalogue,
        f"{relation}.columns",
        [
            Expect.of("ExpectColumnValuesToNotBeInSet", column="actual", value_set=["missing"]),
            Expect.of("ExpectColumnPairValuesToBeEqual", column_A="expected", column_B="matches"),
        ],
    )
    bad = [r for r in rows if not r["ok"]]
    return CheckOutcome(
        passed=report.success,
        counts={
            "columns_expected": len(expected),
            "columns_present": sum(r["actual"] != "missing" for r in rows),
            "columns_missing": sum(r["actual"] == "missing" for r in rows),
            "columns_wrong_type": sum(r["actual"] != "missing" and not r["ok"] for r in rows),
        },
        examples=[{k: r[k] for k in ("column", "expected", "actual")} for r in bad][:MAX_EXAMPLES],
        expectations=report.as_dicts(),
        summary=f"{len(bad)} of {len(expected)} columns missing or of the wrong type",
    )


# -- codes ------------------------------------------------------------------------------------


def _code_values(
    con: duckdb.DuckDBPyConnection, source: str, cache: Cache
) -> dict[str, pd.DataFrame]:
    """column -> frame of its distinct values (as text) with their row counts, one scan."""
    key = ("codes", source)
    if key not in cache:
        rules = RAW_SUITES[source].codes
        selects = ", ".join(
            f"cast({r.column} as varchar) as v{i}, grouping({r.column}) as g{i}"
            for i, r in enumerate(rules)
        )
        sets = ", ".join(f"({r.column})" for r in rules)
        wide = frame(
            con,
            f"select {selects}, count(*) as n from {selected_rows_sql(source)} "
            f"group by grouping sets ({sets})",
        )
        out = {}
        for i, r in enumerate(rules):
            part = wide[wide[f"g{i}"] == 0]
            out[r.column] = pd.DataFrame(
                {"value": part[f"v{i}"].astype(object).tolist(), "rows": part["n"].tolist()},
                columns=["value", "rows"],
            )
        cache[key] = out
    return cache[key]


def _allowed(con: duckdb.DuckDBPyConnection, rule: CodeRule) -> tuple[str, ...]:
    if rule.allowed_sql:
        return tuple(str(r[0]) for r in con.execute(rule.allowed_sql).fetchall())
    return rule.allowed


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _is_bad(value: Any, rule: CodeRule, allowed: tuple[str, ...]) -> bool:
    if _is_null(value):
        return not rule.nullable
    if rule.regex is not None:
        return re.fullmatch(rule.regex.strip("^$"), value) is None
    return value not in allowed


def _bad_value_sql(rule: CodeRule, allowed: tuple[str, ...]) -> str:
    col = f"cast({rule.column} as varchar)"
    null_bad = "false" if rule.nullable else "true"
    if rule.regex is not None:
        not_ok = f"not regexp_full_match({col}, '{rule.regex.strip('^$')}')"
    else:
        listed = ", ".join("'" + a.replace("'", "''") + "'" for a in allowed) or "null"
        not_ok = f"{col} not in ({listed})"
    return f"(case when {rule.column} is null then {null_bad} else {not_ok} end)"


EMPTY = "<empty>"  # stands for NULL in the code frames, so "required" is an in-set rule too


def _code_expectation(rule: CodeRule, allowed: tuple[str, ...]) -> Expect:
    if rule.regex is not None:
        body = rule.regex.strip("^$")
        regex = f"^(?:{body}|{EMPTY})$" if rule.nullable else f"^(?:{body})$"
        return Expect.of("ExpectColumnValuesToMatchRegex", column=rule.column, regex=regex)
    value_set = [*allowed, EMPTY] if rule.nullable else list(allowed)
    return Expect.of("ExpectColumnValuesToBeInSet", column=rule.column, value_set=value_set)


def evaluate_codes(
    con: duckdb.DuckDBPyConnection, source: str, cache: Cache | None = None
) -> CheckOutcome:
    """Every code column holds only listed codes (or the municipality / business-ID format);
    required codes are never empty. Exact: GX sees every distinct value of every code column
    (one frame, a column per code column, shorter columns padded with nulls that GX skips)."""
    cache = {} if cache is None else cache
    suite = RAW_SUITES[source]
    values = _code_values(con, source, cache)
    allowed = {rule.column: _allowed(con, rule) for rule in suite.codes}
    height = max((len(v) for v in values.values()), default=0)
    wide = pd.DataFrame(
        {
            rule.column: pd.Series(
                [EMPTY if _is_null(v) else v for v in values[rule.column]["value"]]
                + [None] * (height - len(values[rule.column])),
                dtype=object,
            )
            for rule in suite.codes
        }
    )
    report = validate(
        wide,
        f"raw.{suite.table}.codes",
        [_code_expectation(rule, allowed[rule.column]) for rule in suite.codes],
    )
    counts: dict[str, Any] = {"rows_checked": _rows_checked(con, source, cache)}
    examples: list[dict[str, Any]] = []
    for rule in suite.codes:
        distinct = values[rule.column]
        bad_rows = int(
            sum(
                n
                for v, n in zip(distinct["value"], distinct["rows"], strict=True)
                if _is_bad(v, rule, allowed[rule.column])
            )
        )
        counts[f"{rule.column}_bad_rows"] = bad_rows
        if bad_rows and len(examples) < MAX_EXAMPLES:
            examples += records(
                con,
                f"select person_id, file_name, row_number, '{rule.column}' as field, "
                f"cast({rule.column} as varchar) as value "
                f"from {selected_rows_sql(source)} "
                f"where {_bad_value_sql(rule, allowed[rule.column])} "
                f"order by file_name, row_number limit {MAX_EXAMPLES - len(examples)}",
            )
    bad_total = sum(v for k, v in counts.items() if k.endswith("_bad_rows"))
    return CheckOutcome(
        passed=report.success,
        counts=counts,
        examples=examples,
        expectations=report.as_dicts(),
        summary=f"{bad_total} rows with a code outside its list",
    )


# -- row rules (dates) ----------------------------------------------------------------------


def _rule_counts(con: duckdb.DuckDBPyConnection, source: str, cache: Cache) -> dict[str, int]:
    """rows_checked and the violations of every row rule of `source`, in one scan."""
    key = ("rules", source)
    if key not in cache:
        suite = RAW_SUITES[source]
        rules = (*suite.in_order, *suite.in_range)
        filters = "".join(
            f", count(*) filter (where coalesce({r.violation}, false)) as {r.name}" for r in rules
        )
        row = con.execute(
            f"select count(*) as rows_checked{filters} from {selected_rows_sql(source)}"
        ).fetchall()[0]
        names = ["rows_checked", *(r.name for r in rules)]
        cache[key] = {n: int(v or 0) for n, v in zip(names, row, strict=True)}
    return cache[key]


def _evaluate_rules(
    con: duckdb.DuckDBPyConnection,
    source: str,
    rules: tuple[RowRule, ...],
    group: str,
    cache: Cache,
) -> CheckOutcome:
    counts = _rule_counts(con, source, cache)
    if not rules:
        return CheckOutcome(True, {"rows_checked": counts["rows_checked"]}, summary="no rules")
    one_row = pd.DataFrame([{r.name: counts[r.name] for r in rules}])
    report = validate(
        one_row,
        f"raw.{RAW_SUITES[source].table}.{group}",
        [
            Expect.of("ExpectColumnValuesToBeBetween", column=r.name, min_value=0, max_value=0)
            for r in rules
        ],
    )
    examples: list[dict[str, Any]] = []
    for r in rules:
        if counts[r.name] and len(examples) < MAX_EXAMPLES:
            shown = ", ".join(f"cast({c} as varchar) as {c}" for c in r.columns)
            examples += records(
                con,
                f"select '{r.name}' as rule, person_id, file_name, row_number, {shown} "
                f"from {selected_rows_sql(source)} where coalesce({r.violation}, false) "
                f"order by file_name, row_number limit {MAX_EXAMPLES - len(examples)}",
            )
    violations = sum(counts[r.name] for r in rules)
    return CheckOutcome(
        passed=report.success,
        counts={"rows_checked": counts["rows_checked"], **{r.name: counts[r.name] for r in rules}},
        examples=examples,
        expectations=report.as_dicts(),
        summary=f"{violations} rule violations in {counts['rows_checked']} rows",
    )


def evaluate_dates_in_order(
    con: duckdb.DuckDBPyConnection, source: str, cache: Cache | None = None
) -> CheckOutcome:
    """No period ends before it starts (ESF: no entry before the project's start); these rows
    are quarantined at ingestion, so any left here means an ingestion fault."""
    cache = {} if cache is None else cache
    return _evaluate_rules(con, source, RAW_SUITES[source].in_order, "dates_in_order", cache)


def evaluate_dates_in_range(
    con: duckdb.DuckDBPyConnection, source: str, cache: Cache | None = None
) -> CheckOutcome:
    """Dates are plausible: not before the person's birth, not after the extraction, inside
    the snapshot's scope (going on at or after 2019-01-01); other value ranges likewise."""
    cache = {} if cache is None else cache
    return _evaluate_rules(con, source, RAW_SUITES[source].in_range, "dates_in_range", cache)


# -- uniqueness ------------------------------------------------------------------------------


def _duplicates(
    con: duckdb.DuckDBPyConnection, source: str, key: tuple[str, ...], suite_name: str
) -> CheckOutcome:
    cols = ", ".join(key)
    row = con.execute(
        f"""
        with per_key as (
            select {cols}, count(*) as n from {selected_rows_sql(source)}
            group by {cols} having count(*) > 1
        )
        select count(*), coalesce(sum(n - 1), 0) from per_key
        """
    ).fetchall()[0]
    groups, extra = int(row[0]), int(row[1])
    report = validate(
        pd.DataFrame([{"duplicate_rows": extra}]),
        suite_name,
        [
            Expect.of(
                "ExpectColumnValuesToBeBetween", column="duplicate_rows", min_value=0, max_value=0
            )
        ],
    )
    examples = []
    if groups:
        shown = ", ".join(f"cast({c} as varchar) as {c}" for c in key)
        examples = records(
            con,
            f"""select {shown}, count(*) as rows,
                       string_agg(cast(row_number as varchar), ' ' order by row_number)
                           as row_numbers
                from {selected_rows_sql(source)} group by {cols} having count(*) > 1
                order by {cols} limit {MAX_EXAMPLES}""",
        )
    return CheckOutcome(
        passed=report.success,
        counts={"key": ", ".join(key), "duplicate_keys": groups, "duplicate_rows": extra},
        examples=examples,
        expectations=report.as_dicts(),
        summary=f"{extra} rows repeat a key ({', '.join(key)})",
    )


def evaluate_rows_unique(
    con: duckdb.DuckDBPyConnection, source: str, cache: Cache | None = None
) -> CheckOutcome:
    """Each source row is in the warehouse once: (load_id, row_number) is unique."""
    table = RAW_SUITES[source].table
    return _duplicates(con, source, ("load_id", "row_number"), f"raw.{table}.lineage_key")


def evaluate_natural_key(
    con: duckdb.DuckDBPyConnection, source: str, cache: Cache | None = None
) -> CheckOutcome:
    """The source's natural key is unique among the selected rows (near-duplicates that
    differ in some other column are legal by contract and kept, hence a warning)."""
    suite = RAW_SUITES[source]
    return _duplicates(con, source, suite.natural_key, f"raw.{suite.table}.natural_key")


# -- volumes ------------------------------------------------------------------------------------


def _snapshot_and_previous_sql(source: str) -> str:
    """The snapshot of `source` in use and the loaded snapshot extracted before it (rows
    loaded, from the ledger): file_name, extraction_date, current_rows, previous_rows,
    previous_file."""
    return f"""
        with selected as (
            select l.* from raw.load_ledger l
            where l.load_id in ({loads_in_use_sql(source)})
        ),
        previous as (
            select l.file_name, l.rows_loaded from raw.load_ledger l, selected s
            where l.source = s.source and l.status = 'loaded'
              and l.extraction_date < s.extraction_date
            order by l.extraction_date desc, l.load_seq desc limit 1
        )
        select s.file_name, s.extraction_date, s.rows_loaded as current_rows,
               p.rows_loaded as previous_rows, p.file_name as previous_file
        from selected s left join previous p on true"""


def evaluate_row_count_band(
    con: duckdb.DuckDBPyConnection,
    source: str,
    cache: Cache | None = None,
    min_ratio: float = MIN_ROW_RATIO,
) -> CheckOutcome:
    """Rows of the selected snapshot against the previous loaded snapshot of the same source
    (Kela: each billing month in use against the one before it). Losing 30 % or more of the
    rows suggests a truncated or filtered extract. Counts come from the ledger, which the
    ledger check reconciles with the raw tables."""
    if source == KELA:
        sql = f"""
            with months as (
                select l.file_name, l.extraction_date, l.rows_loaded
                from raw.load_ledger l where l.load_id in ({loads_in_use_sql(source)})
            )
            select file_name, extraction_date, rows_loaded as current_rows,
                   lag(rows_loaded) over (order by extraction_date) as previous_rows,
                   lag(file_name) over (order by extraction_date) as previous_file
            from months order by extraction_date"""
    else:
        sql = _snapshot_and_previous_sql(source)
    bands = frame(con, sql)
    bands["ratio"] = [
        (c / p) if p else None
        for c, p in zip(bands["current_rows"], bands["previous_rows"], strict=True)
    ]
    bands["ratio"] = bands["ratio"].astype("float64")
    report = validate(
        bands[["ratio"]],
        f"raw.{RAW_SUITES[source].table}.row_count_band",
        [
            Expect.of(
                "ExpectColumnValuesToBeBetween",
                column="ratio",
                min_value=min_ratio,
                strict_min=True,
            )
        ],
    )
    shown = records(con, sql)
    for r in shown:
        p = r["previous_rows"]
        r["ratio"] = round(r["current_rows"] / p, 4) if p else None
    low = [r for r in shown if r["ratio"] is not None and r["ratio"] <= min_ratio]
    last = shown[-1] if shown else {}
    return CheckOutcome(
        passed=report.success,
        counts={
            "current_rows": last.get("current_rows"),
            "previous_rows": last.get("previous_rows"),
            "ratio": last.get("ratio"),
            "min_ratio": min_ratio,
            "snapshots_below_band": len(low),
        },
        examples=[
            {
                k: r[k]
                for k in ("file_name", "previous_file", "current_rows", "previous_rows", "ratio")
            }
            for r in low
        ][:MAX_EXAMPLES],
        expectations=report.as_dicts(),
        summary=(
            "no previous snapshot to compare with"
            if not last or (last.get("previous_rows") is None and not low)
            else f"{len(low)} snapshots lost {round((1 - min_ratio) * 100)} % or more of their rows"
        ),
    )


def evaluate_snapshot_not_shrunk(
    con: duckdb.DuckDBPyConnection,
    source: str,
    cache: Cache | None = None,
    min_ratio: float = MIN_KEPT_RATIO,
) -> CheckOutcome:
    """A required source's snapshot in use holds rows, and at least half as many as the
    loaded snapshot before it (rows loaded, from the ledger). A register that lost more than
    half of its rows from one month to the next, or all of them, is a broken extract: every
    stock, flow and indicator would fall with it, so this check blocks (issue 16)."""
    shown = records(con, _snapshot_and_previous_sql(source))
    for r in shown:
        p = r["previous_rows"]
        r["kept_share"] = round(r["current_rows"] / p, 4) if p else None
    sizes = pd.DataFrame(shown, columns=["current_rows", "kept_share"]).astype("float64")
    report = validate(
        sizes,
        f"raw.{RAW_SUITES[source].table}.snapshot_not_shrunk",
        [
            Expect.of("ExpectColumnValuesToBeBetween", column="current_rows", min_value=1),
            Expect.of("ExpectColumnValuesToBeBetween", column="kept_share", min_value=min_ratio),
        ],
    )
    last = shown[-1] if shown else None
    if last is None:
        summary = f"no snapshot of {source} is in use"
    elif last["current_rows"] == 0:
        summary = f"{last['file_name']} holds no rows" + (
            f" (the snapshot before it, {last['previous_file']}, {last['previous_rows']})"
            if last["previous_file"]
            else ""
        )
    elif last["previous_file"] is None:
        summary = f"{last['file_name']} holds {last['current_rows']} rows; no snapshot before it"
    else:
        lost = last["kept_share"] is not None and last["kept_share"] < min_ratio
        summary = (
            f"{last['file_name']} holds {last['current_rows']} rows, the snapshot before it "
            f"({last['previous_file']}) {last['previous_rows']}"
            + (": it lost more than half of them" if lost else "")
        )
    return CheckOutcome(
        passed=report.success,
        counts={
            "current_rows": last and last["current_rows"],
            "previous_rows": last and last["previous_rows"],
            "kept_share": last and last["kept_share"],
            "min_kept_share": min_ratio,
        },
        examples=[] if report.success else shown[:MAX_EXAMPLES],
        expectations=report.as_dicts(),
        summary=summary,
    )


def evaluate_identity_code_validity(
    con: duckdb.DuckDBPyConnection,
    source: str,
    cache: Cache | None = None,
    max_rate: float = MAX_INVALID_HETU_RATE,
) -> CheckOutcome:
    """Share of each file's rows quarantined as `invalid_hetu` (findings / rows read) stays
    below the threshold: a high share points at a mangled column or a wrong extract."""
    sql = f"""
        select l.file_name, l.rows_read,
               count(f.kind) as invalid_hetu_rows,
               case when l.rows_read > 0 then count(f.kind) / l.rows_read end as invalid_rate
        from raw.load_ledger l
        left join raw.findings f on f.load_id = l.load_id and f.kind = 'invalid_hetu'
        where l.load_id in ({loads_in_use_sql(source)})
        group by l.file_name, l.rows_read order by l.file_name"""
    rates = frame(con, sql)
    rates["invalid_rate"] = rates["invalid_rate"].astype("float64")
    report = validate(
        rates[["invalid_rate"]],
        f"raw.{RAW_SUITES[source].table}.identity_code_validity",
        [
            Expect.of(
                "ExpectColumnValuesToBeBetween",
                column="invalid_rate",
                min_value=0,
                max_value=max_rate,
            )
        ],
    )
    shown = records(con, sql)
    high = [r for r in shown if r["invalid_rate"] is not None and r["invalid_rate"] > max_rate]
    rows_read = sum(r["rows_read"] for r in shown)
    invalid = sum(r["invalid_hetu_rows"] for r in shown)
    return CheckOutcome(
        passed=report.success,
        counts={
            "files_checked": len(shown),
            "rows_read": rows_read,
            "invalid_hetu_rows": invalid,
            "invalid_rate": round(invalid / rows_read, 6) if rows_read else None,
            "max_rate": max_rate,
            "files_above_threshold": len(high),
        },
        examples=[{**r, "invalid_rate": round(r["invalid_rate"], 6)} for r in high[:MAX_EXAMPLES]],
        expectations=report.as_dicts(),
        summary=f"{len(high)} files with more than {max_rate:.1%} invalid identity codes",
    )


# -- ESF completeness ---------------------------------------------------------------------------


def participants_sql() -> str:
    """ESF participants (one per person per project) with their entry data: the first row
    ordered by entry date, leaving date (empty last), row number; entries after as_of ignored
    (indicators.md §6)."""
    return f"""
        select * from (
            select r.*, row_number() over (
                partition by r.hanketunnus, r.person_id
                order by r.aloituspvm, r.lopetuspvm nulls last, r.file_name, r.row_number
            ) as nth_row
            from {selected_rows_sql("esf/osallistujat")} r
            where r.aloituspvm <= (select max(as_of) from raw.run_context)
        ) where nth_row = 1"""


def evaluate_esf_complete_records(
    con: duckdb.DuckDBPyConnection,
    source: str = "esf/osallistujat",
    cache: Cache | None = None,
    min_share: float = MIN_COMPLETE_SHARE,
) -> CheckOutcome:
    """Per project, the share of participants whose record is complete (sex and age from the
    identity code, labour-market status, education 0-8): incomplete ones count in TOTAL only."""
    complete = "(tyomarkkina_asema is not null and koulutusaste between 0 and 8)"
    sql = f"""
        select hanketunnus as project_code, count(*) as participants,
               count(*) filter (where {complete}) as complete,
               count(*) filter (where {complete}) / count(*) as complete_share
        from ({participants_sql()}) group by hanketunnus order by hanketunnus"""
    shares = frame(con, sql)
    shares["complete_share"] = shares["complete_share"].astype("float64")
    report = validate(
        shares[["project_code", "complete_share"]],
        "raw.esf_osallistujat.complete_records",
        [
            Expect.of(
                "ExpectColumnValuesToBeBetween",
                column="complete_share",
                min_value=min_share,
                max_value=1,
            )
        ],
    )
    per_project = records(con, sql)
    counts: dict[str, Any] = {"min_share": min_share}
    for r in per_project:
        counts[f"{r['project_code']}_participants"] = r["participants"]
        counts[f"{r['project_code']}_complete"] = r["complete"]
        counts[f"{r['project_code']}_complete_share"] = round(r["complete_share"], 4)
    examples = []
    if any(r["complete"] < r["participants"] for r in per_project):
        examples = records(
            con,
            f"""select person_id, hanketunnus as project_code, file_name, row_number,
                       tyomarkkina_asema is null as status_missing,
                       coalesce(koulutusaste not between 0 and 8, true) as education_missing
                from ({participants_sql()}) where not {complete}
                order by hanketunnus, file_name, row_number limit {MAX_EXAMPLES}""",
        )
    return CheckOutcome(
        passed=report.success,
        counts=counts,
        examples=examples,
        expectations=report.as_dicts(),
        summary="; ".join(
            f"{r['project_code']}: {r['complete']} of {r['participants']} participants "
            f"complete ({r['complete_share']:.1%})"
            for r in per_project
        )
        or "no participants",
    )


__all__ = [
    "as_of",
    "evaluate_codes",
    "evaluate_columns_and_types",
    "evaluate_dates_in_order",
    "evaluate_dates_in_range",
    "evaluate_esf_complete_records",
    "evaluate_identity_code_validity",
    "evaluate_natural_key",
    "evaluate_row_count_band",
    "evaluate_rows_unique",
    "evaluate_snapshot_not_shrunk",
    "scalar",
]
