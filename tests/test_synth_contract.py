"""An independent reading of sources.md's row rules, applied to generated files.

`findings(folder)` lists what a contract-following ingestion must report (file, row, kind);
the tests below prove the checker itself on hand-made files, so that the generator tests that
compare it with `defects.json` can be trusted.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from askel.config import Config
from askel.identity import InvalidHetu, parse_hetu

STATUSES = {"00", "01", "02", "03", "04", "05", "07", "08", "09"}
REASONS = {"AT", "YR", "KO", "UL", "MU"}
TE_SERVICES = {"TVK", "OMA", "TKO", "VAL", "PTU", "STA"}
KUNTA_SERVICES = {"KTT", "TVA", "PTK", "OSA", "SOS", "TER", "PAM", "TKA"}
ESF_CODES = {
    "tyomarkkina_asema": {"TYOTON", "TYOLLINEN", "OPISKELIJA", "ULKOPUOLELLA"},
    "koulutusaste": {str(i) for i in range(10)},
    "tilanne_lopussa": {"TYOLLINEN", "YRITTAJA", "KOULUTUS", "TYONHAKU", "ULKOPUOLELLA",
                        "EI_TIEDOSSA"},
    **{c: {"K", "E", "EOS"} for c in ("kotitalous_tyoton", "huollettavia_lapsia",
                                       "yksinhuoltaja", "vahemmisto", "vamma",
                                       "muu_heikko_asema", "asunnoton")},
    "maaseutu": {"K", "E"},
    "tutkinto": {"K", "E"},
}  # fmt: skip
REQUIRED = {
    "te/tyonhakijajaksot": ("hetu", "kotikunta", "tyollkoodi", "alkupvm", "loppupvm",
                            "paattymissyy"),
    "te/palvelut": ("hetu", "palvelu", "alkupvm", "loppupvm"),
    "kunta/palvelut": ("hetu", "kunta", "palvelu", "alkupvm", "loppupvm", "hanke"),
    "esf/osallistujat": ("hanketunnus", "hetu", "aloituspvm", "lopetuspvm", "tyomarkkina_asema",
                         "koulutusaste", "tilanne_lopussa"),
    "tulorekisteri/palvelussuhteet": ("hetu", "ytunnus", "alkupvm", "loppupvm"),
    "kela/tmt_kuntaosuus": ("hetu", "kunta", "kuukausi", "maksetut_paivat", "kertyneet_paivat",
                            "kuntaosuus_pct", "kuntaosuus_eur"),
}  # fmt: skip
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class BadDate(ValueError):
    pass


def parse_dmy(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    m = _DMY.match(text)
    if not m:
        raise BadDate(text)
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise BadDate(text) from None


def source_of(path: Path) -> str:
    return f"{path.parent.name}/{path.name.rsplit('_', 1)[0]}"


def _read_rows(path: Path, source: str) -> tuple[list[str], list[list]] | str:
    """Header (lower case) and rows, or the whole-file finding kind."""
    if path.suffix == ".xlsx":
        if not zipfile.is_zipfile(path):
            return "not_a_workbook"
        ws = openpyxl.load_workbook(path, read_only=True)["osallistujat"]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        return [str(h).lower() for h in rows[0]], rows[1:]
    raw = path.read_bytes()
    try:
        text = raw.decode("cp1252" if source == "kunta/palvelut" else "utf-8-sig")
    except UnicodeDecodeError:
        return "bad_encoding"
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [h.strip().lower() for h in lines[0].split(";")], [ln.split(";") for ln in lines[1:]]


def _date_value(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None:
        return None
    return parse_dmy(str(value))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().upper()


def file_findings(path: Path, config: Config) -> list[tuple[str, int | None, str]]:
    source = source_of(path)
    read = _read_rows(path, source)
    if isinstance(read, str):
        return [(path.name, None, read)]
    header, rows = read
    missing = [c for c in REQUIRED[source] if c not in header]
    if missing:
        return [(path.name, None, "missing_column")]
    col = {h: i for i, h in enumerate(header)}
    out: list[tuple[str, int | None, str]] = []
    seen: set[tuple] = set()
    periods: list[tuple[str, dt.date, dt.date, int]] = []
    for number, row in enumerate(rows, start=2):

        def get(name: str, row=row):
            return row[col[name]]

        def finding(kind: str, number=number) -> None:
            out.append((path.name, number, kind))

        if len(row) < len(header):
            finding("truncated_row")
            continue
        try:
            person = parse_hetu(_text(get("hetu"))).normalised
        except InvalidHetu:
            finding("invalid_hetu")
            continue
        start = end = None
        try:
            if source == "kela/tmt_kuntaosuus":
                m = re.match(r"^(\d{4})-(\d{2})$", _text(get("kuukausi")))
                if not m or not 1 <= int(m[2]) <= 12:
                    raise BadDate("kuukausi")
            else:
                s_col, e_col = (
                    ("aloituspvm", "lopetuspvm") if source.startswith("esf")
                    else ("alkupvm", "loppupvm")
                )  # fmt: skip
                start, end = _date_value(get(s_col)), _date_value(get(e_col))
                if start is None:
                    raise BadDate("empty")
        except BadDate:
            finding("bad_date")
            continue
        if start and end and end < start:
            finding("end_before_start")
            continue
        if source == "te/tyonhakijajaksot" and (
            _text(get("tyollkoodi")).zfill(2) not in STATUSES
            or _text(get("paattymissyy")) not in REASONS | {""}
        ):
            finding("unknown_code")
            continue
        if source == "te/palvelut" and _text(get("palvelu")) not in TE_SERVICES:
            finding("unknown_code")
            continue
        if source == "kunta/palvelut" and _text(get("palvelu")) not in KUNTA_SERVICES:
            finding("unknown_code")
            continue
        esf_unknown = source.startswith("esf") and any(
            c in col and _text(get(c)) not in codes | {""} for c, codes in ESF_CODES.items()
        )
        if esf_unknown:
            finding("unknown_code")  # kept
        key = tuple(_text(v) if not isinstance(v, dt.datetime) else v for v in row)
        if key in seen and not esf_unknown:
            finding("duplicate")
            continue
        seen.add(key)
        if source.startswith("esf") and not esf_unknown:
            project = config.project(_text(get("hanketunnus")))
            if project is None or start < project.start:
                finding("out_of_project")
                continue
        if source == "te/tyonhakijajaksot":
            periods.append((person, start, end or dt.date.max, number))
    by_person: dict[str, list[tuple[dt.date, dt.date, int]]] = {}
    for person, s, e, n in periods:
        by_person.setdefault(person, []).append((s, e, n))
    for items in by_person.values():
        items.sort()
        latest = None
        for s, e, n in items:
            if latest is not None and s <= latest:
                out.append((path.name, n, "overlap"))
            latest = e if latest is None else max(latest, e)
    return out


def findings(folder: Path, config: Config | None = None) -> list[dict]:
    config = config or Config()
    result = []
    for path in sorted(folder.glob("*/*")):
        result += [(f, r, source_of(path), k) for f, r, k in file_findings(path, config)]
    rows = [{"file": f, "row": r, "source": s, "kind": k} for f, r, s, k in result]
    return sorted(
        rows,
        key=lambda d: (d["file"], -1 if d["row"] is None else d["row"], d["source"], d["kind"]),
    )


# --- the checker's own tests ----------------------------------------------------------------

GOOD_A = "010190-900P"  # synthetic, individual number 900
GOOD_B = "020290-9027"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_checker_codes_are_valid_synthetic_codes():
    assert parse_hetu(GOOD_A).sex == "female"
    assert parse_hetu(GOOD_B).birth_date == dt.date(1990, 2, 2)


def test_checker_reports_each_row_rule_once_in_table_order(tmp_path):
    header = "hetu;kotikunta;tyollkoodi;alkupvm;loppupvm;paattymissyy\n"
    rows = [
        f"{GOOD_A};297;02;1.1.2020;31.3.2020;",  # 2 clean
        f"{GOOD_A};297;02;1.2.2020;28.2.2020;",  # 3 overlap (inside row 2)
        f"{GOOD_A[:10]}X;297;02;1.1.2021;;",  # 4 invalid_hetu
        f"{GOOD_B};297;02;31.13.2020;;",  # 5 bad_date
        f"{GOOD_B};297;02;1.5.2020;1.4.2020;",  # 6 end_before_start
        f"{GOOD_B};297;06;1.6.2020;2.6.2020;",  # 7 unknown_code
        f"{GOOD_A};297;02;1.1.2020;31.3.2020;",  # 8 duplicate of 2 (not an overlap)
        f"{GOOD_B};297;02;1.7.2020",  # 9 truncated
    ]
    _write(tmp_path, "te/tyonhakijajaksot_20221231.csv", header + "\n".join(rows))
    got = [(d["row"], d["kind"]) for d in findings(tmp_path)]
    assert got == [
        (3, "overlap"),
        (4, "invalid_hetu"),
        (5, "bad_date"),
        (6, "end_before_start"),
        (7, "unknown_code"),
        (8, "duplicate"),
        (9, "truncated_row"),
    ]


def test_checker_rejects_whole_files(tmp_path):
    _write(tmp_path, "te/palvelut_20221130.csv", f"hetu;palvelu;loppupvm\n{GOOD_A};VAL;\n")
    _write(tmp_path, "kela/tmt_kuntaosuus_202201.csv", "hetu;kunta\nä;1\n", "cp1252")
    _write(tmp_path, "esf/osallistujat_20221130.xlsx", "not a zip")
    assert [(d["file"], d["kind"]) for d in findings(tmp_path)] == [
        ("osallistujat_20221130.xlsx", "not_a_workbook"),
        ("palvelut_20221130.csv", "missing_column"),
        ("tmt_kuntaosuus_202201.csv", "bad_encoding"),
    ]


@pytest.mark.parametrize(
    ("project", "entry", "kind"),
    [
        ("S21001", dt.datetime(2019, 4, 30), "out_of_project"),
        ("S21009", "1.6.2019", "out_of_project"),
        ("S21002", dt.datetime(2019, 5, 1), None),
    ],
)
def test_checker_quarantines_esf_rows_outside_the_projects(tmp_path, project, entry, kind):
    import xlsxwriter

    path = tmp_path / "esf" / "osallistujat_20221231.xlsx"
    path.parent.mkdir()
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("osallistujat")
    header = ["hanketunnus", "hetu", "aloituspvm", "lopetuspvm", "tyomarkkina_asema",
              "koulutusaste", "tilanne_lopussa"]  # fmt: skip
    ws.write_row(0, 0, header)
    ws.write_row(1, 0, [project, GOOD_A])
    if isinstance(entry, dt.datetime):
        ws.write_datetime(1, 2, entry, wb.add_format({"num_format": "d.m.yyyy"}))
    else:
        ws.write_string(1, 2, entry)
    wb.close()
    expected = (
        []
        if kind is None
        else [{"file": path.name, "row": 2, "source": "esf/osallistujat", "kind": kind}]
    )
    assert findings(tmp_path) == expected
