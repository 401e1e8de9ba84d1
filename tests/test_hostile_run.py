"""A whole `askel run` over a landing folder built by an attacker and a careless operator
(issue 16), then a scan of every file the run wrote for identity codes.

The landing folder is a generated area with injected defects, plus: client numbers that are
identity codes, formula text, rejected files in UTF-16 (with and without a BOM) and EBCDIC, a
symbolic link to a file outside that would be the newest snapshot, a linked folder, misnamed
files (one with an identity code in its name), and an empty newest jobseeker register. The run
must refuse to publish (the empty register blocks), report every file it left alone, find every
injected defect, and write no identity code anywhere: outputs, warehouse, logs, quarantine and
dbt's target and log folders, in any of the encodings askel writes or a reader might try.
Identity codes are synthetic (individual numbers 900-999) and never appear in assertion messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import stat
from pathlib import Path

import duckdb
import pytest

from askel.cli import main
from askel.dbt_manifest import DBT_PROJECT_DIR
from askel.identity import InvalidHetu, make_hetu, parse_hetu
from askel.synth import generate
from tests.test_end_to_end import _identity_codes

PERSONS = 120
CODE = re.compile(r"[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]")
#: (encoding, byte offsets to try): how a scanner reads bytes that may be text
READINGS = (
    ("latin-1", (0,)),
    ("utf-16-le", (0, 1)),
    ("utf-16-be", (0, 1)),
    ("utf-32-le", (0, 1, 2, 3)),
    ("utf-32-be", (0, 1, 2, 3)),
    ("cp500", (0,)),
)
OUTSIDE_MARKER = "outside-the-landing-folder"
TE_SERVICES_HEADER = "hetu;palvelu;alkupvm;loppupvm\n"


def _codes_in_text(text: str) -> set[str]:
    found = set()
    for m in CODE.finditer(text.upper()):
        try:
            parse_hetu(m.group(0))
        except InvalidHetu:
            continue
        found.add(m.group(0))
    return found


def _codes_in_bytes(data: bytes) -> set[str]:
    """Every valid identity code in `data` read as any of READINGS."""
    found: set[str] = set()
    for encoding, offsets in READINGS:
        for offset in offsets:
            found |= _codes_in_text(data[offset:].decode(encoding, errors="ignore"))
    return found


def _rewrite(path: Path, encoding: str, edit) -> None:
    """Apply `edit(fields, line_number)` to every data line of a `;` CSV, in place."""
    lines = path.read_bytes().decode(encoding).split("\n")
    out = [lines[0]] + [
        ";".join(edit(line.split(";"), i)) if line else line
        for i, line in enumerate(lines[1:], start=2)
    ]
    path.write_bytes("\n".join(out).encode(encoding))


def _hostile_landing(base: Path) -> dict:
    """The landing folder; returns what the test needs to know about it."""
    land = base / "landing"
    generate(land, persons=PERSONS, seed=8, defects=0.02)
    kunta = sorted((land / "kunta").glob("palvelut_*.csv"))[-1]
    header = kunta.read_bytes().decode("cp1252").split("\n")[0].split(";")
    client, person, unit = header.index("asiakasnro"), header.index("hetu"), header.index("yksikko")

    def codes_and_formulas(fields: list[str], _line: int) -> list[str]:
        if len(fields) > person:
            fields[client] = fields[person]  # the client number is the identity code
        if len(fields) > unit:
            fields[unit] = '=HYPERLINK("http://x","y")'
        return fields

    _rewrite(kunta, "cp1252", codes_and_formulas)
    extra = [make_hetu(dt.date(1970, 1, 1 + i), 990 + i) for i in range(4)]
    periods = "hetu;kotikunta;tyollkoodi;alkupvm;loppupvm;paattymissyy;huom\n" + "".join(
        f"{c};297;02;1.1.2020;;;=1+1 {c}\n" for c in extra * 30
    )
    # rejected whole: UTF-16 with and without a BOM, EBCDIC (older snapshots)
    (land / "te/tyonhakijajaksot_20180131.csv").write_bytes(
        b"\xff\xfe" + periods.encode("utf-16-le")
    )
    (land / "te/tyonhakijajaksot_20180228.csv").write_bytes(periods.encode("utf-16-be"))
    (land / "kunta/palvelut_20180131.csv").write_bytes(periods.encode("cp500"))
    # a link to a file outside, named as the newest snapshot, and a linked folder
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(
        "hetu;palvelu;alkupvm;loppupvm\n" + f"{extra[0]};VAL;1.1.2020;{OUTSIDE_MARKER}\n"
    )
    (land / "te/palvelut_20991231.csv").symlink_to(outside / "secret.csv")
    (land / "tulorekisteri_kopio").symlink_to(outside, target_is_directory=True)
    # misnamed files: a copy, upper case, a code in the name, a formula in the name
    newest_periods = sorted((land / "te").glob("tyonhakijajaksot_2*.csv"))[-1]
    stamp = newest_periods.stem.rsplit("_", 1)[1]
    copy = f"tyonhakijajaksot_{stamp} (kopio).csv"
    (land / "te" / copy).write_bytes(newest_periods.read_bytes())
    (land / "te/PALVELUT_20230101.CSV").write_bytes(newest_periods.read_bytes())
    (land / f"kunta/palvelut_{extra[1]}.csv").write_text("x\n")
    (land / '=HYPERLINK("x").csv').write_text("x\n")
    # the newest jobseeker register, a month later, is empty: a header and no rows
    later = dt.datetime.strptime(stamp, "%Y%m%d").date() + dt.timedelta(days=31)
    empty = f"tyonhakijajaksot_{later:%Y%m%d}.csv"
    (land / "te" / empty).write_text(periods.split("\n")[0] + "\n")
    return {"land": land, "extra": extra, "kunta": kunta.name, "copy": copy, "empty": empty}


def _run(base: Path, *extra_args: str) -> int:
    return main(
        [
            "run",
            "--landing",
            str(base / "landing"),
            "--warehouse",
            str(base / "w.duckdb"),
            "--out",
            str(base / "out"),
            "--quiet",
            *extra_args,
        ]
    )


class Area(dict):
    """What the tests know about the area; its repr never shows the identity codes it holds
    (pytest prints fixture values when a test fails)."""

    def __repr__(self) -> str:
        return f"Area({self['base']})"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Area:
    """The hostile landing folder and the first run over it (it must block)."""
    base = tmp_path_factory.mktemp("hostile")
    info = Area(_hostile_landing(base), base=base)
    codes: set[str] = set()
    for path in info["land"].rglob("*"):
        if path.is_file() and not path.is_symlink():
            codes |= _codes_in_bytes(path.read_bytes())
            codes |= _codes_in_text(path.name)
    codes |= _codes_in_bytes((base / "outside" / "secret.csv").read_bytes())
    codes |= _identity_codes(info["land"])  # the workbooks' cells too
    info["codes"] = codes
    info["exit_code"] = _run(base)
    info["results"] = json.loads((base / "out/quality/results.json").read_text())
    return info


@pytest.fixture(scope="module")
def repaired(hostile: Area) -> Area:
    """The operator's fix: the files rejected whole are removed and a full jobseeker register
    follows the empty one; the links, misnamed files and identity codes in client numbers stay.
    This run publishes, so the report, the export and dbt's folders are written too."""
    base, land = hostile["base"], hostile["land"]
    with (base / "out/quality/findings.csv").open(newline="", encoding="utf-8") as f:
        rejected = {r["file"] for r in csv.DictReader(f) if r["action"] == "rejected_file"}
    for path in land.rglob("*"):
        if path.name in rejected and not path.is_symlink():
            path.unlink()
    full = land / "te" / hostile["copy"]
    later = dt.datetime.strptime(hostile["empty"][-12:-4], "%Y%m%d").date() + dt.timedelta(days=31)
    (land / f"te/tyonhakijajaksot_{later:%Y%m%d}.csv").write_bytes(  # CRLF: a new content
        full.read_bytes().replace(b"\n", b"\r\n")
    )
    hostile["repaired_exit_code"] = _run(base)
    return hostile


