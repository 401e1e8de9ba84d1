"""What a run used: reference day, snapshots (with content hashes), software version.

Shared by the export's JSON, the report's footer and `run.json`, so they always agree.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import duckdb

from askel.config import Config


def software_version() -> str:
    try:
        return version("askel")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


def collect_run_meta(con: duckdb.DuckDBPyConnection, config: Config) -> dict[str, Any]:
    as_of = con.execute("select max(as_of) from raw.run_context").fetchone()[0]
    snapshots = [
        {
            "source": source,
            "file": file_name,
            "extraction_date": extraction_date.isoformat(),
            "sha256": content_hash,
        }
        for source, file_name, extraction_date, content_hash in con.execute(
            """
            select s.source, s.file_name, s.extraction_date, l.content_hash
            from raw.snapshot_selection s
            join raw.load_ledger l using (load_id)
            order by s.source
            """
        ).fetchall()
    ]
    kela_months = con.execute(
        """
        select count(distinct extraction_date) from raw.load_ledger
        where source = 'kela/tmt_kuntaosuus' and status = 'loaded'
          and extraction_date <= date_trunc('month', ?::date)
        """,
        [as_of],
    ).fetchone()[0]
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "software_version": software_version(),
        "snapshots": snapshots,
        "kela_billing_months": kela_months,
        "projects": [
            {
                "code": p.code,
                "role": p.role,
                "lead": p.lead,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "budget_eur": p.budget_eur,
                "eu_contribution_eur": p.eu_contribution_eur,
                "target_participants": p.target_participants,
                "lead_fi": p.lead_fi,
                "targets": dict(p.targets),
            }
            for p in config.projects
        ],
        "municipalities": [{"code": m.code, "name": m.name} for m in config.municipalities],
    }
