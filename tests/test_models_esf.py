"""ESF participants and common indicators (indicators.md §6) on hand-made persons.

One warehouse for the module, `as_of` = 2022-06-15, default projects S21001 / S21002 (start
2019-05-01), so every project has the periods 2019, 2020, 2021, 2022 and `cumulative`.
Every person below exercises one edge; `EXPECTED` states, worked out by hand, the year and the
indicator codes each participant counts in (outputs and NA_ rows in the year of the first entry,
results and PENDING_CR06 in the year of the final leaving). The whole mart is then compared
cell by cell with the sums of those statements.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows, period

AS_OF = dt.date(2022, 6, 15)
D = dt.date
MAIN, SISTER = "S21001", "S21002"
DEFAULT_BIRTH = D(1980, 1, 1)


def esf(
    person: str,
    entry: dt.date,
    leaving: dt.date | None = None,
    *,
    project: str = MAIN,
    status: str | None = "TYOTON",
    edu: int | None = 3,
    sex: str = "female",
    born: dt.date = DEFAULT_BIRTH,
    **fields: Any,
) -> dict[str, Any]:
    """A participation row; the sensitive and other K/E answers default to 'E' (no)."""
    answers = {k: "E" for k in ("vahemmisto", "vamma", "muu_heikko_asema", "asunnoton", "maaseutu")}
    return {
        "person_id": person,
        "hanketunnus": project,
        "aloituspvm": entry,
        "lopetuspvm": leaving,
        "tyomarkkina_asema": status,
        "koulutusaste": edu,
        "sex": sex,
        "birth_date": born,
        **answers,
        **fields,
    }


ESF_ROWS = [
    # Long-term limits. Age 25 on entry 2021-03-01 (born 1996-03-01): 12 months, so a spell
    # from add_months(entry, -12) = 2020-03-01 counts, one from 2020-03-02 does not.
    esf("lt-25-boundary", D(2021, 3, 1), sex="male", born=D(1996, 3, 1)),
    esf("lt-25-day-after", D(2021, 3, 1), born=D(1996, 3, 1)),
    # Age 24 (born 1996-03-02, 25 only on 2021-03-02): 6 months, 2020-09-01 counts, 09-02 not.
    esf("lt-24-boundary", D(2021, 3, 1), sex="male", born=D(1996, 3, 2)),
    esf("lt-24-day-after", D(2021, 3, 1), born=D(1996, 3, 2)),
    # add_months clamping: add_months(2021-08-31, -6) = 2021-02-28.
    esf("lt-clamp", D(2021, 8, 31), born=D(2000, 1, 1)),
    esf("lt-clamp-after", D(2021, 8, 31), born=D(2000, 1, 1)),
    # leap year: add_months(2020-08-31, -6) = 2020-02-29.
    esf("lt-leap", D(2020, 8, 31), sex="male", born=D(2000, 1, 1)),
    # born 29 Feb 1996: 25 on 2021-02-28, so 12 months apply and a 6-month spell is not enough.
    esf("lt-leap-birthday", D(2021, 2, 28), born=D(1996, 2, 29)),
    # the spell ended 2021-02-26 and does not cover the day before entry (2021-02-28).
    esf("lt-spell-ended", D(2021, 3, 1)),
    # long spell but not TYOTON at entry.
    esf("lt-not-tyoton", D(2021, 3, 1), status="ULKOPUOLELLA"),
    # incomplete records count in TOTAL only (also no result, although they left employed).
    esf(
        "incomplete-edu9",
        D(2020, 5, 1),
        D(2020, 6, 1),
        edu=9,
        sex="male",
        tilanne_lopussa="TYOLLINEN",
    ),
    esf("incomplete-status", D(2020, 5, 1), status=None),
    esf("incomplete-edu-empty", D(2020, 5, 1), edu=None, asunnoton="K"),
    # EOS and empty sensitive answers: NA_CO15 and NA_CO16; K in muu_heikko_asema: CO17.
    esf("eos", D(2020, 6, 1), vahemmisto="EOS", vamma=None, muu_heikko_asema="K"),
    # re-entry, rows in reverse file order: entry data from the 2019 row, results from 2021's.
    esf(
        "reentry",
        D(2021, 2, 1),
        D(2021, 5, 31),
        status="TYOLLINEN",
        edu=5,
        sex="male",
        tilanne_lopussa="TYOLLINEN",
    ),
    esf("reentry", D(2019, 6, 1), D(2019, 12, 31), sex="male", tilanne_lopussa="KOULUTUS"),
    # the same person in both projects: one participant of each.
    esf("both-projects", D(2020, 1, 10)),
    esf("both-projects", D(2020, 2, 1), project=SISTER),
    # a second row still open: not left, so no result although a row says TYOLLINEN.
    esf("not-left", D(2020, 1, 1), D(2020, 3, 1)),
    esf("not-left", D(2020, 5, 1), None, tilanne_lopussa="TYOLLINEN"),
    # leaving date after as_of: not left.
    esf(
        "leaving-after-asof", D(2022, 1, 1), D(2022, 7, 1), sex="male", tilanne_lopussa="TYOLLINEN"
    ),
    # 28-day window after leaving 2021-03-01: employment from day 28 (03-29) counts ...
    esf("window-day28", D(2020, 9, 1), D(2021, 3, 1)),
    # ... from day 29 (03-30) does not: unknown.
    esf("window-day29", D(2020, 9, 1), D(2021, 3, 1)),
    # TVK in the window -> education (CR02).
    esf("window-education", D(2020, 9, 1), D(2021, 4, 15), status="OPISKELIJA", sex="male"),
    # inactive at entry and a jobseeker period in the window -> job_searching (CR01).
    esf("window-jobsearch", D(2020, 9, 1), D(2021, 4, 15), status="OPISKELIJA"),
    # job searching but unemployed at entry: not CR01.
    esf("tyonhaku-not-inactive", D(2020, 9, 1), D(2021, 4, 15), tilanne_lopussa="TYONHAKU"),
    # EI_TIEDOSSA -> registers: Incomes Register employment from 2021-07-10 (in the window);
    # age 55 at entry, homeless: CO07, CO08, CO18, and CR04, CR05, CR06, CR08, CR09.
    esf(
        "registers-income",
        D(2020, 10, 1),
        D(2021, 6, 30),
        sex="male",
        born=D(1965, 1, 1),
        asunnoton="K",
        tilanne_lopussa="EI_TIEDOSSA",
    ),
    # a registration ended AT on 2021-02-20: employed from 02-21 on (no later period).
    esf("registration-end-at", D(2020, 11, 1), D(2021, 2, 15)),
    # AT on 2020-12-31, next period 2021-06-01: employed 2021-01-01..05-31 only.
    esf("registration-end-next", D(2020, 11, 1), D(2021, 3, 1)),
    # 6 months after 2022-01-31 is 2022-07-31 > as_of: PENDING_CR06.
    esf("pending", D(2021, 10, 1), D(2022, 1, 31), sex="male", tilanne_lopussa="TYOLLINEN"),
    # add_months(2021-08-31, 6) = 2022-02-28, a one-day 01 period then.
    esf("cr06-clamp", D(2021, 1, 4), D(2021, 8, 31), tilanne_lopussa="KOULUTUS"),
    # add_months(2021-12-15, 6) = 2022-06-15 = as_of: countable, employed that day.
    esf("cr06-on-asof", D(2021, 6, 1), D(2021, 12, 15), tilanne_lopussa="YRITTAJA"),
    esf(
        "qualification",
        D(2021, 1, 4),
        D(2021, 3, 31),
        sex="male",
        tutkinto="K",
        tilanne_lopussa="ULKOPUOLELLA",
    ),
    # 54 on entry (55 the next day): not CO07.
    esf("age-54", D(2021, 5, 1), born=D(1966, 5, 2)),
    esf("edu-0-minority", D(2020, 7, 1), edu=0, vahemmisto="K"),
    esf(
        "edu-8-disabled-rural",
        D(2020, 7, 1),
        status="TYOLLINEN",
        edu=8,
        sex="male",
        vamma="K",
        maaseutu="K",
    ),
    # entry after as_of: ignored.
    esf("entry-after-asof", D(2022, 7, 1)),
]

PERIODS = [
    period("lt-25-boundary", "02", D(2020, 3, 1), D(2021, 2, 28)),
    period("lt-25-boundary", "07", D(2021, 3, 1), None),
    period("lt-25-day-after", "02", D(2020, 3, 2), None),
    period("lt-24-boundary", "02", D(2020, 9, 1), None),
    period("lt-24-day-after", "02", D(2020, 9, 2), None),
    period("lt-clamp", "02", D(2021, 2, 28), None),
    period("lt-clamp-after", "02", D(2021, 3, 1), None),
    period("lt-leap", "02", D(2020, 2, 29), None),
    period("lt-leap-birthday", "02", D(2020, 8, 28), None),
    period("lt-spell-ended", "02", D(2019, 1, 1), D(2021, 2, 26)),
    period("lt-not-tyoton", "02", D(2019, 1, 1), None),
    period("reentry", "01", D(2021, 11, 1), None),
    period("window-day28", "01", D(2021, 3, 29), D(2021, 4, 30)),
    period("window-day29", "01", D(2021, 3, 30), D(2021, 4, 30)),
    period("window-jobsearch", "02", D(2021, 4, 20), D(2021, 12, 31)),
    period("registration-end-at", "02", D(2020, 10, 1), D(2021, 2, 20), "AT"),
    period("registration-end-next", "02", D(2020, 10, 1), D(2020, 12, 31), "AT"),
    period("registration-end-next", "02", D(2021, 6, 1), None),
    period("cr06-clamp", "01", D(2022, 2, 28), D(2022, 2, 28)),
]
TE_SERVICES = [
    {
        "person_id": "window-education",
        "palvelu": "TVK",
        "alkupvm": D(2021, 5, 1),
        "loppupvm": D(2021, 8, 1),
    },
]
EMPLOYMENTS = [
    {
        "person_id": "registers-income",
        "ytunnus": "1234567-8",
        "alkupvm": D(2021, 7, 10),
        "loppupvm": None,
    },
    {
        "person_id": "cr06-on-asof",
        "ytunnus": "1234567-8",
        "alkupvm": D(2022, 6, 15),
        "loppupvm": None,
    },
]

OUT = ("TOTAL", "CO01", "CO10")  # a complete unemployed participant with ISCED 3
#: (project, person) -> (sex, entry year, output codes, leaving year, result codes)
EXPECTED: dict[tuple[str, str], tuple[str, int, tuple[str, ...], int | None, tuple[str, ...]]] = {
    (MAIN, "lt-25-boundary"): ("male", 2021, (*OUT, "CO02"), None, ()),
    (MAIN, "lt-25-day-after"): ("female", 2021, OUT, None, ()),
    (MAIN, "lt-24-boundary"): ("male", 2021, (*OUT, "CO02", "CO06"), None, ()),
    (MAIN, "lt-24-day-after"): ("female", 2021, (*OUT, "CO06"), None, ()),
    (MAIN, "lt-clamp"): ("female", 2021, (*OUT, "CO02", "CO06"), None, ()),
    (MAIN, "lt-clamp-after"): ("female", 2021, (*OUT, "CO06"), None, ()),
    (MAIN, "lt-leap"): ("male", 2020, (*OUT, "CO02", "CO06"), None, ()),
    (MAIN, "lt-leap-birthday"): ("female", 2021, OUT, None, ()),
    (MAIN, "lt-spell-ended"): ("female", 2021, OUT, None, ()),
    (MAIN, "lt-not-tyoton"): ("female", 2021, ("TOTAL", "CO03", "CO04", "CO10"), None, ()),
    (MAIN, "incomplete-edu9"): ("male", 2020, ("TOTAL",), None, ()),
    (MAIN, "incomplete-status"): ("female", 2020, ("TOTAL",), None, ()),
    (MAIN, "incomplete-edu-empty"): ("female", 2020, ("TOTAL",), None, ()),
    (MAIN, "eos"): ("female", 2020, (*OUT, "CO17", "NA_CO15", "NA_CO16"), None, ()),
    (MAIN, "reentry"): ("male", 2019, OUT, 2021, ("CR04", "CR06")),
    (MAIN, "both-projects"): ("female", 2020, OUT, None, ()),
    (SISTER, "both-projects"): ("female", 2020, OUT, None, ()),
    (MAIN, "not-left"): ("female", 2020, OUT, None, ()),
    (MAIN, "leaving-after-asof"): ("male", 2022, OUT, None, ()),
    (MAIN, "window-day28"): ("female", 2020, OUT, 2021, ("CR04",)),
    (MAIN, "window-day29"): ("female", 2020, OUT, 2021, ()),
    (MAIN, "window-education"): ("male", 2020, ("TOTAL", "CO03", "CO10"), 2021, ("CR02",)),
    (MAIN, "window-jobsearch"): ("female", 2020, ("TOTAL", "CO03", "CO10"), 2021, ("CR01",)),
    (MAIN, "tyonhaku-not-inactive"): ("female", 2020, OUT, 2021, ()),
    (MAIN, "registers-income"): (
        "male",
        2020,
        (*OUT, "CO07", "CO08", "CO18"),
        2021,
        ("CR04", "CR05", "CR06", "CR08", "CR09"),
    ),
    (MAIN, "registration-end-at"): ("female", 2020, OUT, 2021, ("CR04", "CR06")),
    (MAIN, "registration-end-next"): ("female", 2020, OUT, 2021, ("CR04",)),
    (MAIN, "pending"): ("male", 2021, OUT, 2022, ("CR04", "PENDING_CR06")),
    (MAIN, "cr06-clamp"): ("female", 2021, OUT, 2021, ("CR02", "CR06")),
    (MAIN, "cr06-on-asof"): ("female", 2021, OUT, 2021, ("CR04", "CR06")),
    (MAIN, "qualification"): ("male", 2021, OUT, 2021, ("CR03",)),
    (MAIN, "age-54"): ("female", 2021, OUT, None, ()),
    (MAIN, "edu-0-minority"): ("female", 2020, ("TOTAL", "CO01", "CO09", "CO15"), None, ()),
    (MAIN, "edu-8-disabled-rural"): (
        "male",
        2020,
        ("TOTAL", "CO05", "CO11", "CO16", "CO19"),
        None,
        (),
    ),
}

CODES = (
    "TOTAL",
    *(f"CO{i:02d}" for i in (*range(1, 12), *range(15, 20))),
    *(f"CR{i:02d}" for i in range(1, 10)),
    "NA_CO15",
    "NA_CO16",
    "NA_CO17",
    "PENDING_CR06",
)
PERIODS_OUT = ("2019", "2020", "2021", "2022", "cumulative")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path: Path = tmp_path_factory.mktemp("esf") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(con, "esf/osallistujat", ESF_ROWS)
    insert_rows(con, "te/tyonhakijajaksot", PERIODS)
    insert_rows(con, "te/palvelut", TE_SERVICES)
    insert_rows(con, "kunta/palvelut", [])
    insert_rows(con, "tulorekisteri/palvelussuhteet", EMPLOYMENTS)
    con.close()
    dbt(
        "build",
        path,
        AS_OF,
        "--select",
        "+esf_indicators",
        "--indirect-selection",
        "cautious",
    )
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def expected_cells() -> dict[tuple[str, str, str], tuple[int, int]]:
    """(project, code, period) -> (men, women), summed from EXPECTED."""
    cells: Counter[tuple[str, str, str, str]] = Counter()
    for (project, _), (sex, entry_year, outputs, leaving_year, results) in EXPECTED.items():
        for codes, year in ((outputs, entry_year), (results, leaving_year)):
            for code in codes:
                cells[(project, code, str(year), sex)] += 1
                cells[(project, code, "cumulative", sex)] += 1
    return {
        (project, code, p): (cells[(project, code, p, "male")], cells[(project, code, p, "female")])
        for project in (MAIN, SISTER)
        for code in CODES
        for p in PERIODS_OUT
    }


def test_every_project_code_and_period_is_present_once_in_export_order(warehouse):
    rows = warehouse.execute(
        "select project_code, indicator_code, period from marts.esf_indicators"
    ).fetchall()
    expected = sorted(
        (project, code, p) for project in (MAIN, SISTER) for code in CODES for p in PERIODS_OUT
    )
    assert rows == expected  # byte order, years before 'cumulative'


def test_columns_are_exactly_the_export_layout(warehouse):
    columns = warehouse.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' and table_name = 'esf_indicators' order by ordinal_position"
    ).fetchall()
    assert columns == [
        ("project_code", "VARCHAR"),
        ("indicator_code", "VARCHAR"),
        ("indicator_name", "VARCHAR"),
        ("period", "VARCHAR"),
        ("men", "BIGINT"),
        ("women", "BIGINT"),
        ("total", "BIGINT"),
        ("status", "VARCHAR"),
        ("note", "VARCHAR"),
    ]


def test_every_count_matches_the_hand_worked_participants(warehouse):
    actual = {
        (r[0], r[1], r[2]): (r[3], r[4], r[5])
        for r in warehouse.execute(
            "select project_code, indicator_code, period, men, women, total "
            "from marts.esf_indicators where indicator_code <> 'CR07'"
        ).fetchall()
    }
    expected = {
        key: (men, women, men + women)
        for key, (men, women) in expected_cells().items()
        if key[1] != "CR07"
    }
    mismatches = {k: (actual.get(k), v) for k, v in expected.items() if actual.get(k) != v}
    assert mismatches == {}
    assert len(actual) == len(expected)


def test_some_hand_worked_cells(warehouse):
    def cell(code: str, period: str, project: str = MAIN) -> tuple[int, int, int]:
        return warehouse.execute(
            "select men, women, total from marts.esf_indicators "
            "where project_code = ? and indicator_code = ? and period = ?",
            [project, code, period],
        ).fetchone()

    # long-term: lt-25-boundary, lt-24-boundary (m), lt-clamp (w) in 2021; lt-leap (m) in 2020
    assert cell("CO02", "2021") == (2, 1, 3)
    assert cell("CO02", "2020") == (1, 0, 1)
    # re-entry counted once: TOTAL in 2019 only; its results in 2021
    assert cell("TOTAL", "2019") == (1, 0, 1)
    assert cell("PENDING_CR06", "2022") == (1, 0, 1)
    assert cell("TOTAL", "cumulative", SISTER) == (0, 1, 1)
    assert cell("NA_CO17", "cumulative") == (0, 0, 0)


def test_cr07_is_not_available_with_a_reason_and_no_counts(warehouse):
    rows = warehouse.execute(
        "select distinct men, women, total, status, note <> '' from marts.esf_indicators "
        "where indicator_code = 'CR07'"
    ).fetchall()
    assert rows == [(None, None, None, "not_available", True)]
    others = warehouse.execute(
        "select distinct status, note from marts.esf_indicators where indicator_code <> 'CR07'"
    ).fetchall()
    assert others == [("ok", "")]


def participant(con: duckdb.DuckDBPyConnection, person: str, project: str = MAIN) -> dict:
    cur = con.execute(
        "select * from intermediate.int_esf_participants where person_id = ? and project_code = ?",
        [person, project],
    )
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def test_reentry_takes_entry_data_from_first_row_and_results_from_last(warehouse):
    p = participant(warehouse, "reentry")
    assert (p["entry_date"], p["labour_market_status"], p["education_level"]) == (
        D(2019, 6, 1),
        "TYOTON",
        3,
    )
    assert (p["leaving_date"], p["situation_recorded"], p["situation_on_leaving"]) == (
        D(2021, 5, 31),
        "TYOLLINEN",
        "employment",
    )
    assert (p["participation_rows"], p["day_6m"], p["is_employed_6m"]) == (2, D(2021, 11, 30), True)


@pytest.mark.parametrize(
    ("person", "situation", "source"),
    [
        ("window-day28", "employment", "registers"),
        ("window-day29", "unknown", "registers"),
        ("window-education", "education", "registers"),
        ("window-jobsearch", "job_searching", "registers"),
        ("tyonhaku-not-inactive", "job_searching", "recorded"),
        ("registers-income", "employment", "registers"),
        ("registration-end-at", "employment", "registers"),
        ("cr06-on-asof", "self_employment", "recorded"),
        ("qualification", "outside", "recorded"),
        ("not-left", None, None),
    ],
)
def test_situation_upon_leaving(warehouse, person, situation, source):
    p = participant(warehouse, person)
    assert (p["situation_on_leaving"], p["situation_from"]) == (situation, source)


def test_left_only_when_every_row_has_left_by_as_of(warehouse):
    assert participant(warehouse, "not-left")["has_left"] is False
    p = participant(warehouse, "leaving-after-asof")
    assert (p["has_left"], p["leaving_date"], p["is_pending_6m"]) == (False, None, False)


def test_age_on_entry_handles_leap_day_birthdays(warehouse):
    assert participant(warehouse, "lt-leap-birthday")["age_at_entry"] == 25
    assert participant(warehouse, "age-54")["age_at_entry"] == 54
    assert participant(warehouse, "registers-income")["age_at_entry"] == 55


def test_employment_intervals_from_registration_end(warehouse):
    rows = warehouse.execute(
        "select person_id, start_date, end_date from intermediate.int_employment_intervals "
        "where origin = 'registration_end' order by person_id, start_date"
    ).fetchall()
    assert rows == [
        ("registration-end-at", D(2021, 2, 21), AS_OF),
        ("registration-end-next", D(2021, 1, 1), D(2021, 5, 31)),
    ]


def test_entry_after_as_of_is_ignored(warehouse):
    n = warehouse.execute(
        "select count(*) from intermediate.int_esf_participants "
        "where person_id = 'entry-after-asof'"
    ).fetchone()[0]
    assert n == 0


def test_incomplete_records_are_false_not_empty(warehouse):
    p = participant(warehouse, "incomplete-edu-empty")
    assert (p["is_complete"], p["is_disadvantaged"]) == (False, False)