def test_the_hostile_run_blocks_on_the_empty_register_naming_both_counts(hostile: Area) -> None:
    assert hostile["exit_code"] == 1
    checks = {c["name"]: c for c in hostile["results"]["checks"]}
    shrunk = checks["te_tyonhakijajaksot_snapshot_not_shrunk"]
    assert shrunk["passed"] is False
    assert shrunk["counts"]["current_rows"] == 0 and shrunk["counts"]["previous_rows"] > 0
    assert re.search(
        re.escape(hostile["empty"]) + r" holds no rows \(the snapshot before it, "
        r"tyonhakijajaksot_\d{8}\.csv, \d+\)",
        shrunk["description"],
    )


def test_the_repaired_landing_folder_publishes(repaired: Area) -> None:
    assert repaired["repaired_exit_code"] == 0
    assert (repaired["base"] / "out/export/esf_indicators.csv").is_file()


def test_no_identity_code_in_any_file_the_runs_wrote(repaired: Area) -> None:
    base, codes = repaired["base"], repaired["codes"]
    assert len(codes) > PERSONS  # the landing folder holds them (the test can fail)
    written = [p for p in (base / "out").rglob("*") if p.is_file()]
    written += [p for p in base.glob("w.duckdb*") if p.is_file()]
    for folder in ("target", "logs"):
        written += [p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
    assert any(p.name.endswith(".rows.csv") for p in written)
    assert any(p.name == "indicators.html" for p in written)
    assert any(p.name == "run_results.json" for p in written)  # dbt's target (out/logs/dbt)
    leaking = sorted(
        str(p.relative_to(p.anchor)) for p in written if _codes_in_bytes(p.read_bytes()) & codes
    )
    assert leaking == []
    # and every text value of every table (DuckDB may compress what it stores)
    con = duckdb.connect(str(base / "w.duckdb"), read_only=True)
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        holding = [
            f"{s}.{t}.{c}"
            for s, t, c in columns
            if any(
                _codes_in_text(v or "") & codes
                for (v,) in con.execute(f'select distinct "{c}" from "{s}"."{t}"').fetchall()
            )
        ]
    finally:
        con.close()
    assert holding == []


def test_every_injected_defect_is_found_and_every_addition_reported(hostile: Area) -> None:
    base, land = hostile["base"], hostile["land"]
    injected = json.loads((land / "defects.json").read_text())
    with (base / "out/quality/findings.csv").open(newline="", encoding="utf-8") as f:
        found = list(csv.DictReader(f))
    keys = {(r["file"], int(r["row"]) if r["row"] else None, r["source"], r["kind"]) for r in found}
    missed = [d for d in injected if (d["file"], d["row"], d["source"], d["kind"]) not in keys]
    assert missed == []  # recall 100 %
    by_kind: dict[str, set[str]] = {}
    for r in found:
        by_kind.setdefault(r["kind"], set()).add(r["file"])
    assert by_kind["symlink"] == {"palvelut_20991231.csv", "tulorekisteri_kopio"}
    assert by_kind["unmatched_file"] == {
        hostile["copy"],
        "PALVELUT_20230101.CSV",
        "palvelut_[identity code].csv",
        '\'=HYPERLINK("x").csv',
    }
    assert {"tyonhakijajaksot_20180131.csv", "tyonhakijajaksot_20180228.csv"} <= by_kind[
        "missing_column"
    ] | by_kind["bad_encoding"]
    assert "palvelut_20180131.csv" in by_kind["bad_encoding"]
    assert by_kind["identity_code_in_other_column"] == {hostile["kunta"]}
    formulas = [c for r in found for c in r.values() if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert formulas == []


def test_the_quarantine_is_private_redacted_and_holds_nothing_from_outside(hostile: Area) -> None:
    quarantine = hostile["base"] / "out/quality/quarantine"
    entries = list(quarantine.rglob("*"))
    assert {stat.S_IMODE(p.stat().st_mode) for p in entries if p.is_dir()} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in entries if p.is_file()} == {0o600}
    assert stat.S_IMODE(quarantine.stat().st_mode) == 0o700
    names = {p.name for p in entries}
    assert "palvelut_20180131.csv.not-copied.txt" in names  # EBCDIC: no plausible text
    assert {"tyonhakijajaksot_20180131.csv", "tyonhakijajaksot_20180228.csv"} <= names
    for p in entries:
        if p.is_file():
            text = p.read_bytes()
            assert OUTSIDE_MARKER.encode() not in text, p.name
            if p.name.endswith(".rows.csv"):
                with p.open(newline="", encoding="utf-8") as f:
                    cells = [c for row in list(csv.reader(f))[1:] for c in row]
                assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_run_with_another_key_is_refused_with_exit_2_writing_nothing(
    hostile: Area, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = hostile["base"]
    (base / "landing/te/palvelut_20181231.csv").write_text(TE_SERVICES_HEADER)  # a new file
    before = _ledger_and_findings(base / "w.duckdb")
    monkeypatch.setenv("ASKEL_PSEUDONYM_KEY", "a-different-key")
    assert _run(base) == 2
    run = json.loads((base / "out/run.json").read_text())
    assert "The pseudonym key is not the one the warehouse" in json.dumps(run)
    assert _ledger_and_findings(base / "w.duckdb") == before


def _ledger_and_findings(warehouse: Path) -> tuple[int, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return (
            con.execute("select count(*) from raw.load_ledger").fetchone()[0],
            con.execute("select count(*) from raw.findings").fetchone()[0],
        )
    finally:
        con.close()
