"""Planted service effects: `askel generate --effect` and truth.json (issue 13, indicators.md §9).

The truth is what the estimate of `marts.service_effects` is judged against, so besides the
generator's own bookkeeping the entries and outcomes are recomputed here from the written files,
the way the warehouse sees them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from askel.cli import main
from askel.config import Config
from askel.synth import build_truth, generate
from askel.synth import parameters as P
from askel.synth.effects import _entry_offsets, _merge, _out_of_work, add_months, employed
from askel.synth.population import day_number
from askel.synth.register import Periods
from tests.test_synth_contract import parse_dmy

START, END = dt.date(2019, 1, 1), dt.date(2022, 12, 31)
PROJECT_START = dt.date(2019, 5, 1)
PERSONS, SEED = 8000, 4
EFFECTS = {"TVA": 30.0, "KTT": -20.0, "OSA": 0.0}


@pytest.fixture(scope="module")
def area(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("effects")
    generate(out, persons=PERSONS, seed=SEED, effects=EFFECTS)
    return out


@pytest.fixture(scope="module")
def rows() -> pl.DataFrame:
    """The generator's (entry, horizon) rows of the same area, with identity codes."""
    truth = build_truth(PERSONS, SEED, START, END, Config(), EFFECTS)
    return truth.effects.with_columns(hetu=truth.pop.hetu.gather(truth.effects["pid"]))


def _csv(path: Path, encoding: str = "utf-8-sig") -> pl.DataFrame:
    text = path.read_bytes().decode(encoding)
    return pl.read_csv(text.encode("utf-8"), separator=";", infer_schema=False)


def _dates(frame: pl.DataFrame, start: str = "alkupvm", end: str = "loppupvm") -> pl.DataFrame:
    return frame.with_columns(
        s=pl.col(start).map_elements(parse_dmy, return_dtype=pl.Date),
        e=pl.col(end).map_elements(parse_dmy, return_dtype=pl.Date),
    )


def _periods(area: Path) -> pl.DataFrame:
    return _dates(_csv(area / "te/tyonhakijajaksot_20221231.csv"))


# --- usage -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("XYZ=3", "askel: --effect: XYZ is not a service code of te/ or kunta/palvelut.\n"),
        ("TVA=ten", "askel: --effect 'TVA=ten' is not CODE=PP (e.g. TVA=10 or KTT=-3).\n"),
        ("TVA", "askel: --effect 'TVA' is not CODE=PP (e.g. TVA=10 or KTT=-3).\n"),
        ("TVA=100.5", "askel: --effect: TVA=100.5 is outside -100..100 percentage points.\n"),
        ("TVA=-101", "askel: --effect: TVA=-101 is outside -100..100 percentage points.\n"),
        ("TVA=1,tva=2", "askel: --effect names TVA twice.\n"),
        ("TVA=1,", "askel: --effect '' is not CODE=PP (e.g. TVA=10 or KTT=-3).\n"),
    ],
)
def test_bad_effect_values_are_usage_errors_of_one_sentence(tmp_path, capsys, value, message):
    code = main(["generate", "--out", str(tmp_path / "x"), "--persons", "50", "--effect", value])
    assert code == 2
    assert capsys.readouterr().err == message
    assert not (tmp_path / "x").exists()  # nothing written


def test_generate_rejects_a_bad_effects_dict(tmp_path):
    with pytest.raises(ValueError, match="ABC is not a service code"):
        generate(tmp_path, persons=50, effects={"ABC": 1.0})


def test_effect_option_writes_truth_and_says_so(tmp_path, capsys):
    out = tmp_path / "x"
    assert main(["generate", "--out", str(out), "--persons", "300", "--effect", "val=5"]) == 0
    assert "effects VAL=+5 with the truth in truth.json" in capsys.readouterr().out
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert [(t["service_code"], t["horizon_months"]) for t in truth] == [
        ("VAL", 3), ("VAL", 6), ("VAL", 12)
    ]  # fmt: skip
    # a later run without effects leaves no truth behind that would describe other data
    assert main(["generate", "--out", str(out), "--persons", "300", "--quiet"]) == 0
    assert not (out / "truth.json").exists()


# --- determinism ---------------------------------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_and_effects_give_the_same_bytes_and_no_effects_no_truth(tmp_path):
    fx = {"VAL": 5.0, "KTT": -3.0}
    generate(tmp_path / "a", persons=600, seed=3, defects=0.01, effects=fx)
    generate(tmp_path / "b", persons=600, seed=3, defects=0.01, effects=fx)
    generate(tmp_path / "c", persons=600, seed=3, defects=0.01)
    a, b, c = (_files(tmp_path / n) for n in "abc")
    assert "truth.json" in a and "truth.json" not in c
    assert a == b
    # the effect codes' rows come from the new entry process, so the extracts differ
    assert a["te/palvelut_20221231.csv"] != c["te/palvelut_20221231.csv"]


