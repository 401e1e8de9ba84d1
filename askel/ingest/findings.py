"""`quality/findings.csv` (interface.md): every finding recorded in the warehouse, cumulative.

Sorted by file, then row (a whole-file finding, row empty, first), then source and kind.
Written to a temporary name and renamed, so a reader never sees half a file. A text cell that
a spreadsheet would run as a formula gets a leading `'` (`askel.csv_safe`): a file name such as
`=HYPERLINK(…).csv` in the landing folder is listed, not run.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from askel.csv_safe import neutralise
from askel.warehouse.raw_schema import create_raw_schema

COLUMNS = ("file", "row", "source", "kind", "action", "detail")


def write_findings_csv(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write every finding to `path`; return how many."""
    create_raw_schema(con)
    rows = con.execute(
        """
        select file, "row", source, kind, action, detail from raw.findings
        order by file, "row" nulls first, source, kind
        """
    ).fetchall()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(
            ("" if v is None else neutralise(v) if isinstance(v, str) else v for v in r)
            for r in rows
        )
    tmp.replace(path)
    return len(rows)
