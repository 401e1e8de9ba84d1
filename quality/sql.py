"""The rows a check looks at, and small helpers to read DuckDB results.

Checks validate what the models use: for a snapshot source, the rows of the load chosen in
`raw.snapshot_selection`; for Kela (monthly, not a snapshot), per billing month the rows of the
newest load (highest `load_seq`), months up to the month of `as_of` (ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from askel.warehouse.raw_schema import DATA_TABLES

KELA = "kela/tmt_kuntaosuus"


def table_of(source: str) -> str:
    return DATA_TABLES[source][0]


def loads_in_use_sql(source: str) -> str:
    """A query of the `load_id`s of `source` that this run's models read."""
    if source == KELA:
        return f"""
            select load_id from (
                select load_id, row_number() over (
                    partition by extraction_date order by load_seq desc
                ) as newest
                from raw.load_ledger
                where source = '{KELA}' and status = 'loaded'
                  and extraction_date <= (select date_trunc('month', max(as_of))
                                          from raw.run_context)
            ) where newest = 1"""
    return f"select load_id from raw.snapshot_selection where source = '{source}'"


def selected_rows_sql(source: str) -> str:
    """A subquery (in parentheses) of the rows of `source` that this run's models read."""
    return f"(select * from raw.{table_of(source)} where load_id in ({loads_in_use_sql(source)}))"


def frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> pd.DataFrame:
    """A (small) query result as pandas, through Arrow."""
    return con.sql(sql, params=params or None).to_arrow_table().to_pandas()


def records(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    """A (small) query result as JSON-friendly dicts (dates as ISO text)."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [
        {
            n: (v.isoformat() if hasattr(v, "isoformat") else _number(v))
            for n, v in zip(names, row, strict=True)
        }
        for row in cursor.fetchall()
    ]


def _number(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    return value


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(
        scalar(
            con,
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        )
    )


def column_types(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> dict[str, str]:
    """Column name -> DuckDB type of a table or view ({} when it does not exist)."""
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    return {c: t for c, t in rows}


def as_of(con: duckdb.DuckDBPyConnection):
    """The run's reference day (raw.run_context), or None before the run context is written."""
    return scalar(con, "select max(as_of) from raw.run_context")