# --- the truth -----------------------------------------------------------------------------


def test_truth_has_one_row_per_code_and_horizon_with_the_counted_entries(area, rows):
    truth = json.loads((area / "truth.json").read_text(encoding="utf-8"))
    assert [(t["service_code"], t["horizon_months"]) for t in truth] == [
        (c, h) for c in ("KTT", "OSA", "TVA") for h in (3, 6, 12)
    ]
    assert all(list(t) == ["service_code", "horizon_months", "entries", "att_pp"] for t in truth)
    for t in truth:
        f = rows.filter(
            pl.col("counted")
            & (pl.col("palvelu") == t["service_code"])
            & (pl.col("horizon_months") == t["horizon_months"])
        )
        assert t["entries"] == f.height > 100
        diff = f["y1"].cast(pl.Int64) - f["y0"].cast(pl.Int64)
        assert t["att_pp"] == pytest.approx(100 * diff.mean(), abs=1e-12)
        # later horizons need the outcome day within the data: fewer entries count
    entries = {(t["service_code"], t["horizon_months"]): t["entries"] for t in truth}
    assert entries[("TVA", 3)] > entries[("TVA", 6)] > entries[("TVA", 12)]


def test_realised_effects_are_the_planned_ones_within_sampling_error(area, rows):
    truth = json.loads((area / "truth.json").read_text(encoding="utf-8"))
    for t in truth:
        pp = EFFECTS[t["service_code"]]
        if pp == 0:
            assert t["att_pp"] == 0.0  # exactly: no other code's edit reaches its outcome days
            continue
        f = rows.filter(
            pl.col("counted")
            & (pl.col("palvelu") == t["service_code"])
            & (pl.col("horizon_months") == t["horizon_months"])
        )
        n = f.height
        # movable entries (Y0 = 0 for a gain, Y0 = 1 for a loss), each moved with q
        movable = int((~f["y0"]).sum()) if pp > 0 else int(f["y0"].sum())
        q = min(abs(pp) / 100 * n / movable, 1.0)
        se = 100 * math.sqrt(movable * q * (1 - q)) / n
        # a loss cannot exceed the share employed anyway (KTT at 3 months: q is capped at 1);
        # 0.5 points for the rare entries sharing an outcome day with another, left unedited
        planned = math.copysign(100 * q * movable / n, pp)
        assert abs(t["att_pp"] - planned) <= 3 * se + 0.5, (t, se)
        assert q == 1 or planned == pytest.approx(pp)
        assert (t["att_pp"] > 0) == (pp > 0)
        # only the planned direction: a gain never takes work away, a loss never gives it
        moved = f.filter(pl.col("y0") != pl.col("y1"))
        assert moved.height > 10
        assert (moved["y1"] == (pp > 0)).all()


def test_selection_is_real_participants_are_less_often_employed_than_the_area(area, rows):
    """Entry rises with elapsed unemployment, so untreated outcomes of participants are below
    those of the persons who are unemployed on the same days, on average (the naive bias)."""
    f = rows.filter(pl.col("counted") & (pl.col("horizon_months") == 6))
    assert 0.05 < f["y0"].mean() < 0.5


# --- the register after the edits ------------------------------------------------------------


def test_edited_register_keeps_its_invariants(area, rows):
    f = _periods(area).with_columns(e=pl.col("e").fill_null(END)).sort("hetu", "s")
    nxt = f.select(
        same=pl.col("hetu") == pl.col("hetu").shift(-1),
        gap=(pl.col("s").shift(-1) - pl.col("e")).dt.total_days(),
        reason=pl.col("paattymissyy"),
        closed=pl.col("loppupvm").is_not_null(),
        end=pl.col("e"),
    )
    followed = nxt.filter(pl.col("same"))
    assert (followed["gap"] >= 1).all()  # no two periods of a person share a day
    # a reason exactly on the closed periods no period follows the next day (a period ending on
    # the extraction day is written closed but goes on as far as anyone knows: no reason)
    not_followed = nxt.filter(
        pl.col("closed") & (pl.col("end") < END) & ~(pl.col("same") & (pl.col("gap") == 1))
    )
    assert not_followed["reason"].null_count() == 0
    assert (
        followed.filter(pl.col("gap") == 1)["reason"].null_count()
        == followed.filter(pl.col("gap") == 1).height
    )
    # the losses were planted in the register too: some outcome day now falls in a 05 period
    lost = rows.filter(pl.col("y0") & ~pl.col("y1")).select(
        "hetu", d=pl.col("outcome_day").cast(pl.Int32).cast(pl.Date)
    )
    in_05 = lost.join(f.filter(pl.col("tyollkoodi") == "05"), on="hetu").filter(
        (pl.col("s") <= pl.col("d")) & (pl.col("e") >= pl.col("d"))
    )
    assert in_05.height > 0


