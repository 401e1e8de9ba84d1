"""The inputs of the employment effect (indicators.md §9) on hand-made persons: entries, the
candidate sets of an entry day, what is known on T - 1, and the outcomes 3, 6 and 12 months on.

One warehouse for the module, as_of = 2022-06-30; the earliest project start is 2019-05-01 (the
default projects). Everyone is born 1980-01-01 (41 in 2021: band 25_54) and female unless said.
Every figure is worked out in the comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows, period
from tests.support.raw import kunta_service as kunta
from tests.support.raw import te_service as te

AS_OF = dt.date(2022, 6, 30)
D = dt.date
T = D(2021, 3, 1)  # a-entry's entry day into TVA


PERIODS = [
    # a-entry: unemployed 2021-01-01..12-31, the registration ends AT (employed after it)
    period("a-entry", "02", D(2021, 1, 1), D(2021, 12, 31), "AT"),
    # b-late: employed 01-01..02-14 (a TVA row begins then: not from unemployment), then
    # unemployed; its TVA row of 04-01 is its entry
    period("b-late", "01", D(2021, 1, 1), D(2021, 2, 14)),
    period("b-late", "02", D(2021, 2, 15), D(2021, 12, 31)),
    # c-waits: unemployed throughout; starts TVA only on 2021-05-03 (an entry of its own), so it
    # is a comparison on 03-01 and 04-01 (comparisons may start later)
    period("c-waits", "02", D(2020, 6, 1), None),
    # d-new: the spell starts on T: unemployed on T, not on T - 1 (naive pool only)
    period("d-new", "03", T, D(2021, 5, 31)),
    # e-gone: unemployed on T - 1, not on T (no pool row on T)
    period("e-gone", "02", D(2020, 1, 1), T - dt.timedelta(days=1)),
    # f-early: entry 2019-03-01, before the earliest project start: not an entry
    period("f-early", "02", D(2019, 1, 1), D(2019, 12, 31)),
    # g-known: earlier spells 2019-01-01..06-30 (181 days) and 2020-03-01..03-31 (31 days), the
    # current one from 2020-09-01; the window of 24 months before it is 2018-09-01..2020-08-31:
    # 212 days. Elapsed on 2021-02-28: add_months(2020-09-01, 5) = 2021-02-01 <= 02-28,
    # add_months(.., 6) = 03-01 > 02-28: 5 months.
    period("g-known", "02", D(2019, 1, 1), D(2019, 6, 30), kotikunta="749"),
    period("g-known", "02", D(2020, 3, 1), D(2020, 3, 31), kotikunta="749"),
    period("g-known", "02", D(2020, 9, 1), None, kotikunta="749"),
    # i-twins: employed twice, each time in the register and the Incomes Register alike (equal
    # intervals from two sources): two spans, never one across the gap; and 30 persons (j-0..29)
    # with the pattern that once merged the gap (the order of equal intervals is DuckDB's):
    # after an AT end 2019-07-31 until 2020-06-30 (job the same days), then 01 2020-09-07..11-10
    # (job the same days), then after an AT end until as_of (job the same days)
    period("i-twins", "01", D(2021, 1, 1), D(2021, 2, 28)),
    period("i-twins", "01", D(2021, 6, 1), D(2021, 6, 30)),
    *[
        p
        for j in range(30)
        for p in (
            period(f"j-{j}", "02", D(2019, 6, 1), D(2019, 7, 31), "AT"),
            period(f"j-{j}", "05", D(2020, 7, 1), D(2020, 9, 6)),
            period(f"j-{j}", "01", D(2020, 9, 7), D(2020, 11, 10), "AT"),
        )
    ],
    # h-late-entry: entry 2022-01-10: its 3-month day 2022-04-10 is evaluated, 6 (07-10) is not
    period("h-late-entry", "02", D(2021, 6, 1), None),
]
KUNTA_SERVICES = [
    kunta("a-entry", "TVA", T, D(2021, 4, 30)),
    kunta("b-late", "TVA", D(2021, 2, 1), D(2021, 2, 10)),
    kunta("b-late", "TVA", D(2021, 4, 1), D(2021, 4, 30)),
    kunta("c-waits", "TVA", D(2021, 5, 3), D(2021, 6, 30)),
    kunta("f-early", "TVA", D(2019, 3, 1), D(2019, 3, 31)),
    # g-known: one row of an active measure (KTT, LMP 6) begun before T; SOS is no active measure
    kunta("g-known", "KTT", D(2020, 10, 1), D(2020, 10, 31)),
    kunta("g-known", "SOS", D(2020, 11, 1), D(2020, 11, 30)),
    kunta("h-late-entry", "TVA", D(2022, 1, 10), D(2022, 2, 28)),
]
TE_SERVICES = [
    # a VAL entry on T for g-known: VAL's participants and comparisons are a set of their own
    te("g-known", "VAL", T, D(2021, 3, 31)),
]
EMPLOYMENTS = [
    # a-entry: a job covering add_months(T, 3) = 2021-06-01; on 09-01 (6 months) unemployed
    # and not employed; on 2022-03-01 (12 months) employed after the AT registration end
    {
        "person_id": "a-entry",
        "ytunnus": "1234567-8",
        "alkupvm": D(2021, 5, 20),
        "loppupvm": D(2021, 6, 1),
    },
    *[
        {"person_id": "i-twins", "ytunnus": "1234567-8", "alkupvm": a, "loppupvm": b}
        for a, b in ((D(2021, 1, 1), D(2021, 2, 28)), (D(2021, 6, 1), D(2021, 6, 30)))
    ],
    *[
        {"person_id": f"j-{j}", "ytunnus": "1234567-8", "alkupvm": a, "loppupvm": b}
        for j in range(30)
        for a, b in (
            (D(2019, 8, 1), D(2020, 6, 30)),
            (D(2020, 9, 7), D(2020, 11, 10)),
            (D(2020, 11, 11), None),
        )
    ],
]
ESF_ROWS = [
    # g-known: education known on 2021-02-28 from the record of 02-01 (ISCED 2); the record of
    # 06-01 (ISCED 6) is not known yet on that day
    {"person_id": "g-known", "hanketunnus": "S21001", "aloituspvm": D(2021, 2, 1),
     "tyomarkkina_asema": "TYOTON", "koulutusaste": 2},
    {"person_id": "g-known", "hanketunnus": "S21002", "aloituspvm": D(2021, 6, 1),
     "tyomarkkina_asema": "TYOTON", "koulutusaste": 6},
]  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path: Path = tmp_path_factory.mktemp("effects") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(con, "te/tyonhakijajaksot", PERIODS)
    insert_rows(con, "te/palvelut", TE_SERVICES)
    insert_rows(con, "kunta/palvelut", KUNTA_SERVICES)
    insert_rows(con, "esf/osallistujat", ESF_ROWS)
    insert_rows(con, "tulorekisteri/palvelussuhteet", EMPLOYMENTS)
    con.close()
    dbt("build", path, AS_OF, "--select", "+service_effects", "--indirect-selection", "cautious")
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def _person_days(con: duckdb.DuckDBPyConnection, where: str) -> list[tuple]:
    return con.execute(
        f"""select p.person_id, d.* exclude (person_key, pool_stride)
            from intermediate.int_effect_person_days as d
            inner join intermediate.int_persons as p on p.person_key = d.person_key
            where {where} order by all"""
    ).fetchall()


def test_entries_are_the_first_row_begun_from_unemployment_on_or_after_the_project_start(
    warehouse,
) -> None:
    rows = warehouse.execute(
        """select p.person_id, e.service_code, e.entry_day
           from intermediate.int_effect_entries as e
           inner join intermediate.int_persons as p on p.person_key = e.person_key
           order by all"""
    ).fetchall()
    assert rows == [
        ("a-entry", "TVA", T),
        # the row of 02-01 began while employed: passed over
        ("b-late", "TVA", D(2021, 4, 1)),
        ("c-waits", "TVA", D(2021, 5, 3)),
        # g-known's earlier KTT and SOS rows began from unemployment too: entries of their codes
        ("g-known", "KTT", D(2020, 10, 1)),
        ("g-known", "SOS", D(2020, 11, 1)),
        ("g-known", "VAL", T),
        ("h-late-entry", "TVA", D(2022, 1, 10)),
        # f-early's entry (2019-03-01) is before the earliest project start
    ]


def test_the_pool_of_an_entry_day_is_everyone_unemployed_on_it_and_marks_the_day_before(
    warehouse,
) -> None:
    pool = warehouse.execute(
        """select p.person_id, d.unemployed_before
           from intermediate.int_effect_person_days as d
           inner join intermediate.int_persons as p on p.person_key = d.person_key
           where not d.is_entry and d.day = ? order by all""",
        [T],
    ).fetchall()
    # a-entry itself is unemployed on T too (the start of a service does not end its spell);
    # d-new starts on T; e-gone ended on T - 1; f-early's spell is long over; h-late-entry's
    # begins in June
    assert pool == [
        ("a-entry", True),
        ("b-late", True),
        ("c-waits", True),
        ("d-new", False),
        ("g-known", True),
    ]


def test_what_is_known_on_the_day_before_the_entry_day(warehouse) -> None:
    rows = _person_days(warehouse, f"p.person_id = 'g-known' and d.day = date '{T}'")
    columns = [
        r[0]
        for r in warehouse.execute(
            "select column_name from information_schema.columns where table_schema = "
            "'intermediate' and table_name = 'int_effect_person_days' order by ordinal_position"
        ).fetchall()
        if r[0] not in ("person_key", "pool_stride")
    ]
    got = [dict(zip(["person_id", *columns], r, strict=True)) for r in rows]
    assert len(got) == 2  # the pool row and the VAL entry row
    pool, entry = sorted(got, key=lambda r: r["is_entry"])
    for row in (pool, entry):
        assert row["sex"] == "female"
        assert row["age_band"] == "25_54"
        assert row["education_group"] == "isced_0_2"  # ISCED 6 entered only on 06-01
        assert row["municipality_code"] == "749"
        assert row["elapsed_months"] == 5
        assert row["elapsed_days"] == (T - D(2020, 9, 1)).days
        assert row["prior_unemployed_days"] == 181 + 31
        assert row["earlier_active_rows"] == 1  # KTT counts, SOS is no active measure
        assert row["quarter"] == 1
    assert entry["service_code"] == "VAL" and pool["service_code"] is None


def test_outcomes_three_six_and_twelve_months_on_and_empty_after_as_of(warehouse) -> None:
    rows = warehouse.execute(
        """select p.person_id, d.employed_3, d.employed_6, d.employed_12
           from intermediate.int_effect_person_days as d
           inner join intermediate.int_persons as p on p.person_key = d.person_key
           where d.is_entry and p.person_id in ('a-entry', 'h-late-entry') order by all"""
    ).fetchall()
    assert rows == [
        # 2021-06-01 job; 09-01 unemployed; 2022-03-01 after the AT end of 2021-12-31
        ("a-entry", True, False, True),
        # 2022-04-10 unemployed; 07-10 and 2023-01-10 are after as_of
        ("h-late-entry", False, None, None),
    ]


def test_the_mart_has_every_code_with_an_entry_and_no_estimate_from_few_entries(
    warehouse,
) -> None:
    rows = warehouse.execute(
        """select service_code, horizon_months, entries, entries_matched, att_pp,
                  employed_share_treated, ci_low_pp, naive_difference_pp
           from marts.service_effects order by all"""
    ).fetchall()
    # TVA entries: a (T 2021-03-01), b (04-01), c (05-03), h (2022-01-10): at 3 months all but
    # none after as_of (h's 2022-04-10 <= 06-30): 4; at 6 and 12 months h drops out: 3 and
    # 12 months: a 2022-03-01, b 2022-04-01, c 2022-05-03 are on or before as_of: 3
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("KTT", 3, 1),
        ("KTT", 6, 1),
        ("KTT", 12, 1),
        ("SOS", 3, 1),
        ("SOS", 6, 1),
        ("SOS", 12, 1),
        ("TVA", 3, 4),
        ("TVA", 6, 3),
        ("TVA", 12, 3),
        ("VAL", 3, 1),
        ("VAL", 6, 1),
        ("VAL", 12, 1),
    ]
    assert all(r[3] < 30 and r[4:] == (None, None, None, None) for r in rows)


def test_a_comparison_never_started_the_code_on_or_before_the_entry_day(warehouse) -> None:
    # b-late started TVA on 2021-02-01: on a's entry day it is in the pool but, having started
    # TVA before T, the estimate may not use it; c-waits may (it starts only on 05-03)
    starts = dict(
        warehouse.execute(
            """select p.person_id, s.first_start
               from intermediate.int_effect_service_starts as s
               inner join intermediate.int_persons as p on p.person_key = s.person_key
               where s.service_code = 'TVA'"""
        ).fetchall()
    )
    assert starts["b-late"] == D(2021, 2, 1) <= T
    assert starts["c-waits"] == D(2021, 5, 3) > T
    assert "d-new" not in starts


def test_employment_spans_merge_equal_intervals_from_two_sources_but_not_across_a_gap(
    warehouse,
) -> None:
    rows = warehouse.execute(
        """select s.start_date, s.end_date from intermediate.int_employment_spans as s
           inner join intermediate.int_persons as p on p.person_key = s.person_key
           where p.person_id = 'i-twins' order by all"""
    ).fetchall()
    assert rows == [(D(2021, 1, 1), D(2021, 2, 28)), (D(2021, 6, 1), D(2021, 6, 30))]
    spans = warehouse.execute(
        """select s.start_date, s.end_date, count(*) from intermediate.int_employment_spans as s
           inner join intermediate.int_persons as p on p.person_key = s.person_key
           where p.person_id like 'j-%' group by all order by all"""
    ).fetchall()
    assert spans == [(D(2019, 8, 1), D(2020, 6, 30), 30), (D(2020, 9, 7), AS_OF, 30)]
