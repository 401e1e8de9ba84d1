"""Service process and service outcomes (indicators.md §4-5) on hand-made persons.

One warehouse for the module, `as_of` = 2022-06-15. Customers of the joint service (an ASKEL
kunta row or an ESF participation) exercise episodes, merging, gaps and their order; the
outcome persons (te `STA` rows, used by nobody else) exercise the situations 3 and 6 months
after a service row ended, and the Wilson interval. Every figure is worked out in the comments.
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

AS_OF = dt.date(2022, 6, 15)
D = dt.date


# p-chain (ASKEL customer). Episodes:
#   1 municipality:297 KTT 2021-01-01..03-31 (90 days)
#   2 te VAL 03-15..04-30 + TVK 05-01..05-31 merged (touching, same organisation): 03-15..05-31
#     (78 days); overlaps episode 1 across organisations -> gap 0, crosses
#   3 te 07 period 06-20..07-31 (42 days): gap 06-20 - 05-31 - 1 = 19, same organisation
#   4 municipality:297 TVA 08-15..09-30 (47 days): gap 08-15 - 07-31 - 1 = 14, crosses
#   5 municipality:297 TVA 2022-01-16..open -> as_of (151 days): gap 107, ends in 2022
# days in episodes 90+78+42+47+151 = 408; distinct days 408 - 17 (03-15..03-31) = 391.
# Spells: 02 2020-12-01..12-31 (episode 1 starts on the exit date, not within: NULL);
# 02 2021-10-01..2022-03-31 (episode 5 starts 2022-01-16: 107 days).
# p-tie (ESF customer): te VAL and kunta SOS (749) both 2021-02-01..02-10 sort by organisation
# ('municipality:749' < 'te'); gap 0 crossing; SOS 749 02-20..02-28 after the te episode:
# gap 02-20 - 02-10 - 1 = 9, crossing.
# p-kunta-touch (ASKEL): KTT 297 2021-03-01..03-31 and TVA 749 04-01..04-30 touch but are
# different organisations: two episodes, gap 0, crossing.
# p-no-customer: a kunta row without hanke and no ESF record: not a customer.
# p-esf-only: ESF participant without any service: a customer with zeros.
TE_SERVICES = [
    te("p-chain", "VAL", D(2021, 3, 15), D(2021, 4, 30)),
    te("p-chain", "TVK", D(2021, 5, 1), D(2021, 5, 31)),
    te("p-tie", "VAL", D(2021, 2, 1), D(2021, 2, 10)),
    # outcome persons: STA rows ending 2021-11-30 -> 3 months 2022-02-28 (clamped),
    # 6 months 2022-05-30
    te("o-employed", "STA", D(2021, 6, 1), D(2021, 11, 30)),
    te("o-unemployed", "STA", D(2021, 6, 1), D(2021, 11, 30)),
    te("o-services", "STA", D(2021, 6, 1), D(2021, 11, 30)),
    te("o-education", "STA", D(2021, 6, 1), D(2021, 11, 30)),
    te("o-priority", "STA", D(2021, 6, 1), D(2021, 11, 30)),
    # ends 2022-01-31: 3 months 2022-04-30 evaluated, 6 months 2022-07-31 after as_of
    te("o-pending", "STA", D(2021, 6, 1), D(2022, 1, 31)),
    # no end: not an outcome row
    te("o-open", "STA", D(2021, 6, 1), None),
]
KUNTA_SERVICES = [
    kunta("p-chain", "KTT", D(2021, 1, 1), D(2021, 3, 31), hanke="ASKEL"),
    kunta("p-chain", "TVA", D(2021, 8, 15), D(2021, 9, 30)),
    kunta("p-chain", "TVA", D(2022, 1, 16), None),
    kunta("p-tie", "SOS", D(2021, 2, 1), D(2021, 2, 10), kunta="749"),
    kunta("p-tie", "SOS", D(2021, 2, 20), D(2021, 2, 28), kunta="749"),
    kunta("p-kunta-touch", "KTT", D(2021, 3, 1), D(2021, 3, 31), hanke="ASKEL"),
    kunta("p-kunta-touch", "TVA", D(2021, 4, 1), D(2021, 4, 30), kunta="749"),
    kunta("p-no-customer", "KTT", D(2021, 3, 1), D(2021, 3, 31)),
    # o-services is in services on both days (ends after as_of: not an outcome row itself)
    kunta("o-services", "KTT", D(2022, 2, 1), D(2022, 6, 30)),
]
PERIODS = [
    period("p-chain", "02", D(2020, 12, 1), D(2020, 12, 31)),
    period("p-chain", "07", D(2021, 6, 20), D(2021, 7, 31)),
    period("p-chain", "02", D(2021, 10, 1), D(2022, 3, 31)),
    period("o-employed", "01", D(2022, 2, 28), None),
    period("o-unemployed", "02", D(2022, 1, 1), None),
    period("o-education", "08", D(2022, 2, 28), D(2022, 3, 31)),
    period("o-priority", "02", D(2022, 1, 1), None),
]
EMPLOYMENTS = [
    # o-priority is both employed and unemployed on 2022-02-28: employment comes first
    {
        "person_id": "o-priority",
        "ytunnus": "1234567-8",
        "alkupvm": D(2022, 2, 1),
        "loppupvm": D(2022, 3, 31),
    },
]
ESF_ROWS = [
    {
        "person_id": p,
        "hanketunnus": "S21001",
        "aloituspvm": D(2021, 1, 15),
        "tyomarkkina_asema": "TYOTON",
        "koulutusaste": 3,
    }
    for p in ("p-tie", "p-esf-only")
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path: Path = tmp_path_factory.mktemp("services") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(con, "te/tyonhakijajaksot", PERIODS)
    insert_rows(con, "te/palvelut", TE_SERVICES)
    insert_rows(con, "kunta/palvelut", KUNTA_SERVICES)
    insert_rows(con, "esf/osallistujat", ESF_ROWS)
    insert_rows(con, "tulorekisteri/palvelussuhteet", EMPLOYMENTS)
    con.close()
    dbt(
        "build",
        path,
        AS_OF,
        "--select",
        "+service_process +service_gaps_summary +service_spell_waits +service_episodes "
        "+service_outcomes +service_outcomes_summary",
        "--indirect-selection",
        "cautious",
    )
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_episodes_merge_same_organisation_only(warehouse):
    rows = warehouse.execute(
        "select person_id, episode_seq, organisation, episode_start, episode_end, episode_days, "
        "service_codes from marts.service_episodes where person_id in ('p-chain', 'p-tie', "
        "'p-kunta-touch') order by person_id, episode_seq"
    ).fetchall()
    assert rows == [
        ("p-chain", 1, "municipality:297", D(2021, 1, 1), D(2021, 3, 31), 90, "KTT"),
        ("p-chain", 2, "te", D(2021, 3, 15), D(2021, 5, 31), 78, "TVK,VAL"),
        ("p-chain", 3, "te", D(2021, 6, 20), D(2021, 7, 31), 42, "07"),
        ("p-chain", 4, "municipality:297", D(2021, 8, 15), D(2021, 9, 30), 47, "TVA"),
        ("p-chain", 5, "municipality:297", D(2022, 1, 16), AS_OF, 151, "TVA"),
        ("p-kunta-touch", 1, "municipality:297", D(2021, 3, 1), D(2021, 3, 31), 31, "KTT"),
        ("p-kunta-touch", 2, "municipality:749", D(2021, 4, 1), D(2021, 4, 30), 30, "TVA"),
        ("p-tie", 1, "municipality:749", D(2021, 2, 1), D(2021, 2, 10), 10, "SOS"),
        ("p-tie", 2, "te", D(2021, 2, 1), D(2021, 2, 10), 10, "VAL"),
        ("p-tie", 3, "municipality:749", D(2021, 2, 20), D(2021, 2, 28), 9, "SOS"),
    ]


def test_gaps_are_floored_at_zero_across_organisations(warehouse):
    rows = warehouse.execute(
        "select person_id, gap_seq, gap_days, crosses_organisations, is_within_14_days, "
        "gap_end_year from marts.service_gaps order by person_id, gap_seq"
    ).fetchall()
    assert rows == [
        ("p-chain", 1, 0, True, True, 2021),
        ("p-chain", 2, 19, False, False, 2021),
        ("p-chain", 3, 14, True, True, 2021),
        ("p-chain", 4, 107, False, False, 2022),
        ("p-kunta-touch", 1, 0, True, True, 2021),
        ("p-tie", 1, 0, True, True, 2021),
        ("p-tie", 2, 9, True, True, 2021),
    ]


def test_seamless_share_per_gap_end_year(warehouse):
    rows = warehouse.execute(
        "select gap_end_year, scope, gaps, gaps_within_14_days, share "
        "from marts.service_gaps_summary order by gap_end_year, scope"
    ).fetchall()
    # 2021: gaps 0, 19, 14, 0, 0, 9 -> 5 of 6 within 14 days; the 5 crossing ones all within
    assert rows == [
        (2021, "all", 6, 5, pytest.approx(5 / 6)),
        (2021, "cross_organisation", 5, 5, 1.0),
        (2022, "all", 1, 0, 0.0),
        (2022, "cross_organisation", 0, 0, None),
    ]


def test_customers_and_their_totals(warehouse):
    rows = warehouse.execute(
        "select person_id, is_askel_service_customer, esf_projects, episodes, organisations, "
        "service_codes, days_in_episodes, distinct_days_in_episodes, gaps, "
        "gaps_within_14_days, cross_organisation_gaps from marts.service_process "
        "order by person_id"
    ).fetchall()
    assert rows == [
        ("p-chain", True, 0, 5, 2, 4, 408, 391, 4, 2, 2),
        ("p-esf-only", False, 1, 0, 0, 0, 0, 0, 0, 0, 0),
        ("p-kunta-touch", True, 0, 2, 2, 2, 61, 61, 1, 1, 1),
        ("p-tie", False, 1, 3, 2, 2, 29, 19, 2, 2, 2),
    ]


def test_days_from_spell_start_to_first_episode_within_it(warehouse):
    rows = warehouse.execute(
        "select spell_start, first_episode_start, days_to_first_episode "
        "from marts.service_spell_waits where person_id = 'p-chain' order by spell_start"
    ).fetchall()
    assert rows == [
        (D(2020, 12, 1), None, None),
        (D(2021, 10, 1), D(2022, 1, 16), 107),
    ]


def test_outcome_situations_after_3_and_6_months(warehouse):
    rows = warehouse.execute(
        "select person_id, end_date, day_3m, situation_3m, day_6m, situation_6m "
        "from marts.service_outcomes where service_code = 'STA' order by person_id"
    ).fetchall()
    assert rows == [
        (
            "o-education",
            D(2021, 11, 30),
            D(2022, 2, 28),
            "education",
            D(2022, 5, 30),
            "outside_or_unknown",
        ),
        ("o-employed", D(2021, 11, 30), D(2022, 2, 28), "employment", D(2022, 5, 30), "employment"),
        ("o-pending", D(2022, 1, 31), D(2022, 4, 30), "outside_or_unknown", D(2022, 7, 31), None),
        ("o-priority", D(2021, 11, 30), D(2022, 2, 28), "employment", D(2022, 5, 30), "unemployed"),
        ("o-services", D(2021, 11, 30), D(2022, 2, 28), "services", D(2022, 5, 30), "services"),
        (
            "o-unemployed",
            D(2021, 11, 30),
            D(2022, 2, 28),
            "unemployed",
            D(2022, 5, 30),
            "unemployed",
        ),
    ]


def test_only_rows_ended_by_as_of_are_outcome_rows(warehouse):
    persons = {
        r[0] for r in warehouse.execute("select person_id from marts.service_outcomes").fetchall()
    }
    assert "o-open" not in persons
    # its KTT row ends after as_of, so only its STA row is an outcome row
    assert (
        warehouse.execute(
            "select count(*) from marts.service_outcomes where person_id = 'o-services'"
        ).fetchone()[0]
        == 1
    )


def summary(con, end_year: int, horizon: int) -> list[tuple]:
    return con.execute(
        "select situation, episodes, evaluated, count, share, wilson_low, wilson_high "
        "from marts.service_outcomes_summary where source = 'te' and service_code = 'STA' "
        "and end_year = ? and horizon_months = ?",
        [end_year, horizon],
    ).fetchall()


def test_summary_counts_every_situation_with_wilson_interval(warehouse):
    rows = {r[0]: r[1:] for r in summary(warehouse, 2021, 3)}
    assert list(rows) == [
        "employment",
        "unemployed",
        "services",
        "education",
        "outside_or_unknown",
    ]
    assert {k: v[:4] for k, v in rows.items()} == {
        "employment": (5, 5, 2, 0.4),
        "unemployed": (5, 5, 1, 0.2),
        "services": (5, 5, 1, 0.2),
        "education": (5, 5, 1, 0.2),
        "outside_or_unknown": (5, 5, 0, 0.0),
    }
    # Wilson 95 % for 2 of 5: the textbook (0.1176, 0.7693); 0 of 5: (0, 0.4345)
    low, high = rows["employment"][4:]
    assert (round(low, 4), round(high, 4)) == (0.1176, 0.7693)
    low, high = rows["outside_or_unknown"][4:]
    assert (round(low, 4), round(high, 4)) == (0.0, 0.4345)
    six = {r[0]: r[3] for r in summary(warehouse, 2021, 6)}
    assert six == {
        "employment": 1,
        "unemployed": 2,
        "services": 1,
        "education": 0,
        "outside_or_unknown": 1,
    }


def test_summary_leaves_share_empty_when_nothing_evaluated(warehouse):
    rows = summary(warehouse, 2022, 6)
    assert {r[0]: r[1:] for r in rows}["employment"] == (1, 0, 0, None, None, None)
    assert len(rows) == 5
    three = {r[0]: r[1:4] for r in summary(warehouse, 2022, 3)}
    assert three["outside_or_unknown"] == (1, 1, 1)
