"""Spell durations and Kaplan-Meier survival (indicators.md §3) on hand-made spells.

One warehouse for the module, `as_of` = 2023-12-31, so a spell going on is censored with
duration 2024-01-01 - first day. Each Kaplan-Meier group lives in its own municipality code and
start year; every estimate below is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows

AS_OF = dt.date(2023, 12, 31)
D = dt.date
DEFAULT_BIRTH = dt.date(1980, 1, 1)


def spell(
    person: str,
    start: dt.date,
    last_day: dt.date | None,
    kunta: str,
    *,
    birth: dt.date = DEFAULT_BIRTH,
    sex: str = "female",
) -> dict[str, Any]:
    """One 02 period = one spell (last_day None = going on at as_of: censored)."""
    return {
        "person_id": person,
        "tyollkoodi": "02",
        "alkupvm": start,
        "loppupvm": last_day,
        "kotikunta": kunta,
        "birth_date": birth,
        "sex": sex,
    }


PERIODS = [
    # Group 301 (2023): durations 100e, 100e, 200e, 150c, 300e, 300c (e = exit, c = censored).
    spell("a1", D(2023, 1, 1), D(2023, 4, 10), "301"),  # exit 04-11: 31+28+31+10 = 100
    spell("a2", D(2023, 1, 1), D(2023, 4, 10), "301"),  # 100
    spell("a3", D(2023, 1, 1), D(2023, 7, 19), "301"),  # exit 07-20: 200
    spell("a4", D(2023, 8, 4), None, "301"),  # 2024-01-01 - 08-04 = 28 + 122 = 150, censored
    spell("a5", D(2023, 1, 1), D(2023, 10, 27), "301"),  # exit 10-28 = day 301: 300
    spell("a6", D(2023, 3, 7), None, "301"),  # day 66 -> 366 - 66 = 300, censored
    # Group 302 (2023, men): 100e, 150c, 200c.
    spell("b1", D(2023, 1, 1), D(2023, 4, 10), "302", sex="male"),
    spell("b2", D(2023, 8, 4), None, "302", sex="male"),
    spell("b3", D(2023, 6, 15), None, "302", sex="male"),  # day 166 -> 200, censored
    # Group 303 (2023): 10e, 20e, 30c, 40c.
    spell("c1", D(2023, 1, 1), D(2023, 1, 10), "303"),
    spell("c2", D(2023, 1, 1), D(2023, 1, 20), "303"),
    spell("c3", D(2023, 12, 2), None, "303"),  # 30, censored
    spell("c4", D(2023, 11, 22), None, "303"),  # 40, censored
    # Group 304 (2022): 400e (exit 2023-02-05), 579c (2022-06-01 .. as_of).
    spell("d1", D(2022, 1, 1), D(2023, 2, 4), "304"),
    spell("d2", D(2022, 6, 1), None, "304"),
    # Age bands at the spell's first day (2021, municipality 305).
    spell("age-24", D(2021, 2, 27), D(2021, 3, 31), "305", birth=D(1996, 2, 29)),
    spell("age-25", D(2021, 2, 28), D(2021, 3, 31), "305", birth=D(1996, 2, 29)),
    spell("age-54", D(2021, 5, 9), D(2021, 6, 30), "305", birth=D(1966, 5, 10)),
    spell("age-55", D(2021, 5, 10), D(2021, 6, 30), "305", birth=D(1966, 5, 10)),
    # Education from the latest ESF record (2021, municipality 306).
    spell("edu-latest", D(2021, 1, 4), D(2021, 2, 28), "306"),
    spell("edu-tie-unknown", D(2021, 1, 4), D(2021, 2, 28), "306"),
    spell("edu-tie-known", D(2021, 1, 4), D(2021, 2, 28), "306"),
    spell("edu-low", D(2021, 1, 4), D(2021, 2, 28), "306"),
    spell("edu-none", D(2021, 1, 4), D(2021, 2, 28), "306"),
    spell("edu-tie-open", D(2021, 1, 4), D(2021, 2, 28), "306"),
]


def esf(
    person: str, entry: dt.date, level: int | None, leaving: dt.date | None = None
) -> dict[str, Any]:
    return {
        "person_id": person,
        "hanketunnus": "S21001",
        "aloituspvm": entry,
        "lopetuspvm": leaving,
        "koulutusaste": level,
    }


ESF_ROWS = [
    esf("edu-latest", D(2022, 1, 1), 2),
    esf("edu-latest", D(2023, 3, 1), 6),  # latest on or before as_of -> isced_5_8
    esf("edu-latest", D(2024, 1, 10), 3),  # after as_of: ignored
    esf("edu-tie-unknown", D(2022, 5, 1), 3),
    esf("edu-tie-unknown", D(2022, 5, 1), 9),  # same entry date, later row -> unknown
    esf("edu-tie-known", D(2022, 5, 1), 9),
    esf("edu-tie-known", D(2022, 5, 1), 4),  # later row -> isced_3_4
    esf("edu-low", D(2022, 5, 1), 0),  # isced_0_2
    # same entry date: §6's row order puts the empty leaving date last, whatever the file order
    esf("edu-tie-open", D(2022, 5, 1), 7),  # no leaving date -> the latest record: isced_5_8
    esf("edu-tie-open", D(2022, 5, 1), 1, leaving=D(2022, 8, 31)),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path: Path = tmp_path_factory.mktemp("durations") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(con, "te/tyonhakijajaksot", PERIODS)
    insert_rows(con, "esf/osallistujat", ESF_ROWS)
    insert_rows(con, "te/palvelut", [])
    insert_rows(con, "kunta/palvelut", [])
    con.close()
    dbt(
        "build",
        path,
        AS_OF,
        "--select",
        "+unemployment_durations_summary",
        "--indirect-selection",
        "cautious",
    )
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def summary(con: duckdb.DuckDBPyConnection, year: int, breakdown: str, value: str) -> dict:
    cur = con.execute(
        """select * from marts.unemployment_durations_summary
           where start_year = ? and breakdown = ? and group_value = ?""",
        [year, breakdown, value],
    )
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1, rows
    return dict(zip(names, rows[0], strict=True))


def km(row: dict) -> tuple:
    """The estimates of a summary row, rounded far below any meaningful difference."""
    return (
        row["spells"],
        row["censored_spells"],
        round(row["survival_3m"], 12),
        round(row["survival_6m"], 12),
        round(row["survival_12m"], 12),
        round(row["survival_24m"], 12),
        row["median_duration_days"],
    )


def r(x: float) -> float:
    return round(x, 12)


def test_duration_is_exit_minus_first_day_or_as_of_plus_one_when_censored(warehouse):
    rows = warehouse.execute(
        """select person_id, duration_days, is_censored, exit_date, start_month, start_year
           from marts.unemployment_durations where municipality_code in ('301', '304')
           order by person_id"""
    ).fetchall()
    assert rows == [
        ("a1", 100, False, D(2023, 4, 11), D(2023, 1, 1), 2023),
        ("a2", 100, False, D(2023, 4, 11), D(2023, 1, 1), 2023),
        ("a3", 200, False, D(2023, 7, 20), D(2023, 1, 1), 2023),
        ("a4", 150, True, None, D(2023, 8, 1), 2023),
        ("a5", 300, False, D(2023, 10, 28), D(2023, 1, 1), 2023),
        ("a6", 300, True, None, D(2023, 3, 1), 2023),
        ("d1", 400, False, D(2023, 2, 5), D(2022, 1, 1), 2022),
        ("d2", 579, True, None, D(2022, 6, 1), 2022),
    ]


def test_kaplan_meier_with_ties_and_censoring(warehouse):
    # n=6. t=100: d=2, n=6 -> 4/6. t=150 censored (leaves the risk set after 150).
    # t=200: n=3 (200, 300e, 300c), d=1 -> 4/6 * 2/3 = 4/9. t=300: n=2 (event and censored
    # spell tie: the censored one is still at risk), d=1 -> 2/9. Median: first S <= 0.5 -> 200.
    assert km(summary(warehouse, 2023, "municipality", "301")) == (
        6,
        2,
        1.0,
        r(4 / 6),
        r(2 / 9),
        r(2 / 9),
        200,
    )


def test_median_is_empty_when_survival_never_reaches_half(warehouse):
    # t=100: n=3, d=1 -> 2/3; the censored 150 and 200 leave no further events.
    assert km(summary(warehouse, 2023, "municipality", "302")) == (
        3,
        2,
        1.0,
        r(2 / 3),
        r(2 / 3),
        r(2 / 3),
        None,
    )
    # the men are exactly group 302
    assert km(summary(warehouse, 2023, "sex", "male")) == km(
        summary(warehouse, 2023, "municipality", "302")
    )


def test_median_when_survival_falls_exactly_to_half(warehouse):
    # t=10: n=4 -> 3/4; t=20: n=3 -> 3/4 * 2/3 = 1/2 (in floating point maybe 0.5 + 1 ulp)
    assert km(summary(warehouse, 2023, "municipality", "303")) == (4, 2, 0.5, 0.5, 0.5, 0.5, 20)


def test_estimate_stays_at_last_value_beyond_longest_duration(warehouse):
    # 2022: t=400: n=2, d=1 -> 1/2; longest observed is 579 < 730 -> S(730) = 1/2
    assert km(summary(warehouse, 2022, "municipality", "304")) == (2, 1, 1.0, 1.0, 1.0, 0.5, 400)


def test_all_breakdown_pools_every_group_of_the_year(warehouse):
    # 2023 spells: 10e 20e 30c 40c 100e x3 150c x2 200e 200c 300e 300c (13, 6 censored).
    # t=10: 12/13; t=20: 11/13; t=100: n=9, d=3 -> 11/13 * 6/9 = 22/39;
    # t=200: n=4, d=1 -> 22/39 * 3/4 = 11/26; t=300: n=2, d=1 -> 11/52. Median 200.
    expected = (13, 6, r(11 / 13), r(22 / 39), r(11 / 52), r(11 / 52), 200)
    assert km(summary(warehouse, 2023, "all", "all")) == expected
    # everyone born 1980-01-01 is 43 in 2023 and has no ESF record
    assert km(summary(warehouse, 2023, "age_band", "25_54")) == expected
    assert km(summary(warehouse, 2023, "education", "unknown")) == expected


def test_groups_are_listed_only_when_they_have_spells(warehouse):
    rows = warehouse.execute(
        """select breakdown, list(group_value order by group_value)
           from marts.unemployment_durations_summary where start_year = 2023 group by breakdown
           order by breakdown"""
    ).fetchall()
    assert rows == [
        ("age_band", ["25_54"]),
        ("all", ["all"]),
        ("education", ["unknown"]),
        ("municipality", ["301", "302", "303"]),
        ("sex", ["female", "male"]),
    ]


def test_age_band_at_spell_start_with_leap_day_birthday(warehouse):
    bands = dict(
        warehouse.execute(
            "select person_id, age_band from marts.unemployment_durations"
            " where municipality_code = '305'"
        ).fetchall()
    )
    assert bands == {
        "age-24": "under_25",  # born 1996-02-29: 25th birthday reached on 2021-02-28
        "age-25": "25_54",
        "age-54": "25_54",
        "age-55": "over_54",
    }


def test_education_from_latest_esf_record(warehouse):
    groups = dict(
        warehouse.execute(
            "select person_id, education_group from marts.unemployment_durations"
            " where municipality_code = '306'"
        ).fetchall()
    )
    assert groups == {
        "edu-latest": "isced_5_8",
        "edu-tie-unknown": "unknown",
        "edu-tie-known": "isced_3_4",
        "edu-low": "isced_0_2",
        "edu-none": "unknown",
        "edu-tie-open": "isced_5_8",
    }
    values = warehouse.execute(
        """select list(group_value order by group_value) from marts.unemployment_durations_summary
           where start_year = 2021 and breakdown = 'education'"""
    ).fetchone()[0]
    assert values == ["isced_0_2", "isced_3_4", "isced_5_8", "unknown"]
