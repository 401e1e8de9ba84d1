"""DDL of the raw layer: the contract between ingestion (writer) and dbt staging (reader).

Every data table keeps the extract's own column names, typed, with the identity code replaced
by `person_id` (keyed pseudonym) plus the `birth_date` and `sex` derived from it, and lineage
columns. Optional sources get empty tables, so that models never depend on a file's presence.
"""

from __future__ import annotations

import duckdb

from askel.config import Config

LINEAGE = """
    load_id VARCHAR NOT NULL,          -- content hash prefix of the file (see load_ledger)
    file_name VARCHAR NOT NULL,        -- bare name as it arrived
    row_number INTEGER NOT NULL,       -- line in the file, header = 1 (sheet row for xlsx)
    extraction_date DATE NOT NULL,     -- from the file name (kela: first day of billing month)
"""
PERSON = """
    person_id VARCHAR NOT NULL,        -- HMAC-SHA-256 pseudonym of the identity code
    birth_date DATE NOT NULL,
    sex VARCHAR NOT NULL,              -- 'male' | 'female'
"""
EXTRA = "    extra_columns VARCHAR          -- JSON object of columns the contract does not name\n"

#: source key -> (raw table, column DDL after lineage and person)
DATA_TABLES: dict[str, tuple[str, str]] = {
    "te/tyonhakijajaksot": (
        "te_tyonhakijajaksot",
        """
    kotikunta VARCHAR,
    tyollkoodi VARCHAR NOT NULL,
    alkupvm DATE NOT NULL,
    loppupvm DATE,
    paattymissyy VARCHAR,
""",
    ),
    "te/palvelut": (
        "te_palvelut",
        """
    palvelu VARCHAR NOT NULL,
    alkupvm DATE NOT NULL,
    loppupvm DATE,
    keskeytyi VARCHAR,
""",
    ),
    "kunta/palvelut": (
        "kunta_palvelut",
        """
    asiakasnro VARCHAR,
    kunta VARCHAR,
    palvelu VARCHAR NOT NULL,
    alkupvm DATE NOT NULL,
    loppupvm DATE,
    lasnapaivat INTEGER,
    hanke VARCHAR,
""",
    ),
    "esf/osallistujat": (
        "esf_osallistujat",
        """
    hanketunnus VARCHAR NOT NULL,
    aloituspvm DATE NOT NULL,
    lopetuspvm DATE,
    tyomarkkina_asema VARCHAR,         -- NULL when empty or an unknown code
    koulutusaste INTEGER,              -- 0-9; NULL when empty or unknown
    kotitalous_tyoton VARCHAR,         -- 'K' | 'E' | 'EOS' | NULL
    huollettavia_lapsia VARCHAR,
    yksinhuoltaja VARCHAR,
    vahemmisto VARCHAR,
    vamma VARCHAR,
    muu_heikko_asema VARCHAR,
    asunnoton VARCHAR,
    maaseutu VARCHAR,                  -- 'K' | 'E' | NULL
    tilanne_lopussa VARCHAR,
    tutkinto VARCHAR,                  -- 'K' | 'E' | NULL
""",
    ),
    "tulorekisteri/palvelussuhteet": (
        "tulorekisteri_palvelussuhteet",
        """
    ytunnus VARCHAR,
    alkupvm DATE NOT NULL,
    loppupvm DATE,
    palkkatuettu VARCHAR,
""",
    ),
    "kela/tmt_kuntaosuus": (
        "kela_tmt_kuntaosuus",
        """
    kunta VARCHAR,
    kuukausi DATE NOT NULL,            -- first day of the billing month
    maksetut_paivat INTEGER,
    kertyneet_paivat INTEGER,
    kuntaosuus_pct INTEGER,
    kuntaosuus_eur DECIMAL(12, 2),
""",
    ),
}

#: sources that are full snapshots (kela is monthly, not a snapshot)
SNAPSHOT_SOURCES = tuple(s for s in DATA_TABLES if not s.startswith("kela/"))
#: sources without which a run publishes nothing (sources.md marks the other two optional)
REQUIRED_SOURCES = ("te/tyonhakijajaksot", "te/palvelut", "kunta/palvelut", "esf/osallistujat")

META_DDL = """
create table if not exists raw.load_ledger (
    load_id VARCHAR NOT NULL,
    load_seq INTEGER NOT NULL,         -- increases with every file ingested, across runs
    source VARCHAR NOT NULL,           -- e.g. 'te/palvelut'
    file_name VARCHAR NOT NULL,
    extraction_date DATE NOT NULL,     -- kela: first day of the billing month
    content_hash VARCHAR NOT NULL,     -- sha256 of the file's bytes
    status VARCHAR NOT NULL,           -- 'loaded' | 'rejected'
    rows_read INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    load_seconds DOUBLE NOT NULL,
    message VARCHAR
);
create table if not exists raw.findings (
    load_id VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    "row" INTEGER,                     -- NULL for a whole file
    source VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    action VARCHAR NOT NULL,           -- 'quarantined' | 'kept' | 'redacted' | 'rejected_file'
                                       -- | 'ignored' (landing folder, load_id 'landing')
    detail VARCHAR NOT NULL            -- never holds an identity code
);
create table if not exists raw.snapshot_selection (
    source VARCHAR NOT NULL,           -- snapshot sources only
    load_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    extraction_date DATE NOT NULL
);
create table if not exists raw.config_projects (
    project_code VARCHAR NOT NULL,
    role VARCHAR NOT NULL,             -- 'main' | 'sister'
    lead VARCHAR,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    budget_eur DECIMAL(14, 2),
    eu_contribution_eur DECIMAL(14, 2),
    target_participants INTEGER
);
create table if not exists raw.config_municipalities (
    municipality_code VARCHAR NOT NULL,
    name VARCHAR,
    employment_area VARCHAR,
    joined_date DATE
);
create table if not exists raw.key_fingerprint (
    fingerprint VARCHAR NOT NULL,      -- HMAC-SHA-256 of a fixed text under the pseudonym key
    recorded_at TIMESTAMP NOT NULL     -- by the first ingestion into this warehouse
);
create table if not exists raw.run_context (
    as_of DATE NOT NULL,
    as_of_given BOOLEAN NOT NULL       -- true when --as-of was passed
);
"""


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every raw table that does not exist yet (idempotent)."""
    con.execute("create schema if not exists raw")
    con.execute(META_DDL)
    for table, columns in DATA_TABLES.values():
        con.execute(f"create table if not exists raw.{table} ({LINEAGE}{PERSON}{columns}{EXTRA})")


def write_config_tables(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Replace the configured projects and municipalities (the models read them from here)."""
    create_raw_schema(con)
    con.execute("delete from raw.config_projects")
    con.execute("delete from raw.config_municipalities")
    for p in config.projects:
        con.execute(
            "insert into raw.config_projects values (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                p.code,
                p.role,
                p.lead,
                p.start,
                p.end,
                p.budget_eur or None,
                p.eu_contribution_eur or None,
                p.target_participants,
            ],
        )
    for m in config.municipalities:
        con.execute(
            "insert into raw.config_municipalities values (?, ?, ?, ?)",
            [m.code, m.name, m.employment_area, m.joined],
        )
