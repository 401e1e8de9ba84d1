"""Which files of the landing folder belong to which source (sources.md, "Landing folder").

The extraction date comes from the file name: `YYYYMMDD`, or for kela the billing month
`YYYYMM`, read as its first day. Matching is exact and case-sensitive, as the contract spells
the names. What matches no pattern is left alone and reported (sources.md), each as a
`LandingFinding`:

- `unmatched_file`: a file that matches no pattern (wrong folder, name, letter case,
  extension, a suffix such as ` (kopio)`, an impossible date), or an entry that is no regular
  file (a pipe, a device). When the name is close to a pattern, the detail says what differs,
  so the person who put it there can rename it.
- `symlink`: a symbolic link (to a file or a folder). Links are never followed: one could point
  at any file the run may read (a key, another extract) and have it loaded or copied into the
  quarantine. Symlinks are reported wherever they are; the landing folder itself may be one.

The generator's own lists at the top of a generated landing folder (`defects.json`,
`truth.json`, interface.md) are no extracts the partners delivered: they are in `unmatched` but
get no finding, so that `defects.json` and `findings.csv` still match one to one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from askel.ingest.contract import SOURCES
from askel.ingest.hetu import scrub

#: source -> (folder, name before the date, digits of the date, extension): sources.md's names
NAMES: dict[str, tuple[str, str, int, str]] = {
    "te/tyonhakijajaksot": ("te", "tyonhakijajaksot", 8, "csv"),
    "te/palvelut": ("te", "palvelut", 8, "csv"),
    "kunta/palvelut": ("kunta", "palvelut", 8, "csv"),
    "esf/osallistujat": ("esf", "osallistujat", 8, "xlsx"),
    "tulorekisteri/palvelussuhteet": ("tulorekisteri", "palvelussuhteet", 8, "csv"),
    "kela/tmt_kuntaosuus": ("kela", "tmt_kuntaosuus", 6, "csv"),
}
_PATTERNS: dict[str, re.Pattern[str]] = {
    source: re.compile(rf"{folder}/{stem}_(\d{{{digits}}})\.{ext}")
    for source, (folder, stem, digits, ext) in NAMES.items()
}
#: files `askel generate` writes next to the extracts (see the module docstring)
GENERATOR_FILES = frozenset({"defects.json", "truth.json"})
UNMATCHED, SYMLINK, IGNORED = "unmatched_file", "symlink", "ignored"


@dataclass(frozen=True, order=True)
class LandingFile:
    """One extract in the landing folder. Ordered by extraction date, then name."""

    extraction_date: dt.date
    name: str
    source: str
    path: Path


@dataclass(frozen=True)
class LandingFinding:
    """Something in the landing folder that was left alone (a row of findings.csv)."""

    file: str  # bare name, identity-code-shaped parts scrubbed
    source: str  # the source it seems meant for, or "" when none
    kind: str  # unmatched_file | symlink
    detail: str


@dataclass
class Discovery:
    #: source -> its files, oldest extraction first (every source is a key)
    files: dict[str, list[LandingFile]] = field(default_factory=dict)
    #: files (and other non-folder entries) that match no pattern: reported, never touched
    unmatched: list[Path] = field(default_factory=list)
    #: symbolic links: reported, never followed
    symlinks: list[Path] = field(default_factory=list)
    #: what the run reports about `unmatched` and `symlinks`
    findings: list[LandingFinding] = field(default_factory=list)


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


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """Every entry below `folder`, never following a symbolic link, sorted by path."""
    out: list[os.DirEntry[str]] = []
    with os.scandir(folder) as it:
        for entry in it:
            out.append(entry)
            if entry.is_dir(follow_symlinks=False):
                out += _entries(Path(entry.path))
    return sorted(out, key=lambda e: e.path)


def discover(landing: Path) -> Discovery:
    """Every entry under `landing`, sorted into sources; nothing is opened or changed."""
    found = Discovery(files={s: [] for s in SOURCES})
    if not landing.is_dir():
        return found
    for entry in _entries(landing):
        path = Path(entry.path)
        relative = path.relative_to(landing).as_posix()
        if entry.is_symlink():
            found.symlinks.append(path)
            found.findings.append(_finding(relative, SYMLINK))
        elif entry.is_dir(follow_symlinks=False):
            continue
        elif not entry.is_file(follow_symlinks=False):
            found.unmatched.append(path)
            found.findings.append(_finding(relative, UNMATCHED, regular=False))
        elif (hit := match(relative)) is None:
            found.unmatched.append(path)
            if relative not in GENERATOR_FILES:
                found.findings.append(_finding(relative, UNMATCHED))
        else:
            found.files[hit.source].append(
                LandingFile(hit.extraction_date, hit.name, hit.source, path)
            )
    for files in found.files.values():
        files.sort()
    return found


def _finding(relative: str, kind: str, *, regular: bool = True) -> LandingFinding:
    shown = scrub(relative)  # a name is free text: it may hold an identity code
    source, differs = hint(shown)
    if kind == SYMLINK:
        detail = (
            f"{shown} is a symbolic link; links in the landing folder are not followed, so it "
            "was left alone (put the file itself there to load it)"
        )
    elif not regular:
        detail = f"{shown} is not a regular file; it was left alone"
    else:
        detail = f"{shown} matches no file name of sources.md; it was left alone"
    if differs:
        detail += f"; it looks like {differs}"
    return LandingFinding(shown.rsplit("/", 1)[-1], source or "", kind, detail)


_LOOSE = re.compile(r"(?P<stem>.*?)[_ -]?(?P<digits>\d{4,})(?P<extra>.*)")


def hint(relative: str) -> tuple[str | None, str | None]:
    """The source a misnamed file seems meant for and what differs from its pattern, e.g.
    ("te/palvelut", "te/palvelut_YYYYMMDD.csv but its extension is .CSV, not .csv").
    (None, None) when the name is close to no pattern."""
    folder, _, name = relative.rpartition("/")
    base, dot, ext = name.rpartition(".")
    if not dot:
        base, ext = name, ""
    m = _LOOSE.fullmatch(base)
    stem = (m["stem"] if m else base).strip().lower()
    candidates = [s for s, n in NAMES.items() if stem == n[1]] or [
        s for s, n in NAMES.items() if stem.startswith(n[1])
    ]
    if not candidates:
        return None, None
    in_folder = [s for s in candidates if NAMES[s][0] == folder.lower()]
    if len(in_folder) == 1:
        source = in_folder[0]
    elif len(candidates) == 1:
        source = candidates[0]
    else:  # palvelut outside te/ and kunta/
        folders = " or ".join(f"{NAMES[s][0]}/" for s in candidates)
        return None, f"{stem}_YYYYMMDD.{NAMES[candidates[0]][3]} in {folders}"
    want_folder, want_stem, digits, want_ext = NAMES[source]
    problems = []
    if folder != want_folder:
        where = f"{folder}/" if folder else "the top of the landing folder"
        problems.append(f"it is in {where}, not in {want_folder}/")
    if m is None:
        problems.append("its name has no extraction date")
    else:
        if m["stem"] != want_stem:
            problems.append(f"its name is spelled '{m['stem']}', not '{want_stem}'")
        if len(m["digits"]) != digits:
            problems.append(f"its date has {len(m['digits'])} digits, not {digits}")
        elif _extraction_date(m["digits"]) is None:
            problems.append(f"{m['digits']} is not a real date")
        if m["extra"]:
            problems.append(f"'{m['extra']}' follows the date")
    if ext != want_ext:
        problems.append(
            f"its extension is .{ext}, not .{want_ext}" if ext else "it has no extension"
        )
    if not problems:
        return source, None
    shape = "YYYYMM" if digits == 6 else "YYYYMMDD"
    return source, f"{want_folder}/{want_stem}_{shape}.{want_ext} but " + "; ".join(problems)