# --- an independent cross-check from the written files ---------------------------------------


def _file_entries(area: Path) -> pl.DataFrame:
    """Entries per §9 from the newest snapshots: the first row of the code that begins while
    the person is unemployed (02/03) the day before."""
    te = _csv(area / "te/palvelut_20221231.csv").select("hetu", "palvelu", "alkupvm")
    ku = _csv(area / "kunta/palvelut_20221231.csv", "cp1252").select("hetu", "palvelu", "alkupvm")
    services = _dates(pl.concat([te, ku]), end="alkupvm").select(
        "hetu", "s", palvelu=pl.col("palvelu").str.to_uppercase()
    )
    services = services.filter(pl.col("palvelu").is_in(list(EFFECTS)))
    unemployed = _periods(area).filter(pl.col("tyollkoodi").is_in(["02", "03"]))
    return (
        services.join(unemployed.select("hetu", ps="s", pe="e"), on="hetu")
        .filter(
            (pl.col("ps") <= pl.col("s") - pl.duration(days=1))
            & (pl.col("pe").is_null() | (pl.col("pe") >= pl.col("s") - pl.duration(days=1)))
        )
        .group_by("hetu", "palvelu")
        .agg(entry=pl.col("s").min())
    )


def _file_employed(area: Path, queries: pl.DataFrame) -> pl.Series:
    """sources.md's employed rule on (hetu, d) from the written register and Incomes Register."""
    q = queries.with_row_index("i")
    jobs = _dates(_csv(area / "tulorekisteri/palvelussuhteet_20221231.csv", "utf-8"), "ALKUPVM",
                  "LOPPUPVM")  # fmt: skip
    by_job = (
        q.join(jobs.select(hetu="HETU", js="s", je="e"), on="hetu")
        .filter(pl.col("js") <= pl.col("d"))
        .filter(pl.col("je").is_null() | (pl.col("je") >= pl.col("d")))
        .select("i")
    )
    periods = _periods(area).select("hetu", "tyollkoodi", "paattymissyy", ps="s", pe="e")
    last = (
        q.join(periods, on="hetu")
        .filter(pl.col("ps") <= pl.col("d"))
        .sort("ps")
        .group_by("i")
        .last()
    )
    covers = pl.col("pe").is_null() | (pl.col("pe") >= pl.col("d"))
    by_register = last.filter(
        (covers & pl.col("tyollkoodi").is_in(["00", "01", "04", "09"]))
        | (~covers & pl.col("paattymissyy").is_in(["AT", "YR"]))
    ).select("i")
    hit = set(pl.concat([by_job, by_register])["i"].to_list())
    return pl.Series([i in hit for i in range(q.height)])


def test_entries_from_the_written_files_are_the_truths(area, rows):
    found = _file_entries(area)
    truth = json.loads((area / "truth.json").read_text(encoding="utf-8"))
    for t in truth:
        h = t["horizon_months"]
        counted = found.filter(
            (pl.col("palvelu") == t["service_code"])
            & (pl.col("entry") >= PROJECT_START)
            & (pl.col("entry").dt.offset_by(f"{h}mo") <= END)
        )
        assert counted.height == t["entries"], t
    mine = (
        rows.filter(pl.col("counted"))
        .select("hetu", "palvelu", entry=pl.col("entry").cast(pl.Int32).cast(pl.Date))
        .unique()
    )
    theirs = found.filter(pl.col("entry") >= PROJECT_START).filter(
        pl.col("entry").dt.offset_by("3mo") <= END
    )
    assert mine.sort(mine.columns).equals(theirs.select(mine.columns).sort(mine.columns))


def test_outcomes_from_the_written_files_are_the_generators(area, rows):
    # entries before the project start are edited too, but an outcome day before the first
    # day of data cannot be read from the extracts (jobs that ended before it are not written)
    seen = rows.filter(pl.col("outcome_day") >= day_number(START))
    assert seen.filter("counted").height == rows.filter("counted").height
    q = seen.select("hetu", d=pl.col("outcome_day").cast(pl.Int32).cast(pl.Date))
    got = _file_employed(area, q)
    assert got.to_list() == seen["y1"].to_list()
    assert (seen["y0"] != seen["y1"]).sum() > 20  # the files show the edited world


# --- units ---------------------------------------------------------------------------------


def _day(text: str) -> int:
    return day_number(dt.date.fromisoformat(text))


