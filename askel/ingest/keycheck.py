"""The pseudonym key a warehouse was built with, and the refusal of any other.

Pseudonyms are keyed hashes: a run with a different key would give every person a second
pseudonym, split their history in two and skew every figure, and since each file's content
hash is already in the ledger, the right key could not repair it afterwards. So the first
ingestion into a warehouse records the key's fingerprint (`askel.identity.key_fingerprint`,
never the key) in `raw.key_fingerprint`, and every later ingestion compares its key with it
before anything is written.

A warehouse built before fingerprints were kept has none: its next ingestion records the key
it runs with (nothing in such a warehouse can tell which key built it).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from askel.config import ConfigError
from askel.identity import key_fingerprint
from askel.warehouse.raw_schema import create_raw_schema


class PseudonymKeyMismatch(ConfigError):
    """The key differs from the one the warehouse was built with (exit status 2)."""


def _warehouse_name(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return f"the warehouse {row[0]}" if row and row[0] else "this warehouse"


def verify_pseudonym_key(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Record the key's fingerprint in a warehouse that has none; raise
    :class:`PseudonymKeyMismatch` when it holds another one. Writes nothing else."""
    create_raw_schema(con)
    fingerprint = key_fingerprint(key)
    recorded = {r[0] for r in con.execute("select fingerprint from raw.key_fingerprint").fetchall()}
    if not recorded:
        con.execute(
            "insert into raw.key_fingerprint values (?, ?)", [fingerprint, dt.datetime.now()]
        )
        return
    if fingerprint not in recorded:
        raise PseudonymKeyMismatch(
            f"The pseudonym key is not the one {_warehouse_name(con)} was built with, so its "
            "persons would get new pseudonyms; nothing was written: run with the original key "
            "(ASKEL_PSEUDONYM_KEY or pseudonym_key_file), or give a new --warehouse for a new key."
        )
