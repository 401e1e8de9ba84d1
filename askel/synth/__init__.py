"""The synthetic employment area behind `askel generate` and `askel demo`.

`generate()` simulates persons (parameters.py), cuts monthly snapshots of every source as of
their extraction days (the end day and the month ends before it) and writes them in the landing
layout of sources.md. With `defects > 0` it injects the defects of real extracts into the newest
snapshot of each source and into the Kela months (defects.py), adds three extra files that are
rejected whole (an older te/tyonhakijajaksot snapshot in Windows-1252, an older te/palvelut
snapshot without `alkupvm`, an older ESF "workbook" that is no zip), and lists every defect in
`defects.json` (file, row, source, kind: `source` tells te/ and kunta/ `palvelut_*.csv` apart;
sorted by file, then row with whole-file entries first). With `effects`, services of the
named codes get a controlled entry process and a planted effect on employment, and
`truth.json` holds the true effect on the participants (effects.py). Same seed, same bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from askel.config import Config
from askel.synth import defects as D
from askel.synth import effects as E
from askel.synth import parameters as P
from askel.synth.employment import relationships
from askel.synth.esf import joint_service_rows, participant_forms, participations
from askel.synth.extracts import (
    ESF_COLUMNS,
    Truth,
    esf_forms,
    jobs,
    jobseeker_periods,
    kela_bills,
    kunta_services,
    periods_frame,
    te_services,
    with_flags,
)
from askel.synth.kela import monthly_bills
from askel.synth.population import day_number, make_population
from askel.synth.register import simulate
from askel.synth.services import UNITS, service_rows, split_services
from askel.synth.writers import write_csv, write_workbook

__all__ = ["GenerateSummary", "generate"]

PERIOD_COLUMNS = [
    "hetu", "kotikunta", "kotikunta_nimi", "tyollkoodi", "alkupvm", "loppupvm", "paattymissyy",
]  # fmt: skip
TE_SERVICE_COLUMNS = ["hetu", "palvelu", "alkupvm", "loppupvm", "keskeytyi"]
KUNTA_COLUMNS = [
    "asiakasnro", "hetu", "kunta", "palvelu", "alkupvm", "loppupvm", "lasnapaivat", "hanke",
    "yksikko",
]  # fmt: skip
JOB_COLUMNS = ["ytunnus", "hetu", "alkupvm", "loppupvm", "palkkatuettu"]
KELA_COLUMNS = [
    "hetu", "kunta", "kuukausi", "maksetut_paivat", "kertyneet_paivat", "kuntaosuus_pct",
    "kuntaosuus_eur",
]  # fmt: skip

_ROW_KINDS = ("invalid_hetu", "bad_date", "end_before_start", "unknown_code", "duplicate")
TARGETS = {
    "te/tyonhakijajaksot": D.Target(
        (*_ROW_KINDS, "overlap", "truncated_row"),
        "alkupvm",
        "loppupvm",
        {"tyollkoodi": ("06", "11"), "paattymissyy": ("XX", "TY")},
    ),
    "te/palvelut": D.Target(
        (*_ROW_KINDS, "truncated_row"), "alkupvm", "loppupvm", {"palvelu": ("TYO", "XYZ")}
    ),
    "kunta/palvelut": D.Target(
        (*_ROW_KINDS, "truncated_row"), "alkupvm", "loppupvm", {"palvelu": ("KTX", "ABC")}
    ),
    "esf/osallistujat": D.Target(
        (*_ROW_KINDS, "out_of_project"),
        "aloituspvm",
        "lopetuspvm",
        {
            "tyomarkkina_asema": ("TYOTTOMAT",),
            "koulutusaste": ("10",),
            "tilanne_lopussa": ("MUU",),
            "vamma": ("KYLLA",),
        },
    ),
    "tulorekisteri/palvelussuhteet": D.Target(
        ("invalid_hetu", "bad_date", "end_before_start", "duplicate", "truncated_row"),
        "alkupvm",
        "loppupvm",
    ),
    "kela/tmt_kuntaosuus": D.Target(
        ("invalid_hetu", "bad_date", "duplicate", "truncated_row"),
        month="kuukausi",
    ),
}


@dataclass
class GenerateSummary:
    """What `generate` wrote: files (relative to `out`), data rows per file, defects injected."""

    out: Path
    files: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    defects: int = 0
    #: truth.json's rows when effects were planted
    truth: list[dict] = field(default_factory=list)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def extraction_days(end: dt.date, count: int = P.SNAPSHOTS) -> list[dt.date]:
    """The end day and the `count - 1` month ends before it, oldest first."""
    days = [end]
    y, m = end.year, end.month
    while len(days) < count:
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        days.append(_month_end(y, m))
    return sorted(days)


def build_truth(
    persons: int,
    seed: int,
    start: dt.date,
    end: dt.date,
    config: Config,
    effects: dict[str, float] | None = None,
) -> Truth:
    """Simulate everything that happens to the persons (no extraction applied yet).

    With `effects`, the codes' entries and the planted effects (effects.py) use a stream of
    their own, and the register and the jobs are edited before anything is derived from them,
    so every extract agrees; without, no draw of any other stream changes."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10)]
    start_day, end_day = day_number(start), day_number(end)
    munis = list(config.municipalities)
    pop = make_population(persons, start, len(munis), streams[0])
    periods = simulate(pop, start_day, end_day, len(munis), streams[1])
    codes = tuple(sorted(effects or {}))
    effect_rows = entry_rows = job_rows = None
    if codes:
        entry_rows = E.draw_entries(periods, pop, list(codes), streams[7])
        job_rows = relationships(periods, persons, streams[4])
        project_start = min(day_number(p.start) for p in config.projects)
        periods, job_rows, effect_rows = E.plant(
            periods, job_rows, entry_rows, dict(effects), project_start, end_day, streams[7]
        )
    parts = participations(periods, pop, config.projects, streams[2])
    forms = participant_forms(parts, periods, pop, config.projects, streams[2])
    starts = {p.code: day_number(p.start) for p in config.projects}
    forms = forms.with_columns(
        project_start=pl.col("hanketunnus").replace_strict(starts, return_dtype=pl.Int64)
    )
    joint = joint_service_rows(forms, config.projects, pop.home, streams[3])
    if codes:
        joint = pl.concat(
            [joint.filter(~pl.col("palvelu").is_in(list(codes))), entry_rows],
            how="vertical_relaxed",
        )
    windows = [(day_number(p.start), day_number(p.end)) for p in config.projects]
    rows = service_rows(periods, streams[3], joint, drop=codes)
    te, ku = split_services(rows, windows, streams[3])
    ku = ku.with_columns(
        yksikko=pl.col("palvelu").replace_strict(UNITS),
        _lower=pl.Series(streams[3].random(ku.height) < P.LOWER_CASE_CODES),
    )
    if job_rows is None:
        job_rows = relationships(periods, persons, streams[4])
    bills = monthly_bills(periods, pop, start_day, end_day, streams[5])
    flags = streams[6]
    return Truth(
        pop=pop,
        municipality_codes=[m.code for m in munis],
        municipality_names=[m.name for m in munis],
        start_day=start_day,
        periods=periods_frame(periods, start_day, flags),
        te_services=with_flags(te.filter(pl.col("end") >= start_day), flags),
        kunta_services=with_flags(ku.filter(pl.col("end") >= start_day), flags),
        esf=with_flags(forms, flags),
        jobs=with_flags(job_rows, flags),
        kela=bills,
        effects=effect_rows,
    )


