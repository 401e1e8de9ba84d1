"""Loading one source: every file not loaded before, each in one transaction.

Per file: the content hash decides whether it is new (a content loaded or rejected before is
a no-op, whatever its name). A new file is read, checked row by row (`rules.py`), its
quarantined rows written to the quarantine folder, and then its rows, findings and ledger
row are inserted in ONE transaction, so a killed run never leaves half a file behind (the
quarantine file is rewritten identically by the next run).

Ledger counts: `rows_read` are the file's data records (header and blank lines excluded);
`rows_read = rows_loaded + rows_quarantined` always. A rejected file has all three 0: none of
its rows is read as a record (its copy is in the quarantine folder).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from askel.config import Config
from askel.ingest import quarantine
from askel.ingest.contract import SPECS
from askel.ingest.keycheck import verify_pseudonym_key
from askel.ingest.landing import LandingFile
from askel.ingest.readers import FileRejected, RawTable, read_csv, read_xlsx
from askel.ingest.rules import RuleResult, apply_rules
from askel.warehouse.raw_schema import DATA_TABLES, create_raw_schema

LOADED, REJECTED, ALREADY_LOADED = "loaded", "rejected", "already_loaded"


@dataclass
class FileReport:
    file_name: str
    source: str
    status: str  # loaded | rejected | already_loaded
    load_id: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_kept_with_finding: int = 0
    #: rejected: one sentence naming the file (and column); already_loaded: the earlier file
    message: str | None = None
    seconds: float = 0.0

    def line(self) -> str:
        if self.status == ALREADY_LOADED:
            return f"{self.file_name}: already loaded ({self.message})"
        if self.status == REJECTED:
            return f"{self.file_name}: REJECTED: {self.message}"
        return (
            f"{self.file_name}: {self.rows_read} rows read, {self.rows_loaded} loaded, "
            f"{self.rows_quarantined} quarantined ({self.seconds:.2f} s)"
        )


@dataclass
class SourceReport:
    source: str
    files: list[FileReport] = field(default_factory=list)

    def _sum(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)

    @property
    def files_loaded(self) -> int:
        return sum(f.status == LOADED for f in self.files)

    @property
    def files_rejected(self) -> int:
        return sum(f.status == REJECTED for f in self.files)

    @property
    def files_already_loaded(self) -> int:
        return sum(f.status == ALREADY_LOADED for f in self.files)

    @property
    def rows_read(self) -> int:
        return self._sum("rows_read")

    @property
    def rows_loaded(self) -> int:
        return self._sum("rows_loaded")

    @property
    def rows_quarantined(self) -> int:
        return self._sum("rows_quarantined")

    @property
    def rejected_messages(self) -> list[str]:
        return [f.message or "" for f in self.files if f.status == REJECTED]

    def summary_lines(self) -> list[str]:
        return [f"{self.source}: {f.line()}" for f in self.files]

    def one_line(self) -> str:
        text = (
            f"{self.files_loaded} new file(s), {self.rows_loaded} rows loaded, "
            f"{self.rows_quarantined} quarantined"
        )
        if self.files_already_loaded:
            text += f", {self.files_already_loaded} already loaded"
        if self.files_rejected:
            text += f", {self.files_rejected} REJECTED"
        return text


def read_no_follow(path: Path) -> bytes:
    """The bytes of a regular file; a symbolic link (put there after discovery) is refused
    with an OSError rather than followed (landing.py)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def label(source: str, file_name: str) -> str:
    """How messages name a file: its landing folder and name, e.g. `te/palvelut_20221231.csv`."""
    return f"{source.split('/')[0]}/{file_name}"


def read_file(data: bytes, source: str, name: str) -> RawTable:
    spec = SPECS[source]
    if spec.container == "xlsx":
        dates = frozenset(c.name for c in spec.columns if c.kind == "date")
        return read_xlsx(data, label(source, name), dates)
    return read_csv(data, spec.encoding, label(source, name))


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    source: str,
    files: list[LandingFile],
    key: bytes,
    config: Config,
    quarantine_dir: Path,
) -> SourceReport:
    """Load every file of `source` whose content was not loaded before (oldest first).

    The next file is read and checked in a worker thread while this one is written, so that
    polars and DuckDB (both release the GIL) overlap: a source of many files (Kela's monthly
    ones) or of large snapshots loads in less wall time. Writes stay in order, one at a time.
    """
    if source not in SPECS:
        raise ValueError(f"unknown source {source!r}")
    create_raw_schema(con)
    verify_pseudonym_key(con, key)  # before anything is written (keycheck.py)
    report = SourceReport(source)
    ordered = sorted(files)
    seen = {row[0] for row in con.execute("select content_hash from raw.load_ledger").fetchall()}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="askel-read") as reader:
        ahead = reader.submit(_prepare, ordered[0], key, config, seen) if ordered else None
        for following in [*ordered[1:], None] if ordered else []:
            assert ahead is not None
            prepared = ahead.result()
            if following is not None:
                ahead = reader.submit(_prepare, following, key, config, seen)
            report.files.append(_write(con, prepared, key, quarantine_dir))
            del prepared  # at most two files in memory: this one and the one read ahead
    return report


