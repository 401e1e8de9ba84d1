"""Municipal share of the labour market subsidy (indicators.md §7) on hand-made persons.

One warehouse, `as_of` = 2022-06-15. kela/ files are monthly: one load per billing month; March
2022 is delivered twice (the later load replaces the earlier one whole) and a July 2022 file
lies after the month of as_of. Pace = mean of maksetut_paivat over the person's last 3 billing
months up to the month; "will cross" = kertyneet < threshold <= kertyneet + 3 * pace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows

AS_OF = dt.date(2022, 6, 15)
D = dt.date
NOV, JAN, FEB, MAR, JUL = D(2021, 11, 1), D(2022, 1, 1), D(2022, 2, 1), D(2022, 3, 1), D(2022, 7, 1)


def kela(
    person: str,
    month: dt.date,
    paid: int,
    cumulative: int,
    pct: int = 0,
    euros: str = "0.00",
    kunta: str = "297",
) -> dict[str, Any]:
    return {
        "person_id": person,
        "kunta": kunta,
        "kuukausi": month,
        "maksetut_paivat": paid,
        "kertyneet_paivat": cumulative,
        "kuntaosuus_pct": pct,
        "kuntaosuus_eur": Decimal(euros),
    }


LOADS: list[tuple[str, dt.date, list[dict[str, Any]]]] = [
    # k-pace-gap billed in Nov, Jan and Mar only: its last 3 billing months are those, pace
    # (10 + 20 + 30) / 3 = 20 in March -> 245 + 60 = 305 >= 300 (a calendar mean with Feb = 0
    # would give 16.7 and 295, no crossing).
    ("kela-202111", NOV, [kela("k-pace-gap", NOV, 10, 195, kunta="749")]),
    (
        "kela-202201",
        JAN,
        [
            kela("k-cross-300", JAN, 20, 198),  # pace 20: 258, no
            kela("k-cross-1000", JAN, 15, 925, 50, "80.00"),  # 970, no
            kela("k-pace-gap", JAN, 20, 215, kunta="749"),  # pace 15: 260, no
        ],
    ),
    (
        "kela-202202",
        FEB,
        [
            kela("k-cross-300", FEB, 22, 220),  # pace 21: 283, no
            kela("k-cross-1000", FEB, 15, 940, 50, "80.00"),  # 985, no
        ],
    ),
    # the first delivery of March, replaced whole by the next one
    (
        "kela-202203-a",
        MAR,
        [
            kela("k-redelivered", MAR, 20, 400, 70, "999.00"),
            kela("k-dropped", MAR, 20, 600, 50, "500.00"),
        ],
    ),
    (
        "kela-202203-b",
        MAR,
        [
            kela("k-cross-300", MAR, 21, 241),  # pace 21: 304 -> crosses 300
            kela("k-exact", MAR, 21, 237),  # 237 + 63 = 300 -> crosses (>=)
            kela("k-below", MAR, 21, 236),  # 299 -> no
            kela("k-at-50", MAR, 21, 500, 50, "120.50"),  # past 300, 563 < 1000
            kela("k-cross-1000", MAR, 15, 955, 50, "80.00"),  # pace 15: 1000 -> crosses 1000
            kela("k-redelivered", MAR, 20, 400, 50, "50.00"),
            kela("k-at-70", MAR, 20, 1100, 70, "300.00", kunta="749"),
            kela("k-pace-gap", MAR, 30, 245, kunta="749"),
        ],
    ),
    # after the month of as_of: ignored
    ("kela-202207", JUL, [kela("k-at-50", JUL, 21, 521, 50, "120.50")]),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path: Path = tmp_path_factory.mktemp("subsidy") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    for load_id, month, rows in LOADS:
        insert_rows(con, "kela/tmt_kuntaosuus", rows, extraction_date=month, load_id=load_id)
    con.close()
    dbt(
        "build",
        path,
        AS_OF,
        "--select",
        "+municipal_subsidy_cost +subsidy_early_warning",
        "--indirect-selection",
        "cautious",
    )
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_cost_per_month_and_municipality(warehouse):
    rows = warehouse.execute(
        "select month, municipality_code, euros_billed, persons_billed, persons_50, persons_70, "
        "persons_crossing_300, persons_crossing_1000 from marts.municipal_subsidy_cost "
        "order by month, municipality_code"
    ).fetchall()
    z = Decimal("0.00")
    assert rows == [
        (NOV, "297", z, 0, 0, 0, 0, 0),
        (NOV, "749", z, 1, 0, 0, 0, 0),
        (JAN, "297", Decimal("80.00"), 2, 1, 0, 0, 0),
        (JAN, "749", z, 1, 0, 0, 0, 0),
        (FEB, "297", Decimal("80.00"), 2, 1, 0, 0, 0),
        (FEB, "749", z, 0, 0, 0, 0, 0),
        # k-cross-300, k-exact, k-below, k-at-50, k-cross-1000, k-redelivered (2nd delivery)
        (MAR, "297", Decimal("250.50"), 6, 3, 0, 2, 1),
        (MAR, "749", Decimal("300.00"), 2, 0, 1, 1, 0),
    ]


def test_early_warning_lists_the_persons_about_to_cross(warehouse):
    rows = warehouse.execute(
        "select month, municipality_code, person_id, cumulative_days, pace_days_per_month, "
        "will_cross_300, will_cross_1000 from marts.subsidy_early_warning "
        "order by month, municipality_code, person_id"
    ).fetchall()
    assert rows == [
        (MAR, "297", "k-cross-1000", 955, 15.0, False, True),
        (MAR, "297", "k-cross-300", 241, 21.0, True, False),
        (MAR, "297", "k-exact", 237, 21.0, True, False),
        (MAR, "749", "k-pace-gap", 245, 20.0, True, False),
    ]


def test_a_redelivered_month_replaces_the_earlier_load_whole(warehouse):
    persons = {
        r[0]
        for r in warehouse.execute(
            "select person_id from staging.stg_kela__municipal_share where billing_month = ?",
            [MAR],
        ).fetchall()
    }
    assert "k-dropped" not in persons
    assert warehouse.execute(
        "select euros_billed, share_pct from staging.stg_kela__municipal_share "
        "where person_id = 'k-redelivered'"
    ).fetchall() == [(Decimal("50.00"), 50)]


def test_months_after_as_of_are_ignored(warehouse):
    months = warehouse.execute(
        "select distinct billing_month from staging.stg_kela__municipal_share order by 1"
    ).fetchall()
    assert [m[0] for m in months] == [NOV, JAN, FEB, MAR]
