"""Which load of each snapshot source this run uses, and the run's reference day `as_of`.

Per snapshot source: the loaded file with the newest extraction date on or before `as_of`
(when given); among equal dates the latest load. Rejected files are skipped, and the run
says so when a newer rejected file was passed over. A source with no loaded file gets no
selection (its models see no rows). The default `as_of` is the newest extraction date among
the selected snapshots (kela never sets it); with no snapshot at all it is today, with a note.
A required source (REQUIRED_SOURCES) without a selection is listed by `missing_sources`:
the run then publishes nothing (the check `required_sources_present`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from askel.warehouse.raw_schema import REQUIRED_SOURCES, SNAPSHOT_SOURCES, create_raw_schema


@dataclass(frozen=True)
class Selection:
    source: str
    load_id: str
    file_name: str
    extraction_date: dt.date


@dataclass
class RunContext:
    as_of: dt.date
    as_of_given: bool
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _label(source: str, file_name: str) -> str:
    return f"{source.split('/')[0]}/{file_name}"


def select_snapshots(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> RunContext:
    """Write raw.snapshot_selection and raw.run_context for this run and return them."""
    create_raw_schema(con)
    ledger = con.execute(
        """
        select source, load_id, file_name, extraction_date, status, load_seq
        from raw.load_ledger
        where ? is null or extraction_date <= ?
        order by source, extraction_date desc, load_seq desc
        """,
        [as_of, as_of],
    ).fetchall()
    selections: list[Selection] = []
    notes: list[str] = []
    for source in SNAPSHOT_SOURCES:
        rows = [r for r in ledger if r[0] == source]
        chosen = next((r for r in rows if r[4] == "loaded"), None)
        passed_over = [
            r for r in rows if r[4] == "rejected" and (chosen is None or r[3] > chosen[3])
        ]
        if chosen is not None:
            selections.append(Selection(source, chosen[1], chosen[2], chosen[3]))
        for r in passed_over:
            using = (
                f"using {_label(source, chosen[2])}"
                if chosen
                else f"no snapshot of {source} is used"
            )
            notes.append(f"{_label(source, r[2])} was rejected; {using}")
    # kela: a billing month whose only file was rejected is missing from the history
    kela = con.execute(
        """
        select file_name from raw.load_ledger l
        where source = 'kela/tmt_kuntaosuus' and status = 'rejected'
          and (? is null or extraction_date <= ?)
          and not exists (
              select 1 from raw.load_ledger k
              where k.source = l.source and k.status = 'loaded'
                and k.extraction_date = l.extraction_date)
        order by file_name
        """,
        [as_of, as_of],
    ).fetchall()
    for (name,) in kela:
        notes.append(f"kela/{name} was rejected; its billing month has no subsidy data")

    given = as_of is not None
    if as_of is None:
        if selections:
            as_of = max(s.extraction_date for s in selections)
        else:
            as_of = dt.date.today()
            notes.append("no snapshot has been loaded; as_of is today")
    con.execute("begin transaction")
    try:
        con.execute("delete from raw.snapshot_selection")
        for s in selections:
            con.execute(
                "insert into raw.snapshot_selection values (?, ?, ?, ?)",
                [s.source, s.load_id, s.file_name, s.extraction_date],
            )
        con.execute("delete from raw.run_context")
        con.execute("insert into raw.run_context values (?, ?)", [as_of, given])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return RunContext(as_of=as_of, as_of_given=given, selections=selections, notes=notes)


def missing_sources(con: duckdb.DuckDBPyConnection) -> tuple[list[str], str]:
    """Required sources without a selected snapshot in this run, and one sentence saying so
    (empty when none is missing). Read from raw.snapshot_selection and raw.run_context."""
    chosen = {r[0] for r in con.execute("select source from raw.snapshot_selection").fetchall()}
    missing = [s for s in REQUIRED_SOURCES if s not in chosen]
    if not missing:
        return [], ""
    row = con.execute("select max(as_of), bool_or(as_of_given) from raw.run_context").fetchone()
    as_of, given = row or (None, False)
    where = (
        f"on or before --as-of {as_of.isoformat()}" if given and as_of else "in the landing folder"
    )
    names = ", ".join(missing)
    sentence = (
        f"No usable snapshot of {names} {where}; nothing was published "
        "(check the landing folder's mount and path"
        + (", or give a later --as-of" if given else "")
        + ")."
    )
    return missing, sentence
