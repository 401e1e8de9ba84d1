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
from askel.ingest.landing import IGNORED, Discovery
from askel.warehouse.raw_schema import create_raw_schema

COLUMNS = ("file", "row", "source", "kind", "action", "detail")
#: the `load_id` of findings about the landing folder itself (unmatched files, symbolic
#: links): they describe this run's folder, not a load, so each run replaces them
LANDING_LOAD_ID = "landing"


def record_landing_findings(con: duckdb.DuckDBPyConnection, discovery: Discovery) -> list[str]:
    """Replace the landing-folder findings in raw.findings with this run's; return their
    details (one sentence each, for the run's log and stderr)."""
    create_raw_schema(con)
    con.execute("begin transaction")
    try:
        con.execute("delete from raw.findings where load_id = ?", [LANDING_LOAD_ID])
        for f in discovery.findings:
            con.execute(
                "insert into raw.findings values (?, ?, null, ?, ?, ?, ?)",
                [LANDING_LOAD_ID, f.file, f.source, f.kind, IGNORED, f.detail],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return [f.detail for f in discovery.findings]


def landing_findings(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """The landing-folder findings of the last run (file, source, kind, action, detail), for
    run.json and the quality report."""
    create_raw_schema(con)
    cursor = con.execute(
        "select file, source, kind, action, detail from raw.findings where load_id = ? "
        "order by file, kind, detail",
        [LANDING_LOAD_ID],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


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
