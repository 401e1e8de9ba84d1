"""Where data enters: every extract of the contract (sources.md) into the raw layer.

Public API (the pipelines wrap these as Dagster assets):

- `SOURCES`: the source keys, e.g. `te/palvelut`
- `discover(landing) -> Discovery`: files per source (extraction date from the name) and
  the files that match no pattern (reported, left alone)
- `ingest_source(con, source, files, key, config, quarantine_dir) -> SourceReport`: loads
  every file not loaded before (content hash) into raw.<table>, raw.findings,
  raw.load_ledger, and writes the quarantine files
- `select_snapshots(con, as_of) -> RunContext`: raw.snapshot_selection and raw.run_context
- `record_landing_findings(con, discovery) -> list[str]`: this run's unmatched files and
  symbolic links of the landing folder into raw.findings (`load_id` 'landing'); read them back
  with `landing_findings(con)`
- `verify_pseudonym_key(con, key)`: `PseudonymKeyMismatch` (a ConfigError) when the key is not
  the warehouse's (ingest_source calls it first)
- `missing_sources(con)`: required sources without a usable snapshot, and a sentence
- `write_findings_csv(con, path) -> int`: quality/findings.csv
"""

from askel.ingest.contract import SOURCES
from askel.ingest.findings import (
    LANDING_LOAD_ID,
    landing_findings,
    record_landing_findings,
    write_findings_csv,
)
from askel.ingest.keycheck import PseudonymKeyMismatch, verify_pseudonym_key
from askel.ingest.landing import Discovery, LandingFile, LandingFinding, discover
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
    "LANDING_LOAD_ID",
    "LOADED",
    "REJECTED",
    "SOURCES",
    "Discovery",
    "FileReport",
    "LandingFile",
    "LandingFinding",
    "PseudonymKeyMismatch",
    "RunContext",
    "Selection",
    "SourceReport",
    "discover",
    "ingest_source",
    "landing_findings",
    "missing_sources",
    "record_landing_findings",
    "select_snapshots",
    "verify_pseudonym_key",
    "write_findings_csv",
]