@dataclass
class _Prepared:
    """A file read and checked, not yet written (or known to be loaded before)."""

    file: LandingFile
    data: bytes | None
    digest: str
    started: float
    result: RuleResult | None = None
    rejected: FileRejected | None = None


def _prepare(f: LandingFile, key: bytes, config: Config, seen: set[str]) -> _Prepared:
    started = time.perf_counter()
    data = read_no_follow(f.path)
    digest = content_hash(data)
    if digest in seen:  # loaded or rejected by an earlier run: not read again
        return _Prepared(f, None, digest, started)
    source, name = f.source, f.name
    try:
        raw = read_file(data, source, name)
        result = apply_rules(
            raw, SPECS[source], file_name=name, label=label(source, name), key=key, config=config
        )
    except FileRejected as rejected:
        return _Prepared(f, data, digest, started, rejected=rejected)
    return _Prepared(f, None, digest, started, result=result)


def _write(
    con: duckdb.DuckDBPyConnection, p: _Prepared, key: bytes, quarantine_dir: Path
) -> FileReport:
    f, digest = p.file, p.digest
    source, name = f.source, f.name
    load_id = digest[:16]
    earlier = con.execute(
        "select file_name, status from raw.load_ledger where content_hash = ? limit 1", [digest]
    ).fetchall()
    if earlier:  # an earlier run, or an earlier file of this batch with the same content
        return FileReport(
            name, source, ALREADY_LOADED, load_id, message=f"same content as {earlier[0][0]}"
        )
    table = DATA_TABLES[source][0]
    if p.rejected is not None:
        rejected = p.rejected
        assert p.data is not None
        quarantine.write_rejected_file(quarantine_dir, source, name, p.data, rejected.message, key)
        findings = pl.DataFrame(
            {
                "file": [name],
                "row": pl.Series([None], dtype=pl.Int32),
                "source": [source],
                "kind": [rejected.kind],
                "action": ["rejected_file"],
                "detail": [rejected.message],
            }
        )
        seconds = time.perf_counter() - p.started
        _commit(
            con, table, None, findings, f, digest, REJECTED, (0, 0, 0), seconds, rejected.message
        )
        return FileReport(
            name, source, REJECTED, load_id, message=rejected.message, seconds=seconds
        )

    result = p.result
    assert result is not None
    if result.quarantined.height:
        quarantine.write_rows(quarantine_dir, source, name, load_id, result.quarantined)
    counts = (result.rows_read, result.loaded.height, result.quarantined.height)
    seconds = time.perf_counter() - p.started
    _commit(con, table, result.loaded, result.findings, f, digest, LOADED, counts, seconds, None)
    kept = result.findings.filter(pl.col("action") == "kept").height
    return FileReport(
        name,
        source,
        LOADED,
        load_id,
        rows_read=counts[0],
        rows_loaded=counts[1],
        rows_quarantined=counts[2],
        rows_kept_with_finding=kept,
        seconds=time.perf_counter() - p.started,
    )


def _commit(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: pl.DataFrame | None,
    findings: pl.DataFrame,
    f: LandingFile,
    digest: str,
    status: str,
    counts: tuple[int, int, int],
    seconds: float,
    message: str | None,
) -> None:
    load_id = digest[:16]
    con.execute("begin transaction")
    try:
        next_seq = "select coalesce(max(load_seq), 0) + 1 from raw.load_ledger"
        seq = con.execute(next_seq).fetchall()[0][0]
        if rows is not None and rows.height:
            ingest_rows = rows.with_columns(
                pl.lit(load_id).alias("load_id"),
                pl.lit(f.extraction_date).alias("extraction_date"),
            )
            con.register("ingest_rows", ingest_rows)
            con.execute(f"insert into raw.{table} by name select * from ingest_rows")
            con.unregister("ingest_rows")
        if findings.height:
            ingest_findings = findings.with_columns(pl.lit(load_id).alias("load_id"))
            con.register("ingest_findings", ingest_findings)
            con.execute("insert into raw.findings by name select * from ingest_findings")
            con.unregister("ingest_findings")
        con.execute(
            "insert into raw.load_ledger values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                seq,
                f.source,
                f.name,
                f.extraction_date,
                digest,
                status,
                *counts,
                dt.datetime.now(),
                round(seconds, 3),
                message,
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
