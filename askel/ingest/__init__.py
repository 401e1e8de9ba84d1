"""Where data enters: every extract of the contract (sources.md) into the raw layer.

Public API (the pipelines wrap these as Dagster assets):

- `SOURCES`: the source keys, e.g. `te/palvelut`
- `discover(landing) -> Discovery`: files per source (extraction date from the name) and
  the files that match no pattern (reported, left alone)
- `ingest_source(con, source, files, key, config, quarantine_dir) -> SourceReport`: loads
  every file not loaded before (content hash) into raw.<table>, raw.findings,
  raw.load_ledger, and writes the quarantine files
- `select_snapshots(con, as_of) -> RunContext`: raw.snapshot_selection and raw.run_context
- `missing_sources(con)`: required sources without a usable snapshot, and a sentence
- `write_findings_csv(con, path) -> int`: quality/findings.csv
"""

from askel.ingest.contract import SOURCES
from askel.ingest.findings import write_findings_csv
from askel.ingest.landing import Discovery, LandingFile, discover
from askel.ingest.load import (
    ALREADY_LOADED,
    LOADED,
    REJECTED,
    FileReport,
    SourceReport,
    ingest_source,
)
from askel.ingest.snapshots import RunContext, Selection, missing_sources, select_snapshots

__all__ = [
    "ALREADY_LOADED",
    "LOADED",
    "REJECTED",
    "SOURCES",
    "Discovery",
    "FileReport",
    "LandingFile",
    "RunContext",
    "Selection",
    "SourceReport",
    "discover",
    "ingest_source",
    "missing_sources",
    "select_snapshots",
    "write_findings_csv",
]
