"""Configuration: `askel.toml` (every key optional) with the seed project pair as defaults.

The pseudonymisation key never comes from the repository: from `ASKEL_PSEUDONYM_KEY`, or from
the file named by `pseudonym_key_file`, which must be readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KEY_ENV = "ASKEL_PSEUDONYM_KEY"
DEFAULT_CONFIG_NAME = "askel.toml"


class ConfigError(Exception):
    """Bad usage or configuration (exit status 2). The message is one sentence for a person."""


@dataclass(frozen=True)
class Project:
    code: str
    role: str  # "main" | "sister"
    lead: str
    start: dt.date
    end: dt.date
    budget_eur: str = "1495394.00"
    eu_contribution_eur: str = "598158.00"
    target_participants: int | None = None
    # -- report keys (issue 15; parsed by `_report_keys`) ---------------------------------------
    lead_fi: str = ""  # the lead organisation's name in the Finnish report (else `lead`)
    #: the project plan's cumulative targets: (indicator code, target), TOTAL = participants
    targets: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    employment_area: str
    joined: dt.date


DEFAULT_PROJECTS = (
    Project(
        "S21001",
        "main",
        "City of Kuopio",
        dt.date(2019, 5, 1),
        dt.date(2022, 4, 30),
        lead_fi="Kuopion kaupunki",
    ),
    Project(
        "S21002",
        "sister",
        "employment administration",
        dt.date(2019, 5, 1),
        dt.date(2022, 4, 30),
        lead_fi="työ- ja elinkeinohallinto",
    ),
)
DEFAULT_MUNICIPALITIES = (
    Municipality("297", "Kuopio", "Pohjois-Savo", dt.date(2019, 1, 1)),
    Municipality("749", "Siilinjärvi", "Pohjois-Savo", dt.date(2019, 1, 1)),
)


@dataclass(frozen=True)
class Config:
    projects: tuple[Project, ...] = DEFAULT_PROJECTS
    municipalities: tuple[Municipality, ...] = DEFAULT_MUNICIPALITIES
    landing: Path | None = None
    warehouse: Path | None = None
    out: Path | None = None
    pseudonym_key_file: Path | None = None
    source_path: Path | None = field(default=None, compare=False)

    def project(self, code: str) -> Project | None:
        return next((p for p in self.projects if p.code == code), None)

    def pseudonym_key(self) -> bytes:
        """The HMAC key, or :class:`ConfigError` telling the user how to provide one."""
        from_env = os.environ.get(KEY_ENV)
        if from_env:
            return from_env.encode("utf-8")
        if self.pseudonym_key_file is not None:
            path = self.pseudonym_key_file
            if not path.is_file():
                raise ConfigError(f"The pseudonym key file {path} does not exist.")
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise ConfigError(
                    f"The pseudonym key file {path} is readable by others "
                    f"(mode {mode:o}); run `chmod 600 {path}`."
                )
            key = path.read_bytes().strip()
            if not key:
                raise ConfigError(f"The pseudonym key file {path} is empty.")
            return key
        raise ConfigError(
            f"No pseudonymisation key: set {KEY_ENV} or name a file with `pseudonym_key_file` "
            "in the configuration (askel never invents a key for a real run)."
        )


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where} must be a date YYYY-MM-DD, got {value!r}.") from None


# -- report keys (issue 15): [[projects]] lead_fi, target_participants, [projects.targets] ------
#: keys of a [[projects]] table that the report reads
REPORT_PROJECT_KEYS = ("lead_fi", "target_participants", "targets")


def _report_keys(p: dict) -> dict:
    """`lead_fi` and the targets of one [[projects]] table. `targets` maps indicator codes of
    the ESF catalogue to the project plan's cumulative target; `target_participants` is the
    same as `targets.TOTAL`."""
    from reports.definitions import CODES  # the catalogue's one home (the dbt seed)

    where = f"projects.{p.get('code')}"
    raw = p.get("targets", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}.targets must be a table of indicator code = target.")
    targets = dict(raw)
    participants = p.get("target_participants")
    if participants is not None:
        if targets.get("TOTAL", participants) != participants:
            raise ConfigError(
                f"{where}: target_participants and targets.TOTAL disagree; give only one."
            )
        targets["TOTAL"] = participants
    for code, value in targets.items():
        if code not in CODES:
            raise ConfigError(
                f"{where}.targets.{code} is not an indicator code of the ESF export "
                f"(TOTAL, CO01 … CR09, …)."
            )
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{where}.targets.{code} must be a whole number of at least 1.")
    order = {c: i for i, c in enumerate(CODES)}
    return {
        "lead_fi": str(p.get("lead_fi", "")),
        "target_participants": targets.get("TOTAL"),
        "targets": tuple(sorted(targets.items(), key=lambda kv: order[kv[0]])),
    }


#: every key askel.toml may hold, per table; anything else is an error naming the key (a
#: misspelt `lnding` must not be silently ignored). New keys are declared here.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "": frozenset(
        {"pseudonym_key_file", "landing", "warehouse", "out", "paths", "projects", "municipalities"}
    ),
    "paths": frozenset({"pseudonym_key_file", "landing", "warehouse", "out"}),
    "projects": frozenset(
        {
            "code",
            "role",
            "lead",
            "start",
            "end",
            "budget_eur",
            "eu_contribution_eur",
            "target_participants",
            *REPORT_PROJECT_KEYS,
        }
    ),
    "municipalities": frozenset({"code", "name", "employment_area", "joined"}),
}


def _check_keys(data: dict, path: Path) -> None:
    """Refuse a key askel does not know, with the closest known one as a hint."""
    import difflib

    def refuse(key: str, table: str, where: str) -> None:
        close = difflib.get_close_matches(key, sorted(KNOWN_KEYS[table]), n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        known = ", ".join(sorted(KNOWN_KEYS[table]))
        raise ConfigError(
            f"The configuration file {path} has an unknown key `{where}{key}`{hint}; "
            f"known keys{' in [' + table + ']' if table else ''}: {known}."
        )

    for key in data:
        if key not in KNOWN_KEYS[""]:
            refuse(key, "", "")
    paths = data.get("paths", {})
    if not isinstance(paths, dict):
        raise ConfigError(f"The configuration file {path}: `paths` must be a table.")
    for key in paths:
        if key not in KNOWN_KEYS["paths"]:
            refuse(key, "paths", "paths.")
    for table in ("projects", "municipalities"):
        entries = data.get(table, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ConfigError(
                f"The configuration file {path}: `{table}` must be written as [[{table}]] tables."
            )
        for entry in entries:
            for key in entry:
                if key not in KNOWN_KEYS[table]:
                    refuse(key, table, f"{table}.")
            if "code" not in entry:
                raise ConfigError(
                    f"The configuration file {path}: every [[{table}]] entry needs a `code`."
                )
            if table == "projects":
                for key in ("start", "end"):
                    if key not in entry:
                        raise ConfigError(
                            f"The configuration file {path}: project {entry['code']} has no "
                            f"`{key}` date."
                        )


def load_config(path: Path | None = None) -> Config:
    """Read `path`, or `./askel.toml` when it exists, else the defaults."""
    explicit = path is not None
    path = path or Path(DEFAULT_CONFIG_NAME)
    if not path.exists():
        if explicit:
            raise ConfigError(f"The configuration file {path} does not exist.")
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The configuration file {path} is not valid TOML: {exc}.") from None
    _check_keys(data, path)
    base = path.parent

    projects = DEFAULT_PROJECTS
    if "projects" in data:
        projects = tuple(
            Project(
                code=str(p["code"]),
                role=str(p.get("role", "main")),
                lead=str(p.get("lead", "")),
                start=_date(p["start"], f"projects.{p.get('code')}.start"),
                end=_date(p["end"], f"projects.{p.get('code')}.end"),
                budget_eur=str(p.get("budget_eur", "")),
                eu_contribution_eur=str(p.get("eu_contribution_eur", "")),
                **_report_keys(p),
            )
            for p in data["projects"]
        )
    municipalities = DEFAULT_MUNICIPALITIES
    if "municipalities" in data:
        municipalities = tuple(
            Municipality(
                code=str(m["code"]).zfill(3),
                name=str(m.get("name", "")),
                employment_area=str(m.get("employment_area", "")),
                joined=_date(m.get("joined", "2019-01-01"), f"municipalities.{m['code']}.joined"),
            )
            for m in data["municipalities"]
        )

    def _path(key: str) -> Path | None:
        value = data.get("paths", {}).get(key, data.get(key))
        return (base / value) if value else None

    return Config(
        projects=projects,
        municipalities=municipalities,
        landing=_path("landing"),
        warehouse=_path("warehouse"),
        out=_path("out"),
        pseudonym_key_file=_path("pseudonym_key_file"),
        source_path=path,
    )
