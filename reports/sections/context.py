"""What every section builder is handed: the language, the run's metadata, the marts (read once,
on first use) and the few lookups several sections share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

from reports.i18n import Translator
from reports.marts import read_mart
from reports.model import Section

T = TypeVar("T")

#: the all-area rows of the monthly marts
ALL = "ALL"

#: first day of the extracts' scope (sources.md: rows going on at or beginning after it); what
#: began earlier is seen only in part (left-truncated), so the report starts here
EXTRACT_SCOPE_START = dt.date(2019, 1, 1)


class ReportContext:
    def __init__(self, con: duckdb.DuckDBPyConnection, run_meta: dict[str, Any], lang: str):
        self.con = con
        self.t = Translator(lang)
        self.lang = lang
        self.meta = run_meta
        self.municipality_names = {
            str(m.get("code")): str(m.get("name") or m.get("code"))
            for m in run_meta.get("municipalities", [])
        }
        as_of = run_meta.get("as_of")
        #: the run's reference day
        self.as_of: dt.date | None = dt.date.fromisoformat(str(as_of)[:10]) if as_of else None
        self._marts: dict[str, list[dict[str, Any]] | None] = {}
        self._memo: dict[str, Any] = {}

    def mart(self, name: str) -> list[dict[str, Any]] | None:
        """Rows of `marts.<name>` (see `reports.marts.read_mart`), read once per report."""
        if name not in self._marts:
            self._marts[name] = read_mart(self.con, name)
        return self._marts[name]

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per report: grids that several sections draw from (protected once,
        so that every section shows the same suppressed cells)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def municipality(self, code: Any) -> str:
        code = str(code)
        if code == ALL:
            return self.t("all_area")
        if code == "unknown":
            return self.t.group("municipality", code)
        name = self.municipality_names.get(code)
        return f"{name} ({code})" if name else code

    def unavailable(self, key: str) -> Section:
        t = self.t
        return Section(key, t(key), t(f"{key}_def"), available=False)

    def project_label(self, project: dict[str, Any]) -> str:
        """Code and lead organisation, in the report's language when configured."""
        lead = (self.lang == "fi" and project.get("lead_fi")) or project.get("lead") or ""
        return f"{project['code']} {lead}".strip()

    def projects(self) -> list[dict[str, Any]]:
        """Configured projects, then any project code the ESF mart holds that is not configured."""
        configured = list(self.meta.get("projects", []))
        known = {p.get("code") for p in configured}
        for r in self.mart("esf_indicators") or []:
            if r["project_code"] not in known:
                known.add(r["project_code"])
                configured.append({"code": r["project_code"]})
        return configured
