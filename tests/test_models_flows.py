"""Spells and monthly stocks and flows (indicators.md §1-2) on hand-made persons.

One warehouse for the module, `as_of` = 2022-06-15 (so June 2022's reference day E is as_of).
Most persons live in their own municipality code (101, 102, ...), so the rows of
`marts.monthly_flows` for that code hold that person alone and every figure is worked out by
hand in the comments.
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
from tests.support.raw import empty_raw_layer, insert_rows, kunta_service, te_service
from tests.support.raw import period as raw_period

AS_OF = dt.date(2022, 6, 15)
D = dt.date


def period(
    person: str,
    code: str,
    start: dt.date,
    end: dt.date | None,
    kunta: str,
    reason: str | None = None,
) -> dict[str, Any]:
    return raw_period(person, code, start, end, reason, kotikunta=kunta)


PERIODS = [
    # p-touching: 02 Jan + 03 Feb-Mar touch -> one spell 2021-01-01..2021-03-31 ending on a
    # month's last day: exit 2021-04-01, covered by 01 -> employment.
    period("p-touching", "02", D(2021, 1, 1), D(2021, 1, 31), "101"),
    period("p-touching", "03", D(2021, 2, 1), D(2021, 3, 31), "101"),
    period("p-touching", "01", D(2021, 4, 1), None, "101"),
    # p-overlap: overlapping 02s -> spell 01-10..03-10 (exit 03-11; nothing covers it, the period
    # ending on 03-10 says KO -> education); after a one-day gap a second spell 03-12..03-20
    # with no end reason -> other.
    period("p-overlap", "02", D(2021, 1, 10), D(2021, 2, 20), "102"),
    period("p-overlap", "02", D(2021, 2, 1), D(2021, 3, 10), "102", "KO"),
    period("p-overlap", "02", D(2021, 3, 12), D(2021, 3, 20), "102"),
    # p-nested: 03 nested in 02, then a touching 02 -> spell 2021-05-01..2022-01-15, exit
    # 2022-01-16 covered by 07 and 05 -> services (07 before 05; the AT end reason is not read
    # because a period covers the exit date).
    period("p-nested", "02", D(2021, 5, 1), D(2021, 12, 31), "103"),
    period("p-nested", "03", D(2021, 6, 1), D(2021, 6, 30), "103"),
    period("p-nested", "02", D(2022, 1, 1), D(2022, 1, 15), "103", "AT"),
    period("p-nested", "05", D(2022, 1, 10), D(2022, 2, 28), "103"),
    period("p-nested", "07", D(2022, 1, 16), D(2022, 3, 31), "103"),
    # p-censored: recorded end = as_of -> last day as_of: censored, no exit. The period starting
    # after as_of (in 199) is ignored, so 199 never becomes a municipality.
    period("p-censored", "02", D(2022, 3, 1), D(2022, 6, 15), "104"),
    period("p-censored", "02", D(2022, 6, 20), None, "199"),
    # p-moves: moves 105 -> 106 mid-spell; the spell keeps its first-day municipality 105.
    period("p-moves", "02", D(2021, 9, 1), D(2021, 10, 31), "105"),
    period("p-moves", "02", D(2021, 11, 1), D(2022, 2, 28), "106"),
    period("p-moves", "01", D(2022, 3, 1), None, "106"),
    # p-dest-status-order: 08 and 05 cover the exit date 2021-07-01 -> education.
    period("p-dest-status-order", "02", D(2021, 3, 1), D(2021, 6, 30), "107"),
    period("p-dest-status-order", "08", D(2021, 7, 1), D(2021, 8, 31), "107"),
    period("p-dest-status-order", "05", D(2021, 7, 1), D(2021, 12, 31), "107"),
    # p-dest-reason-order: nothing covers 2021-07-01; the 02 (UL) and an 08 (KO) both end on the
    # last day 2021-06-30 -> KO before UL -> education.
    period("p-dest-reason-order", "02", D(2021, 3, 1), D(2021, 6, 30), "108", "UL"),
    period("p-dest-reason-order", "08", D(2021, 5, 1), D(2021, 6, 30), "108", "KO"),
    # p-dest-yr: YR -> employment.
    period("p-dest-yr", "02", D(2021, 3, 1), D(2021, 6, 30), "109", "YR"),
    # p-ltu-boundary: E = 2022-02-28, add_months(E, -12) = 2021-02-28: began on it -> long-term.
    period("p-ltu-boundary", "02", D(2021, 2, 28), None, "110"),
    # p-ltu-day-later: began 2021-03-01 -> not long-term on 2022-02-28, but 2021-03-01..
    # 2022-02-28 is 365 unemployed days in the 16-month window -> repeatedly unemployed.
    period("p-ltu-day-later", "02", D(2021, 3, 1), None, "111"),
    # p-leap: began 2020-02-29; E = 2021-02-28 -> add_months(E, -12) = 2020-02-28 < start:
    # not long-term (366 days in the window -> repeatedly); E = 2021-03-31 -> long-term.
    period("p-leap", "02", D(2020, 2, 29), D(2021, 6, 30), "112"),
    period("p-leap", "01", D(2021, 7, 1), None, "112"),
    # p-ru-365 on E = 2022-05-31, window (2021-01-31, 2022-05-31]: first spell contributes
    # 2021-02-01..2021-10-31 = 273 days, second 2022-03-01..2022-05-31 = 92 -> 365: repeatedly.
    period("p-ru-365", "02", D(2021, 1, 15), D(2021, 10, 31), "113"),
    period("p-ru-365", "01", D(2021, 11, 1), D(2022, 2, 28), "113"),
    period("p-ru-365", "02", D(2022, 3, 1), None, "113"),
    # p-ru-364: first spell ends a day earlier -> 272 + 92 = 364: not repeatedly.
    period("p-ru-364", "02", D(2021, 1, 15), D(2021, 10, 30), "114"),
    period("p-ru-364", "01", D(2021, 10, 31), D(2022, 2, 28), "114"),
    period("p-ru-364", "02", D(2022, 3, 1), None, "114"),
    # p-rfs-boundary: services end 2022-02-28; unemployed from 2022-03-01. E = 2022-05-31 ->
    # add_months(E, -3) = 2022-02-28 -> returned; E = as_of -> 2022-03-15 -> not.
    period("p-rfs-boundary", "02", D(2022, 3, 1), None, "115"),
    # p-rfs-day-early: services end 2022-02-27 -> not returned on 2022-05-31.
    period("p-rfs-day-early", "02", D(2022, 2, 28), None, "116"),
    # p-rfs-social: only a social service (SOS, not an active measure) -> never returned.
    period("p-rfs-social", "02", D(2022, 3, 1), None, "117"),
    # p-svc-covering: in services by a 07 period (118); a 01 period (119) that started later
    # covers 2022-02-28 -> municipality 119 in Feb, 118 in Jan and Mar.
    period("p-svc-covering", "07", D(2022, 1, 1), D(2022, 3, 31), "118"),
    period("p-svc-covering", "01", D(2022, 2, 1), D(2022, 2, 28), "119"),
    # p-svc-tie: two periods starting the same day cover 2022-01-31 -> lowest code 122.
    period("p-svc-tie", "05", D(2022, 1, 1), None, "123"),
    period("p-svc-tie", "08", D(2022, 1, 1), None, "122"),
    # p-svc-before: no period covers Mar/Apr 2022; the latest that began before is the
    # 2021-06-01 one (126), although the 125 period ended later.
    period("p-svc-before", "01", D(2021, 1, 1), D(2021, 12, 31), "125"),
    period("p-svc-before", "05", D(2021, 6, 1), D(2021, 8, 31), "126"),
    # p-svc-and-unemployed: in services while unemployed -> never in_services_end.
    period("p-svc-and-unemployed", "02", D(2022, 1, 1), None, "129"),
    # p-struct-ltu: long-term unemployed on 2021-03-31, the day before the 07 run -> structural.
    period("p-struct-ltu", "02", D(2020, 1, 1), D(2021, 3, 31), "130"),
    period("p-struct-ltu", "07", D(2021, 4, 1), D(2021, 9, 30), "130"),
    # p-struct-short: 90 days unemployed before the run -> not structural.
    period("p-struct-short", "02", D(2021, 1, 1), D(2021, 3, 31), "131"),
    period("p-struct-short", "07", D(2021, 4, 1), D(2021, 9, 30), "131"),
    # p-struct-run: TKO then a touching VAL form one run from 2021-04-01, so in July the day
    # before the run is 2021-03-31 (long-term) -> structural.
    period("p-struct-run", "02", D(2020, 1, 1), D(2021, 3, 31), "132"),
    # p-rfs-clamp: E = 2021-04-30 -> add_months(E, -3) = 2021-01-30 = last service day.
    period("p-rfs-clamp", "02", D(2021, 1, 31), None, "134"),
]

# Activation-rate municipalities on E = as_of: 201: 7 unemployed + 1 in services -> 12.5;
# 202: 2 + 1 -> 33.3; 203: 1 + 2 -> 66.7; 204: 15 + 1 -> 6.25 -> 6.3 (half up).
ACTIVATION = {"201": (7, 1), "202": (2, 1), "203": (1, 2), "204": (15, 1)}
for code, (unemployed, in_services) in ACTIVATION.items():
    PERIODS += [
        period(f"p-act-{code}-u{i}", "02", D(2022, 6, 1), None, code) for i in range(unemployed)
    ]
    PERIODS += [
        period(f"p-act-{code}-s{i}", "07", D(2022, 6, 1), None, code) for i in range(in_services)
    ]

TE_SERVICES = [
    te_service("p-rfs-boundary", "TKO", D(2022, 1, 1), D(2022, 2, 28)),
    te_service("p-rfs-day-early", "TKO", D(2022, 1, 1), D(2022, 2, 27)),
    te_service("p-svc-before", "VAL", D(2022, 3, 1), D(2022, 4, 30)),
    te_service("p-struct-run", "TKO", D(2021, 4, 1), D(2021, 5, 31)),
    te_service("p-struct-run", "VAL", D(2021, 6, 1), D(2021, 7, 31)),
    te_service("p-rfs-clamp", "TKO", D(2021, 1, 1), D(2021, 1, 30)),
    # begins after as_of: ignored
    te_service("p-late", "VAL", D(2022, 7, 1), None),
]
KUNTA_SERVICES = [
    kunta_service("p-rfs-social", "SOS", D(2022, 4, 1), D(2022, 5, 15), "117"),
    kunta_service("p-svc-tie", "KTT", D(2022, 1, 1), D(2022, 1, 31), "124"),
    # p-svc-kunta: no jobseeker period; latest municipal row begun on or before E:
    # Feb -> 127; Mar and Apr -> 128 (the SOS row, any code, began later).
    kunta_service("p-svc-kunta", "KTT", D(2022, 2, 1), D(2022, 4, 30), "127"),
    kunta_service("p-svc-kunta", "SOS", D(2022, 3, 1), D(2022, 3, 31), "128"),
    kunta_service("p-svc-and-unemployed", "KTT", D(2022, 2, 1), D(2022, 3, 31), "129"),
    # the earliest row of all: first month of data = 2019-11
    kunta_service("p-early", "SOS", D(2019, 11, 5), D(2019, 11, 30), "135"),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path: Path = tmp_path_factory.mktemp("flows") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(con, "te/tyonhakijajaksot", PERIODS)
    insert_rows(con, "te/palvelut", TE_SERVICES)
    insert_rows(con, "kunta/palvelut", KUNTA_SERVICES)
    con.close()
    dbt(
        "build",
        path,
        AS_OF,
        "--select",
        "+monthly_flows +int_unemployment_spells assert_date_macros",
        "--indirect-selection",
        "cautious",
    )
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def spells(con: duckdb.DuckDBPyConnection, person: str) -> list[tuple]:
    return con.execute(
        """select spell_start, spell_last_day, exit_date, is_censored, destination,
                  municipality_code
           from intermediate.int_unemployment_spells where person_id = ? order by spell_start""",
        [person],
    ).fetchall()


def flows(con: duckdb.DuckDBPyConnection, code: str, month: dt.date) -> dict[str, Any]:
    cur = con.execute(
        "select * from marts.monthly_flows where municipality_code = ? and month = ?", [code, month]
    )
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1, (code, month, rows)
    return dict(zip(names, rows[0], strict=True))


def in_services_municipality(
    con: duckdb.DuckDBPyConnection, person: str
) -> dict[dt.date, str | None]:
    rows = con.execute(
        """select month, municipality_code from intermediate.int_in_services_on_reference_days
           where person_id = ? order by month""",
        [person],
    ).fetchall()
    return dict(rows)


def test_touching_periods_make_one_spell_ending_on_month_end(warehouse):
    assert spells(warehouse, "p-touching") == [
        (D(2021, 1, 1), D(2021, 3, 31), D(2021, 4, 1), False, "employment", "101")
    ]
    march, april = flows(warehouse, "101", D(2021, 3, 1)), flows(warehouse, "101", D(2021, 4, 1))
    assert (march["unemployed_end"], march["outflow"]) == (1, 0)
    assert (april["unemployed_end"], april["outflow"], april["outflow_employment"]) == (0, 1, 1)
    assert flows(warehouse, "101", D(2021, 1, 1))["inflow"] == 1
    assert flows(warehouse, "101", D(2021, 2, 1))["inflow"] == 0


def test_overlapping_periods_merge_and_a_one_day_gap_splits(warehouse):
    assert spells(warehouse, "p-overlap") == [
        (D(2021, 1, 10), D(2021, 3, 10), D(2021, 3, 11), False, "education", "102"),
        (D(2021, 3, 12), D(2021, 3, 20), D(2021, 3, 21), False, "other", "102"),
    ]
    march = flows(warehouse, "102", D(2021, 3, 1))
    # second spell starts and both exit in March; nobody unemployed on 2021-03-31
    assert (march["inflow"], march["outflow"], march["unemployed_end"]) == (1, 2, 0)
    assert (march["outflow_education"], march["outflow_other"]) == (1, 1)


def test_nested_periods_merge_and_covering_status_beats_end_reason(warehouse):
    assert spells(warehouse, "p-nested") == [
        (D(2021, 5, 1), D(2022, 1, 15), D(2022, 1, 16), False, "services", "103")
    ]
    jan = flows(warehouse, "103", D(2022, 1, 1))
    # exits to the 07 period: in services on 2022-01-31 and no longer unemployed -> rate 100.0
    assert (jan["outflow_services"], jan["unemployed_end"], jan["in_services_end"]) == (1, 0, 1)
    assert jan["activation_rate"] == Decimal("100.0")
    # run began 2022-01-16; on 2022-01-15 the spell (from 2021-05-01) was 260 days old: neither
    # long-term nor 365 days in 16 months -> not structural
    assert jan["structural_unemployment_end"] == 0


def test_spell_whose_last_day_is_as_of_is_censored_without_outflow(warehouse):
    assert spells(warehouse, "p-censored") == [(D(2022, 3, 1), AS_OF, None, True, None, "104")]
    june = flows(warehouse, "104", D(2022, 6, 1))
    assert june["reference_day"] == AS_OF
    assert (june["unemployed_end"], june["outflow"]) == (1, 0)


def test_rows_beginning_after_as_of_are_ignored(warehouse):
    codes = {
        r[0]
        for r in warehouse.execute(
            "select distinct municipality_code from marts.monthly_flows"
        ).fetchall()
    }
    assert "199" not in codes
    assert warehouse.execute(
        "select count(*) from intermediate.int_service_rows where person_id = 'p-late'"
    ).fetchone() == (0,)


def test_spell_keeps_first_day_municipality_when_person_moves(warehouse):
    assert spells(warehouse, "p-moves") == [
        (D(2021, 9, 1), D(2022, 2, 28), D(2022, 3, 1), False, "employment", "105")
    ]
    assert flows(warehouse, "105", D(2021, 12, 1))["unemployed_end"] == 1
    # 106 appears as a kotikunta, so it has rows, with zeros
    assert flows(warehouse, "106", D(2021, 12, 1))["unemployed_end"] == 0
    assert flows(warehouse, "105", D(2022, 3, 1))["outflow_employment"] == 1


def test_destination_orders(warehouse):
    assert spells(warehouse, "p-dest-status-order")[0][4] == "education"
    assert spells(warehouse, "p-dest-reason-order")[0][4] == "education"
    assert spells(warehouse, "p-dest-yr")[0][4] == "employment"


def test_long_term_exactly_at_the_twelve_month_boundary(warehouse):
    feb = flows(warehouse, "110", D(2022, 2, 1))
    assert (feb["long_term_unemployed_end"], feb["repeatedly_unemployed_end"]) == (1, 0)
    assert feb["structural_unemployment_end"] == 1
    # Jan: add_months(2022-01-31, -12) = 2021-01-31 < start; 338 days in window
    jan = flows(warehouse, "110", D(2022, 1, 1))
    assert (jan["long_term_unemployed_end"], jan["repeatedly_unemployed_end"]) == (0, 0)
    day_later = flows(warehouse, "111", D(2022, 2, 1))
    assert (day_later["long_term_unemployed_end"], day_later["repeatedly_unemployed_end"]) == (0, 1)
    assert flows(warehouse, "111", D(2022, 3, 1))["long_term_unemployed_end"] == 1


def test_leap_day_start_uses_clamped_add_months(warehouse):
    feb = flows(warehouse, "112", D(2021, 2, 1))
    assert (feb["long_term_unemployed_end"], feb["repeatedly_unemployed_end"]) == (0, 1)
    assert flows(warehouse, "112", D(2021, 3, 1))["long_term_unemployed_end"] == 1


def test_repeatedly_unemployed_needs_365_days_in_sixteen_months(warehouse):
    may = D(2022, 5, 1)
    days = dict(
        warehouse.execute(
            """select person_id, unemployed_days_16m
               from intermediate.int_unemployed_on_reference_days
               where month = ? and person_id in ('p-ru-365', 'p-ru-364')""",
            [may],
        ).fetchall()
    )
    assert days == {"p-ru-365": 365, "p-ru-364": 364}
    assert flows(warehouse, "113", may)["repeatedly_unemployed_end"] == 1
    assert flows(warehouse, "114", may)["repeatedly_unemployed_end"] == 0
    assert flows(warehouse, "114", may)["structural_unemployment_end"] == 0


def test_returned_from_services_at_the_three_month_boundary(warehouse):
    returned = {
        month: flows(warehouse, "115", month)["returned_from_services_end"]
        for month in (D(2022, 3, 1), D(2022, 4, 1), D(2022, 5, 1), D(2022, 6, 1))
    }
    assert returned == {D(2022, 3, 1): 1, D(2022, 4, 1): 1, D(2022, 5, 1): 1, D(2022, 6, 1): 0}
    assert flows(warehouse, "116", D(2022, 4, 1))["returned_from_services_end"] == 1
    assert flows(warehouse, "116", D(2022, 5, 1))["returned_from_services_end"] == 0
    assert flows(warehouse, "117", D(2022, 5, 1))["returned_from_services_end"] == 0
    # E = 2021-04-30: add_months(E, -3) = 2021-01-30, the last service day
    assert flows(warehouse, "134", D(2021, 4, 1))["returned_from_services_end"] == 1
    assert flows(warehouse, "134", D(2021, 5, 1))["returned_from_services_end"] == 0


def test_in_services_municipality_rules(warehouse):
    assert in_services_municipality(warehouse, "p-svc-covering") == {
        D(2022, 1, 1): "118",
        D(2022, 2, 1): "119",
        D(2022, 3, 1): "118",
    }
    assert in_services_municipality(warehouse, "p-svc-tie") == {D(2022, 1, 1): "122"}
    assert in_services_municipality(warehouse, "p-svc-before") == {
        D(2022, 3, 1): "126",
        D(2022, 4, 1): "126",
    }
    assert in_services_municipality(warehouse, "p-svc-kunta") == {
        D(2022, 2, 1): "127",
        D(2022, 3, 1): "128",
        D(2022, 4, 1): "128",
    }
    # services before any jobseeker period or municipal row: no municipality -> ALL only
    assert in_services_municipality(warehouse, "p-rfs-boundary") == {
        D(2022, 1, 1): None,
        D(2022, 2, 1): None,
    }
    assert flows(warehouse, "119", D(2022, 2, 1))["in_services_end"] == 1
    assert flows(warehouse, "118", D(2022, 2, 1))["in_services_end"] == 0
    assert flows(warehouse, "128", D(2022, 3, 1))["in_services_end"] == 1


def test_all_counts_persons_without_municipality(warehouse):
    jan = D(2022, 1, 1)
    by_area = warehouse.execute(
        "select sum(in_services_end) from marts.monthly_flows"
        " where month = ? and municipality_code <> 'ALL'",
        [jan],
    ).fetchone()[0]
    # p-rfs-boundary and p-rfs-day-early are in services on 2022-01-31 without a municipality
    assert flows(warehouse, "ALL", jan)["in_services_end"] == by_area + 2


def test_in_services_while_unemployed_is_not_in_services_end(warehouse):
    for month in (D(2022, 2, 1), D(2022, 3, 1)):
        row = flows(warehouse, "129", month)
        assert (
            row["unemployed_end"],
            row["in_services_end"],
            row["returned_from_services_end"],
        ) == (1, 0, 1)
    assert flows(warehouse, "129", D(2022, 1, 1))["returned_from_services_end"] == 0
    assert flows(warehouse, "129", D(2022, 6, 1))["returned_from_services_end"] == 1


def test_structural_counts_in_services_persons_long_term_before_their_run(warehouse):
    april = D(2021, 4, 1)
    assert spells(warehouse, "p-struct-ltu")[0][4] == "services"
    ltu = flows(warehouse, "130", april)
    assert (ltu["in_services_end"], ltu["structural_unemployment_end"]) == (1, 1)
    assert flows(warehouse, "130", D(2021, 9, 1))["structural_unemployment_end"] == 1
    assert flows(warehouse, "130", D(2021, 10, 1))["in_services_end"] == 0
    short = flows(warehouse, "131", april)
    assert (short["in_services_end"], short["structural_unemployment_end"]) == (1, 0)
    # July: current run began 2021-04-01 (TKO + touching VAL merged), day before long-term
    july = flows(warehouse, "132", D(2021, 7, 1))
    assert (july["in_services_end"], july["structural_unemployment_end"]) == (1, 1)
    assert flows(warehouse, "132", D(2021, 8, 1))["in_services_end"] == 0


def test_activation_rate_rounds_half_up_exactly(warehouse):
    june = D(2022, 6, 1)
    rates = {code: flows(warehouse, code, june)["activation_rate"] for code in ACTIVATION}
    assert rates == {
        "201": Decimal("12.5"),
        "202": Decimal("33.3"),
        "203": Decimal("66.7"),
        "204": Decimal("6.3"),
    }
    # no one unemployed or in services -> empty
    assert flows(warehouse, "201", D(2022, 5, 1))["activation_rate"] is None


def test_months_run_from_first_month_of_data_to_as_of(warehouse):
    months = warehouse.execute(
        "select min(month), max(month), count(distinct month), max(reference_day)"
        " from marts.monthly_flows"
    ).fetchone()
    # SOS row of p-early begins 2019-11-05; 2019-11 .. 2022-06 = 32 months
    assert months == (D(2019, 11, 1), D(2022, 6, 1), 32, AS_OF)
    areas = warehouse.execute(
        "select count(distinct municipality_code) from marts.monthly_flows"
    ).fetchone()[0]
    assert warehouse.execute("select count(*) from marts.monthly_flows").fetchone()[0] == 32 * areas
    expected_codes = (
        {p["kotikunta"] for p in PERIODS if p["alkupvm"] <= AS_OF}
        | {k["kunta"] for k in KUNTA_SERVICES}
        | {"ALL"}
    )
    assert areas == len(expected_codes)


def test_stock_flow_identity_holds_everywhere(warehouse):
    broken = warehouse.execute(
        """select count(*) from (
               select unemployed_end - coalesce(lag(unemployed_end) over (
                          partition by municipality_code order by month), 0)
                      - inflow + outflow as residual
               from marts.monthly_flows) where residual <> 0"""
    ).fetchone()[0]
    assert broken == 0
    assert warehouse.execute(
        """select count(*) from marts.monthly_flows where outflow <> outflow_employment
           + outflow_services + outflow_education + outflow_outside_labour_force + outflow_other"""
    ).fetchone() == (0,)
