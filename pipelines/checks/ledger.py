"""Nothing is lost: every row read is loaded or quarantined, and every file was accepted.

These reconciliations read the warehouse itself rather than trusting the ingest step's own
counters: rows in the raw tables per load must equal the ledger's `rows_loaded`, and the
findings that quarantined a row must equal its `rows_quarantined`.
"""

from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue, asset_check

from askel import ingest
from askel.warehouse.raw_schema import DATA_TABLES
from pipelines.resources import AskelSettings

LEDGER = AssetKey(["raw", "load_ledger"])
SELECTION = AssetKey(["raw", "snapshot_selection"])


def ledger_mismatches(con) -> list[dict]:
    """Files whose ledger does not add up, or disagrees with the raw tables or findings."""
    loaded_per_load = " union all ".join(
        f"select load_id, count(*) as n from raw.{table} group by load_id"
        for table, _ in DATA_TABLES.values()
    )
    rows = con.execute(
        f"""
        with loaded as ({loaded_per_load}),
        quarantined as (
            select load_id, count(*) as n from raw.findings
            where action = 'quarantined' group by load_id
        )
        select l.file_name, l.source, l.rows_read, l.rows_loaded, l.rows_quarantined,
               coalesce(ld.n, 0) as rows_in_table, coalesce(q.n, 0) as quarantine_findings
        from raw.load_ledger l
        left join loaded ld using (load_id)
        left join quarantined q using (load_id)
        where l.rows_read <> l.rows_loaded + l.rows_quarantined
           or (l.status = 'loaded' and coalesce(ld.n, 0) <> l.rows_loaded)
           or (l.status = 'loaded' and coalesce(q.n, 0) <> l.rows_quarantined)
        order by l.file_name
        """
    ).fetchall()
    names = ("file", "source", "read", "loaded", "quarantined", "in_table", "quarantine_findings")
    return [dict(zip(names, r, strict=True)) for r in rows]


@asset_check(
    asset=LEDGER,
    blocking=True,
    description="For every file: rows read = rows loaded + rows quarantined, and the raw "
    "tables and findings hold exactly those rows.",
)
def ledger_counts_add_up(askel: AskelSettings) -> AssetCheckResult:
    with askel.connect(read_only=True) as con:
        bad = ledger_mismatches(con)
        files = con.execute("select count(*) from raw.load_ledger").fetchone()[0]
    return AssetCheckResult(
        passed=not bad,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "files_checked": files,
            "files_failing": len(bad),
            "examples": MetadataValue.json(bad[:5]),
        },
    )


@asset_check(
    asset=SELECTION,
    blocking=True,
    description="No file of this run's landing folder was rejected whole (exit status 3).",
)
def no_rejected_files(askel: AskelSettings) -> AssetCheckResult:
    names = {
        f.path.name for files in ingest.discover(askel.landing_path).files.values() for f in files
    }
    with askel.connect(read_only=True) as con:
        rejected = con.execute(
            "select file_name, source, message from raw.load_ledger where status = 'rejected' "
            "order by file_name"
        ).fetchall()
    rejected_here = [{"file": f, "source": s, "reason": m} for f, s, m in rejected if f in names]
    return AssetCheckResult(
        passed=not rejected_here,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "files_rejected": len(rejected_here),
            "rejected": MetadataValue.json(rejected_here),
        },
    )


@asset_check(
    asset=SELECTION,
    blocking=True,
    description="Every required source (te/tyonhakijajaksot, te/palvelut, kunta/palvelut, "
    "esf/osallistujat) has a usable snapshot on or before as_of: a run without the data it "
    "needs publishes nothing (exit status 3).",
)
def required_sources_present(askel: AskelSettings) -> AssetCheckResult:
    with askel.connect(read_only=True) as con:
        missing, sentence = ingest.missing_sources(con)
    return AssetCheckResult(
        passed=not missing,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "sources_missing": len(missing),
            "missing": MetadataValue.json(missing),
            "sentence": MetadataValue.text(sentence),
        },
    )


ledger_checks = [ledger_counts_add_up, no_rejected_files, required_sources_present]