def test_add_months_clamps_to_the_last_day_of_the_month():
    days = np.array([_day(d) for d in ("2020-01-31", "2019-11-30", "2021-08-31", "2020-02-29")])
    got = [dt.date(1970, 1, 1) + dt.timedelta(int(x)) for x in add_months(days, 1)]
    assert [str(d) for d in got] == ["2020-02-29", "2019-12-30", "2021-09-30", "2020-03-29"]
    got = [dt.date(1970, 1, 1) + dt.timedelta(int(x)) for x in add_months(days, 12)]
    assert [str(d) for d in got] == ["2021-01-31", "2020-11-30", "2022-08-31", "2021-02-28"]


def _hand_periods(rows: list[tuple[int, int, int, int, int]]) -> Periods:
    """(pid, start, end, status, reason) rows, already sorted by person and start."""
    a = np.array(rows, dtype=np.int64)
    zero = np.zeros(len(a), dtype=np.int64)
    return Periods(
        pid=a[:, 0], start=a[:, 1], end=a[:, 2], status=a[:, 3], kunta=zero, reason=a[:, 4],
        service=zero,
    )  # fmt: skip


def test_employed_rule_on_hand_made_persons():
    periods = _hand_periods(
        [
            (0, 100, 199, P.S02, -1),
            (0, 200, 299, P.S01, P.AT),  # works in a 01 period, then leaves with a job
            (0, 400, 499, P.S02, P.UL),
            (1, 100, 300, P.S02, -1),
            (3, 100, 150, P.S03, P.YR),  # no next period: employed up to as_of
        ]
    )
    jobs = pl.DataFrame({"pid": [1, 2], "start": [140, 50], "end": [160, 60]})
    cases = [
        (0, 150, False),  # unemployed
        (0, 250, True),  # a 01 period covers it
        (0, 300, True),  # the day after an AT end
        (0, 399, True),  # the last day before the next registration
        (0, 400, False),  # the next period has begun
        (0, 550, False),  # after a UL end
        (1, 150, True),  # a job covers it while registered unemployed
        (1, 161, False),
        (2, 55, True),  # a job of someone never registered
        (2, 61, False),
        (3, 2000, True),
        (3, 99, False),  # before any period
        (4, 200, False),  # nobody
    ]
    pid = np.array([c[0] for c in cases])
    day = np.array([c[1] for c in cases])
    assert employed(periods, jobs, pid, day).tolist() == [c[2] for c in cases]


def test_time_out_of_work_splits_employment_and_fills_the_gap_after_an_at_end():
    periods = _hand_periods(
        [
            (0, 100, 299, P.S01, P.AT),
            (0, 400, 499, P.S02, -1),
            (1, 100, 199, P.S02, P.AT),  # gap from 200, no next period
        ]
    )
    windows = _merge(
        pl.DataFrame({"pid": [0, 0, 0, 1], "ws": [150, 160, 290, 200], "we": [165, 170, 320, 230]})
    )
    got = _out_of_work(periods, windows)
    assert list(zip(got.pid, got.start, got.end, got.status, got.reason, strict=True)) == [
        (0, 100, 149, P.S01, -1),
        (0, 150, 170, P.S05, -1),  # two windows merged
        (0, 171, 289, P.S01, -1),
        (0, 290, 299, P.S05, -1),  # the window reaches past the period's end ...
        (0, 300, 320, P.S05, P.AT),  # ... into the gap: a 05 registration ending AT
        (0, 400, 499, P.S02, -1),
        (1, 100, 199, P.S02, -1),  # now followed the next day
        (1, 200, 230, P.S05, P.AT),
    ]
    jobs = pl.DataFrame({"pid": [0, 1], "start": [100, 200], "end": [299, 10**7]})
    before = employed(periods, jobs, np.array([0, 0, 0, 1, 1]), np.array([140, 180, 350, 231, 215]))
    assert before.tolist() == [True, True, True, True, True]
    after = employed(got, jobs, np.array([0, 0, 0, 1, 1]), np.array([140, 180, 350, 231, 215]))
    assert after.tolist() == [True, True, True, True, True]  # jobs not cut here: still employed
    no_jobs = jobs.clear()
    after = employed(
        got, no_jobs, np.array([0, 0, 0, 0, 1, 1]), np.array([140, 160, 180, 350, 231, 215])
    )
    assert after.tolist() == [True, False, True, True, True, False]  # only the windows changed


def test_entry_offset_inverts_the_piecewise_cumulative_hazard():
    m = P.EFFECT_ELAPSED_MULTIPLIERS
    rate = np.array([0.01, 0.01, 0.01])
    # spell 0 days old at the period start: the first band holds days 1..91
    e = np.array([0.01 * m[0] * 0.5, 0.01 * m[0] * 91 + 0.01 * m[1] * 1.5, 0.01 * m[0] * 10])
    offset = np.array([0, 0, 400])  # the last one is already in the >= 365 band
    got = _entry_offsets(offset, rate, e)
    assert got.tolist() == [1, 93, math.ceil(0.01 * m[0] * 10 / (0.01 * m[3]))]
