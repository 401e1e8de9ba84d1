"""Ingest layer: one asset per source extract, then the run context that pins the snapshots.

The assets are thin: `askel.ingest` does the reading, validating and pseudonymising; these
wrappers give Dagster the lineage (asset keys `raw/<table>` are the dbt sources) and metadata.
"""

import time

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)

from askel import ingest
from askel.ingest.hetu import forget_pseudonyms
from askel.warehouse.raw_schema import DATA_TABLES, create_raw_schema, write_config_tables
from pipelines.resources import AskelSettings

GROUP = "ingest"
POOL = "warehouse"


def _source_asset(source: str):
    table = DATA_TABLES[source][0]

    @asset(
        key=AssetKey(["raw", table]),
        group_name=GROUP,
        pool=POOL,
        kinds={"duckdb", "polars"},
        description=f"Every snapshot of landing/{source}_* loaded so far (pseudonymised rows).",
    )
    def _load(context: AssetExecutionContext, askel: AskelSettings) -> MaterializeResult:
        started = time.perf_counter()
        discovery = ingest.discover(askel.landing_path)
        files = discovery.files.get(source, [])
        config = askel.config()
        key = config.pseudonym_key()
        with askel.connect() as con:
            create_raw_schema(con)
            report = ingest.ingest_source(con, source, files, key, config, askel.quarantine_path)
            total_rows = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
        for line in report.summary_lines():
            context.log.info(line)
        askel.progress(f"ingest {source}: {report.one_line()}")
        return MaterializeResult(
            metadata={
                "files_in_landing": len(files),
                "files_loaded": report.files_loaded,
                "files_rejected": report.files_rejected,
                "rows_read": report.rows_read,
                "rows_loaded": report.rows_loaded,
                "rows_quarantined": report.rows_quarantined,
                "rows_in_table": total_rows,
                "duration_s": round(time.perf_counter() - started, 3),
            }
        )

    return _load


raw_source_assets = [_source_asset(source) for source in DATA_TABLES]

RUN_CONTEXT_TABLES = (
    "snapshot_selection",
    "run_context",
    "config_projects",
    "config_municipalities",
    "load_ledger",
    "findings",
)


@multi_asset(
    specs=[
        AssetSpec(
            AssetKey(["raw", name]),
            group_name=GROUP,
            deps=[AssetKey(["raw", DATA_TABLES[s][0]]) for s in DATA_TABLES],
            kinds={"duckdb"},
        )
        for name in RUN_CONTEXT_TABLES
    ],
    name="run_context",
    pool=POOL,
    description="Pins the snapshot of each source and the reference day (as_of) for this run.",
)
def run_context(context: AssetExecutionContext, askel: AskelSettings):
    forget_pseudonyms()  # every source is loaded: the plain codes need not stay in memory
    config = askel.config()
    discovery = ingest.discover(askel.landing_path)
    with askel.connect() as con:
        create_raw_schema(con)
        write_config_tables(con, config)
        # files left alone (unmatched names, symbolic links): raw.findings, load_id 'landing'
        left_alone = ingest.record_landing_findings(con, discovery)
        ctx = ingest.select_snapshots(con, askel.as_of_date())
        _, missing_sentence = ingest.missing_sources(con)
        findings_path = askel.out_path / "quality" / "findings.csv"
        n_findings = ingest.write_findings_csv(con, findings_path)
        counts = {
            name: con.execute(f"select count(*) from raw.{name}").fetchone()[0]
            for name in RUN_CONTEXT_TABLES
        }
    for note in [*left_alone, *ctx.notes, *([missing_sentence] if missing_sentence else [])]:
        context.log.warning(note)
        askel.progress(note)
    askel.progress(f"as_of {ctx.as_of.isoformat()}; {n_findings} findings listed")
    for name in RUN_CONTEXT_TABLES:
        metadata = {"rows": counts[name]}
        if name == "run_context":
            metadata["as_of"] = ctx.as_of.isoformat()
            metadata["notes"] = MetadataValue.md("\n".join(f"- {n}" for n in ctx.notes) or "-")
        if name == "snapshot_selection":
            metadata["snapshots"] = MetadataValue.json(
                {s.source: s.file_name for s in ctx.selections}
            )
        yield MaterializeResult(asset_key=AssetKey(["raw", name]), metadata=metadata)
