"""Which files of the landing folder belong to which source (sources.md, "Landing folder").

The extraction date comes from the file name: `YYYYMMDD`, or for kela the billing month
`YYYYMM`, read as its first day. A file that matches no pattern (wrong folder, name, extension
or an impossible date) is listed in `Discovery.unmatched` and left alone. Matching is exact
and case-sensitive, as the contract spells the names.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from askel.ingest.contract import SOURCES

_PATTERNS: dict[str, re.Pattern[str]] = {
    "te/tyonhakijajaksot": re.compile(r"te/tyonhakijajaksot_(\d{8})\.csv"),
    "te/palvelut": re.compile(r"te/palvelut_(\d{8})\.csv"),
    "kunta/palvelut": re.compile(r"kunta/palvelut_(\d{8})\.csv"),
    "esf/osallistujat": re.compile(r"esf/osallistujat_(\d{8})\.xlsx"),
    "tulorekisteri/palvelussuhteet": re.compile(r"tulorekisteri/palvelussuhteet_(\d{8})\.csv"),
    "kela/tmt_kuntaosuus": re.compile(r"kela/tmt_kuntaosuus_(\d{6})\.csv"),
}


@dataclass(frozen=True, order=True)
class LandingFile:
    """One extract in the landing folder. Ordered by extraction date, then name."""

    extraction_date: dt.date
    name: str
    source: str
    path: Path


@dataclass
class Discovery:
    #: source -> its files, oldest extraction first (every source is a key)
    files: dict[str, list[LandingFile]] = field(default_factory=dict)
    #: files that match no pattern (reported, never touched)
    unmatched: list[Path] = field(default_factory=list)


def _extraction_date(digits: str) -> dt.date | None:
    try:
        if len(digits) == 6:
            return dt.date(int(digits[:4]), int(digits[4:6]), 1)
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def match(relative: str) -> LandingFile | None:
    """The landing file for a path relative to the landing folder (posix), if it is one."""
    for source, pattern in _PATTERNS.items():
        m = pattern.fullmatch(relative)
        if m:
            date = _extraction_date(m.group(1))
            if date is None:
                return None
            return LandingFile(date, relative.rsplit("/", 1)[1], source, Path(relative))
    return None


def discover(landing: Path) -> Discovery:
    """Every file under `landing`, sorted into sources; nothing is opened or changed."""
    found = Discovery(files={s: [] for s in SOURCES})
    if not landing.is_dir():
        return found
    for path in sorted(p for p in landing.rglob("*") if p.is_file()):
        relative = path.relative_to(landing).as_posix()
        hit = match(relative)
        if hit is None:
            found.unmatched.append(path)
        else:
            found.files[hit.source].append(
                LandingFile(hit.extraction_date, hit.name, hit.source, path)
            )
    for files in found.files.values():
        files.sort()
    return found
