"""The synthetic area: reproducible bytes, the contract's formats, clean data, snapshots.

Identity codes never appear in assertion messages: failures report counts only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import polars as pl
import pytest

from askel.config import Config
from askel.identity import make_hetu, parse_hetu
from askel.synth import extraction_days, generate
from askel.synth.population import day_number, make_codes
from askel.synth.register import first_registration_days
from tests.test_synth_contract import findings, parse_dmy

END = dt.date(2022, 12, 31)
SNAPSHOTS = ("20221031", "20221130", "20221231")
DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")


@pytest.fixture(scope="module")
def area(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    generate(out, persons=1000, seed=11)
    return out


def _csv(path: Path, encoding: str = "utf-8-sig") -> pl.DataFrame:
    text = path.read_bytes().decode(encoding)
    return pl.read_csv(text.encode("utf-8"), separator=";", infer_schema=False)


def _periods(area: Path, stamp: str = "20221231") -> pl.DataFrame:
    return _csv(area / f"te/tyonhakijajaksot_{stamp}.csv").with_columns(
        s=pl.col("alkupvm").map_elements(parse_dmy, return_dtype=pl.Date),
        e=pl.col("loppupvm").map_elements(parse_dmy, return_dtype=pl.Date),
    )


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path):
    for name in ("a", "b", "c"):
        generate(tmp_path / name, persons=150, seed=5 if name != "c" else 6, defects=0.02)
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    assert files == sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    differing = [
        f for f in files if (tmp_path / "a" / f).read_bytes() != (tmp_path / "b" / f).read_bytes()
    ]
    assert differing == []
    assert (tmp_path / "a/te/tyonhakijajaksot_20221231.csv").read_bytes() != (
        tmp_path / "c/te/tyonhakijajaksot_20221231.csv"
    ).read_bytes()


def test_landing_layout_has_three_snapshots_and_every_billing_month(area):
    for stamp in SNAPSHOTS:
        for name in ("te/tyonhakijajaksot", "te/palvelut", "kunta/palvelut",
                     "tulorekisteri/palvelussuhteet"):  # fmt: skip
            assert (area / f"{name}_{stamp}.csv").is_file()
        assert (area / f"esf/osallistujat_{stamp}.xlsx").is_file()
    kela = sorted(p.name for p in (area / "kela").iterdir())
    assert len(kela) == 48
    assert kela[0] == "tmt_kuntaosuus_201901.csv"
    assert kela[-1] == "tmt_kuntaosuus_202212.csv"
    assert not (area / "defects.json").exists()
    assert extraction_days(dt.date(2022, 3, 15)) == [
        dt.date(2022, 1, 31), dt.date(2022, 2, 28), dt.date(2022, 3, 15)
    ]  # fmt: skip


def test_encodings_and_headers_follow_the_contract(area):
    kunta = (area / "kunta/palvelut_20221231.csv").read_bytes()
    text = kunta.decode("cp1252")
    assert "ö" in text
    with pytest.raises(UnicodeDecodeError):
        kunta.decode("utf-8")
    assert text.split("\n")[0] == (
        "asiakasnro;hetu;kunta;palvelu;alkupvm;loppupvm;lasnapaivat;hanke;yksikko"
    )
    te = (area / "te/tyonhakijajaksot_20221231.csv").read_bytes().decode("utf-8")
    assert "Siilinjärvi" in te
    assert te.split("\n")[0] == (
        "hetu;kotikunta;kotikunta_nimi;tyollkoodi;alkupvm;loppupvm;paattymissyy"
    )
    services = (area / "te/palvelut_20221231.csv").read_bytes()
    assert services.startswith(b"\xef\xbb\xbfhetu;palvelu;alkupvm;loppupvm;keskeytyi\n")
    jobs = (area / "tulorekisteri/palvelussuhteet_20221231.csv").read_text("utf-8")
    assert jobs.split("\n")[0] == "YTUNNUS;HETU;ALKUPVM;LOPPUPVM;PALKKATUETTU"
    kela = (area / "kela/tmt_kuntaosuus_202006.csv").read_text("utf-8")
    assert kela.split("\n")[0] == (
        "hetu;kunta;kuukausi;maksetut_paivat;kertyneet_paivat;kuntaosuus_pct;kuntaosuus_eur"
    )


def test_dates_are_day_month_year_padded_and_unpadded(area):
    values = pl.concat(
        [
            _csv(area / "te/tyonhakijajaksot_20221231.csv").select(d=c)
            for c in ("alkupvm", "loppupvm")
        ]
        + [_csv(area / "kunta/palvelut_20221231.csv", "cp1252").select(d="alkupvm")]
    )["d"].drop_nulls()
    assert values.len() > 1000
    assert values.str.contains(DATE.pattern).all()
    assert values.str.contains(r"^0\d\.").any()  # padded day
    assert values.str.contains(r"^[1-9]\.").any()  # unpadded day


def test_every_identity_code_is_valid_and_synthetic(area):
    codes = pl.concat(
        [
            _csv(area / "te/tyonhakijajaksot_20221231.csv")["hetu"],
            _csv(area / "te/palvelut_20221231.csv")["hetu"],
            _csv(area / "kunta/palvelut_20221231.csv", "cp1252")["hetu"],
            _csv(area / "tulorekisteri/palvelussuhteet_20221231.csv")["HETU"],
            _csv(area / "kela/tmt_kuntaosuus_202101.csv")["hetu"],
        ]
    ).unique()
    numbers = codes.str.slice(7, 3).cast(pl.Int32)
    assert ((numbers >= 900) & (numbers <= 999)).all()
    parsed = [parse_hetu(c) for c in codes]  # raises (without the code) when one is invalid
    assert {h.sex for h in parsed} == {"male", "female"}
    assert _periods(area)["hetu"].n_unique() == 1000  # every person is in the register


def test_vectorised_codes_equal_make_hetu():
    birth = np.array(
        [
            (dt.date(y, m, d) - dt.date(1970, 1, 1)).days
            for y, m, d in [(1955, 1, 1), (1999, 12, 31), (2003, 2, 28), (1972, 7, 9)]
        ]
    )
    individual = np.array([900, 951, 998, 999])
    expected = [make_hetu(dt.date(1970, 1, 1) + dt.timedelta(days=int(b)), int(i))
                for b, i in zip(birth, individual, strict=True)]  # fmt: skip
    assert make_codes(birth, individual).to_list() == expected


def test_kela_euros_use_decimal_comma_and_follow_the_day_thresholds(area):
    kela = pl.concat([_csv(p) for p in sorted((area / "kela").iterdir())])
    assert kela["kuntaosuus_eur"].str.contains(r"^\d+,\d{2}$").all()
    days = kela["kertyneet_paivat"].cast(pl.Int64)
    pct = kela["kuntaosuus_pct"].cast(pl.Int64)
    expected = pl.when(days >= 1000).then(70).when(days >= 300).then(50).otherwise(0)
    assert (pl.select(expected).to_series() == pct).all()
    assert set(pct.unique()) == {0, 50, 70}
    zero = kela.filter(pl.col("kuntaosuus_pct") == "0")["kuntaosuus_eur"]
    assert (zero == "0,00").all()


def test_esf_workbook_mixes_date_cells_and_text_dates(area):
    path = area / "esf/osallistujat_20221231.xlsx"
    assert zipfile.is_zipfile(path)
    rows = list(
        openpyxl.load_workbook(path, read_only=True)["osallistujat"].iter_rows(values_only=True)
    )
    header, data = rows[0], rows[1:]
    assert header[:4] == ("hanketunnus", "hetu", "aloituspvm", "lopetuspvm")
    entries = [r[2] for r in data]
    assert any(isinstance(v, dt.datetime) for v in entries)
    assert any(isinstance(v, str) and DATE.match(v) for v in entries)
    projects = {r[0] for r in data}
    assert projects == {"S21001", "S21002"}
    entry_days = [v.date() if isinstance(v, dt.datetime) else parse_dmy(v) for v in entries]
    assert min(entry_days) >= dt.date(2019, 5, 1)
    assert max(entry_days) <= dt.date(2022, 4, 30)
    per_person_project = {}
    for r in data:
        per_person_project.setdefault(r[1], set()).add(r[0])
    assert any(len(p) == 2 for p in per_person_project.values())  # someone in both
    assert len({(r[0], r[1]) for r in data}) < len(data)  # someone re-entered
    incomplete = sum(1 for r in data if r[4] is None or r[5] in (None, 9))
    assert 0.04 < incomplete / len(data) < 0.25
    assert any(r[9] == "EOS" for r in data)
    assert {r[14] for r in data} >= {None, "EI_TIEDOSSA", "TYOLLINEN"}


def test_clean_area_breaks_no_rule(area):
    assert findings(area) == []


def test_periods_of_a_person_never_share_a_day_and_end_reasons_end_registrations(area):
    f = _periods(area).with_columns(e=pl.col("e").fill_null(END)).sort("hetu", "s")
    nxt = f.select(
        same=pl.col("hetu") == pl.col("hetu").shift(-1),
        gap=(pl.col("s").shift(-1) - pl.col("e")).dt.total_days(),
        reason=pl.col("paattymissyy"),
    ).filter(pl.col("same"))
    assert (nxt["gap"] >= 1).all()
    with_reason = nxt.filter(pl.col("reason").is_not_null())
    assert with_reason.height > 100
    assert (with_reason["gap"] >= 2).all()  # no period starts the next day


def test_register_content_exercises_the_definitions(area):
    f = _periods(area)
    assert set(f["tyollkoodi"]) == {"00", "01", "02", "03", "04", "05", "07", "08", "09"}
    assert set(f["paattymissyy"].drop_nulls()) == {"AT", "YR", "KO", "UL", "MU"}
    assert f.filter(pl.col("s") < dt.date(2018, 1, 1)).height > 0  # real early starts kept
    assert f["e"].null_count() > 0  # ongoing periods
    assert set(f["kotikunta"]) == {"297", "749"}
    share = (f["kotikunta"] == "297").mean()
    assert 0.6 < share < 0.9
    unemployed = f.filter(pl.col("tyollkoodi").is_in(["02", "03"]))
    days = (unemployed["e"].fill_null(END) - unemployed["s"]).dt.total_days()
    assert (days > 365).mean() > 0.05  # long-term unemployment builds up
    movers = f.group_by("hetu").agg(pl.col("kotikunta").n_unique()).filter(pl.col("kotikunta") > 1)
    assert movers.height > 0
    te = _csv(area / "te/palvelut_20221231.csv")
    kunta = _csv(area / "kunta/palvelut_20221231.csv", "cp1252")
    assert set(te["palvelu"]) == {"TVK", "OMA", "TKO", "VAL", "PTU", "STA"}
    assert set(kunta["palvelu"].str.to_uppercase()) == {
        "KTT", "TVA", "PTK", "OSA", "SOS", "TER", "PAM", "TKA"
    }  # fmt: skip
    assert (kunta["hanke"] == "ASKEL").sum() > 0


def test_snapshots_hold_what_was_known_on_their_day_and_later_ones_restate(area):
    older = _periods(area, "20221031")
    newest = _periods(area, "20221231")
    cut = dt.date(2022, 10, 31)
    assert older["s"].max() <= cut
    assert older["e"].drop_nulls().max() <= cut
    assert newest["s"].max() > cut
    keys = ["hetu", "alkupvm"]
    both = older.join(newest, on=keys, suffix="_new")
    restated = both.filter(pl.col("tyollkoodi") != pl.col("tyollkoodi_new"))
    assert 0 < restated.height < 0.02 * both.height


def test_other_configured_projects_and_municipalities_are_used(tmp_path):
    from askel.config import Municipality, Project

    config = Config(
        projects=(Project("P1", "main", "x", dt.date(2020, 1, 1), dt.date(2021, 12, 31)),),
        municipalities=(Municipality("091", "Helsinki", "Uusimaa", dt.date(2019, 1, 1)),),
    )
    generate(tmp_path, persons=300, seed=2, config=config)
    periods = _csv(tmp_path / "te/tyonhakijajaksot_20221231.csv")
    assert set(periods["kotikunta"]) == {"091"}
    rows = list(
        openpyxl.load_workbook(tmp_path / "esf/osallistujat_20221231.xlsx", read_only=True)[
            "osallistujat"
        ].iter_rows(values_only=True)
    )[1:]
    assert rows and {r[0] for r in rows} == {"P1"}
    assert findings(tmp_path, config) == []


def test_first_registrations_peak_in_summer_and_at_year_end_and_grow_over_the_years():
    """Inflow a forecast must handle (indicators.md §10): seasonal, with a trend."""
    start, end = day_number(dt.date(2019, 1, 1)), day_number(dt.date(2022, 12, 31))
    days = first_registration_days(np.random.default_rng(3), start, end, 200_000)
    assert days.min() >= start and days.max() <= end
    dates = days.astype("datetime64[D]")
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    per_day = {m: (month == m).sum() / len(np.unique(days[month == m])) for m in range(1, 13)}
    spring = np.mean([per_day[m] for m in (2, 3, 4)])
    for peak in (6, 7, 12):
        assert per_day[peak] > 1.3 * spring, peak
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    per_year = [(year == y).sum() for y in range(2019, 2023)]
    assert all(later > earlier * 1.05 for earlier, later in itertools.pairwise(per_year))