def _stamp(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def generate(
    out: Path,
    persons: int = 5000,
    seed: int = 1,
    start: dt.date = dt.date(2019, 1, 1),
    end: dt.date = dt.date(2022, 12, 31),
    defects: float = 0.0,
    config: Config | None = None,
    effects: dict[str, float] | None = None,
) -> GenerateSummary:
    """Write a synthetic employment area in the landing layout of sources.md into `out`; with
    `effects` ({service code: percentage points}), plant them and write `truth.json`."""
    if persons < 1:
        raise ValueError("persons must be at least 1")
    if end < start:
        raise ValueError("the end date is before the start date")
    if not 0.0 <= defects <= 1.0:
        raise ValueError("the defect rate must be between 0 and 1")
    if effects:
        E.check_effects(effects)
    config = config or Config()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    truth = build_truth(persons, seed, start, end, config, effects)
    summary = GenerateSummary(out=out)
    if effects:
        summary.truth = E.truth_table(truth.effects, list(effects))
        text = json.dumps(summary.truth, indent=1) + "\n"
        (out / "truth.json").write_text(text, encoding="utf-8")
    else:  # a truth left by an earlier run would describe other data
        (out / "truth.json").unlink(missing_ok=True)
    found: list[dict] = []
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    unknown_project = next(c for c in ("S99999", "X00000") if config.project(c) is None)
    days = extraction_days(end)

    def emit(source: str, name: str, frame: pl.DataFrame, writer) -> None:
        inject = defects > 0 and frame.height > 0
        if inject:
            frame = D.inject(frame, TARGETS[source], defects, rng)
            kinds = frame[D.KIND].to_list()
            found.extend(
                {"file": Path(name).name, "row": i + 2, "source": source, "kind": k}
                for i, k in enumerate(kinds)
                if k is not None
            )
            truncate = kinds[-1] == "truncated_row"
        else:
            truncate = False
        rows = writer(frame, out / name, truncate)
        summary.files.append(name)
        summary.rows[name] = rows

    def csv(columns: list[str], header: list[str] | None = None, encoding: str = "utf-8"):
        return lambda f, path, trunc: write_csv(
            f.select(columns), path, header or columns, encoding, trunc
        )

    def workbook(f: pl.DataFrame, path: Path, _trunc: bool) -> int:
        return write_workbook(
            f.select(ESF_COLUMNS), path, list(ESF_COLUMNS), f["_text_dates"].to_list()
        )

    for x in days:
        xd, newest = day_number(x), x == days[-1]
        s = _stamp(x)
        inj = newest
        frames = {
            "te/tyonhakijajaksot": (
                f"te/tyonhakijajaksot_{s}.csv",
                jobseeker_periods(truth, xd, newest),
                csv(PERIOD_COLUMNS),
            ),
            "te/palvelut": (
                f"te/palvelut_{s}.csv",
                te_services(truth, xd, newest, rng),
                csv(TE_SERVICE_COLUMNS, encoding="utf-8-sig"),
            ),
            "kunta/palvelut": (
                f"kunta/palvelut_{s}.csv",
                kunta_services(truth, xd, newest, rng),
                csv(KUNTA_COLUMNS, encoding="cp1252"),
            ),
            "esf/osallistujat": (
                f"esf/osallistujat_{s}.xlsx",
                esf_forms(truth, xd, newest),
                workbook,
            ),
            "tulorekisteri/palvelussuhteet": (
                f"tulorekisteri/palvelussuhteet_{s}.csv",
                jobs(truth, xd),
                csv(JOB_COLUMNS, [c.upper() for c in JOB_COLUMNS]),
            ),
        }
        for source, (name, frame, writer) in frames.items():
            if source == "esf/osallistujat":
                frame = frame.with_columns(_unknown_project=pl.lit(unknown_project))
            if inj:
                emit(source, name, frame, writer)
            else:
                summary.files.append(name)
                summary.rows[name] = writer(frame, out / name, False)
            del frame

    _write_kela(truth, start, end, defects, rng, out, summary, found)
    if defects > 0:
        found.extend(_whole_file_defects(truth, days[0], out, summary, rng))
    if defects > 0:
        found.sort(
            key=lambda d: (d["file"], -1 if d["row"] is None else d["row"], d["source"], d["kind"])
        )
        (out / "defects.json").write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
        summary.defects = len(found)
    return summary


def _write_kela(
    truth: Truth,
    start: dt.date,
    end: dt.date,
    defects: float,
    rng: np.random.Generator,
    out: Path,
    summary: GenerateSummary,
    found: list[dict],
) -> None:
    """One file per billing month. Defects are planned over all months together (the rate is
    per row of the whole source, at least one of each kind) and injected month by month."""
    bills = kela_bills(truth).with_columns(_s=pl.lit(0), _e=pl.lit(0), _pad=pl.lit(False))
    first = (start.year - 1970) * 12 + start.month - 1
    last = (end.year - 1970) * 12 + end.month - 1
    parts = {k[0]: v for k, v in bills.partition_by("_month", as_dict=True).items()}
    del bills
    months = [m for m in range(first, last + 1)]
    sizes = np.array([max(parts[m].height - 1, 0) if m in parts else 0 for m in months])
    target = TARGETS["kela/tmt_kuntaosuus"]
    plan = {m: {} for m in months}
    truncated: set[int] = set()
    if defects > 0 and sizes.sum() > 0:
        for kind, count in D._counts(int(sizes.sum()), defects, target.kinds).items():
            for m, c in zip(months, rng.multinomial(count, sizes / sizes.sum()), strict=True):
                plan[m][kind] = int(c)
        filled = [m for m in months if m in parts]
        k = max(1, round(defects * len(filled)))
        truncated = {int(m) for m in rng.permutation(filled)[:k]}
    for month in months:
        name = f"kela/tmt_kuntaosuus_{month // 12 + 1970}{month % 12 + 1:02d}.csv"
        frame = parts.pop(month, None)
        if frame is None:
            frame = pl.DataFrame(schema={c: pl.Utf8 for c in KELA_COLUMNS})
            kinds: list = []
        elif defects > 0:
            frame = D.inject(frame, target, defects, rng, plan[month], month in truncated)
            kinds = frame[D.KIND].to_list()
        else:
            kinds = []
        found.extend(
            {"file": Path(name).name, "row": i + 2, "source": "kela/tmt_kuntaosuus", "kind": k}
            for i, k in enumerate(kinds)
            if k is not None
        )
        truncate = bool(kinds) and kinds[-1] == "truncated_row"
        rows = write_csv(frame.select(KELA_COLUMNS), out / name, KELA_COLUMNS, "utf-8", truncate)
        summary.files.append(name)
        summary.rows[name] = rows


def _whole_file_defects(
    truth: Truth, oldest: dt.date, out: Path, summary: GenerateSummary, rng: np.random.Generator
) -> list[dict]:
    """Three older extra snapshots, each rejected whole for one reason."""
    y, m = (oldest.year, oldest.month - 1) if oldest.month > 1 else (oldest.year - 1, 12)
    x = _month_end(y, m)
    xd, s = day_number(x), _stamp(x)
    found = []
    periods = jobseeker_periods(truth, xd, False).head(500)
    periods = periods.with_columns(lisatieto=pl.lit("päivitetty"))
    name = f"te/tyonhakijajaksot_{s}.csv"
    columns = [*PERIOD_COLUMNS, "lisatieto"]
    summary.rows[name] = write_csv(periods.select(columns), out / name, columns, "cp1252")
    summary.files.append(name)
    found.append(
        {
            "file": Path(name).name,
            "row": None,
            "source": "te/tyonhakijajaksot",
            "kind": "bad_encoding",
        }
    )

    services = te_services(truth, xd, False, rng).head(500)
    name = f"te/palvelut_{s}.csv"
    columns = [c for c in TE_SERVICE_COLUMNS if c != "alkupvm"]
    summary.rows[name] = write_csv(services.select(columns), out / name, columns, "utf-8")
    summary.files.append(name)
    found.append(
        {"file": Path(name).name, "row": None, "source": "te/palvelut", "kind": "missing_column"}
    )

    name = f"esf/osallistujat_{s}.xlsx"
    (out / name).write_bytes(
        b"hanketunnus;hetu;aloituspvm\nS21001;;1.5.2019\n" * 3
    )  # a CSV saved with the workbook's name
    summary.rows[name] = 0
    summary.files.append(name)
    found.append(
        {
            "file": Path(name).name,
            "row": None,
            "source": "esf/osallistujat",
            "kind": "not_a_workbook",
        }
    )
    return found
