"""Hand-made raw layers for model tests: rows straight into the raw tables, no files.

Model tests state their cases as raw rows (already pseudonymised: tests pick readable
`person_id`s such as 'p-long-term-24'), so every expected value can be worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb

from askel.config import Config
from askel.warehouse.raw_schema import (
    DATA_TABLES,
    SNAPSHOT_SOURCES,
    create_raw_schema,
    write_config_tables,
)

DEFAULT_EXTRACTION = dt.date(2023, 1, 31)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"describe raw.{table}").fetchall()]


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    source: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    extraction_date: dt.date = DEFAULT_EXTRACTION,
    load_id: str | None = None,
    select_snapshot: bool = True,
) -> str:
    """Insert `rows` into the raw table of `source` as one load; return its load_id.

    Unnamed columns are NULL; lineage defaults are filled in; `birth_date` defaults to
    1980-01-01 and `sex` to 'female'. The load is registered in the ledger and, for snapshot
    sources, selected for the run (replacing an earlier selection of that source).
    """
    create_raw_schema(con)
    table, _ = DATA_TABLES[source]
    load_id = load_id or f"{table}-{extraction_date:%Y%m%d}"
    file_name = f"{table}_{extraction_date:%Y%m%d}"
    columns = _columns(con, table)
    rows = list(rows)
    for i, row in enumerate(rows, start=2):
        unknown = set(row) - set(columns)
        if unknown:
            raise KeyError(f"{source} has no column(s) {sorted(unknown)}")
        values = {
            "load_id": load_id,
            "file_name": file_name,
            "row_number": i,
            "extraction_date": extraction_date,
            "birth_date": dt.date(1980, 1, 1),
            "sex": "female",
            **row,
        }
        placeholders = ", ".join("?" for _ in columns)
        con.execute(
            f"insert into raw.{table} values ({placeholders})",
            [values.get(c) for c in columns],
        )
    seq = con.execute("select coalesce(max(load_seq), 0) + 1 from raw.load_ledger").fetchone()[0]
    con.execute(
        "insert into raw.load_ledger values (?, ?, ?, ?, ?, ?, 'loaded', ?, ?, 0, now(), 0, null)",
        [load_id, seq, source, file_name, extraction_date, load_id, len(rows), len(rows)],
    )
    if select_snapshot and source in SNAPSHOT_SOURCES:
        con.execute("delete from raw.snapshot_selection where source = ?", [source])
        con.execute(
            "insert into raw.snapshot_selection values (?, ?, ?, ?)",
            [source, load_id, file_name, extraction_date],
        )
    return load_id


def period(
    person: str,
    code: str,
    start: dt.date,
    end: dt.date | None,
    reason: str | None = None,
    *,
    kotikunta: str | None = "297",
) -> dict[str, Any]:
    """A te/tyonhakijajaksot row: status `code` from `start` to `end` (None = open)."""
    return {
        "person_id": person,
        "tyollkoodi": code,
        "alkupvm": start,
        "loppupvm": end,
        "kotikunta": kotikunta,
        "paattymissyy": reason,
    }


def te_service(person: str, code: str, start: dt.date, end: dt.date | None) -> dict[str, Any]:
    """A te/palvelut row: service `code` from `start` to `end` (None = open)."""
    return {"person_id": person, "palvelu": code, "alkupvm": start, "loppupvm": end}


def kunta_service(
    person: str,
    code: str,
    start: dt.date,
    end: dt.date | None,
    kunta: str = "297",
    hanke: str | None = None,
) -> dict[str, Any]:
    """A kunta/palvelut row of municipality `kunta`, delivered within `hanke` (None = none)."""
    return {"person_id": person, "palvelu": code, "alkupvm": start, "loppupvm": end,
            "kunta": kunta, "hanke": hanke}  # fmt: skip


def empty_raw_layer(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Config | None = None
) -> None:
    """An empty raw layer with every table, the default configuration and the run context."""
    create_raw_schema(con)
    write_config_tables(con, config or Config())
    con.execute("delete from raw.run_context")
    con.execute("insert into raw.run_context values (?, true)", [as_of])
