"""Merging is exact even when intervals tie on both dates.

Spells, runs of services and service episodes merge intervals sorted by start and end. Two
intervals with the same start AND end are a tie; the merge computes "latest end so far" and
the running group number in two passes, and if the passes ordered tied intervals differently
one interval could be put in the previous group. Many persons with tied intervals make such a
mistake show with near certainty.

Each person: one interval 2020-01-01..2020-01-10, then THREE intervals 2020-03-01..2020-03-31
(identical dates, different codes). The right answer is two spells / runs / episodes per
person: (01-01..01-10) and (03-01..03-31).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pytest

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows

AS_OF = dt.date(2021, 6, 30)
PERSONS = [f"p-tie-{i:03d}" for i in range(300)]
D = dt.date


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = tmp_path_factory.mktemp("ties") / "w.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    periods, kunta_rows = [], []
    for p in PERSONS:
        periods.append(
            dict(
                person_id=p,
                kotikunta="297",
                tyollkoodi="02",
                alkupvm=D(2020, 1, 1),
                loppupvm=D(2020, 1, 10),
            )
        )
        for code, municipality in (("02", "297"), ("03", "749"), ("02", "749")):
            periods.append(
                dict(
                    person_id=p,
                    kotikunta=municipality,
                    tyollkoodi=code,
                    alkupvm=D(2020, 3, 1),
                    loppupvm=D(2020, 3, 31),
                )
            )
        kunta_rows.append(
            dict(
                person_id=p,
                kunta="297",
                palvelu="KTT",
                hanke="ASKEL",
                alkupvm=D(2020, 1, 1),
                loppupvm=D(2020, 1, 10),
            )
        )
        for code in ("KTT", "TVA", "TKA"):
            kunta_rows.append(
                dict(
                    person_id=p,
                    kunta="297",
                    palvelu=code,
                    hanke="ASKEL",
                    alkupvm=D(2020, 3, 1),
                    loppupvm=D(2020, 3, 31),
                )
            )
    insert_rows(con, "te/tyonhakijajaksot", periods)
    insert_rows(con, "kunta/palvelut", kunta_rows)
    insert_rows(con, "te/palvelut", [])
    insert_rows(con, "esf/osallistujat", [])
    con.close()
    dbt(
        "build",
        path,
        AS_OF,
        "--select",
        "+int_unemployment_spells +int_services_runs +int_service_episodes",
        "--indirect-selection",
        "cautious",
    )
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


EXPECTED = [(D(2020, 1, 1), D(2020, 1, 10)), (D(2020, 3, 1), D(2020, 3, 31))]


def _per_person(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for person, start, end in con.execute(sql).fetchall():
        out.setdefault(person, []).append((start, end))
    return out


def test_tied_periods_make_one_spell(warehouse: duckdb.DuckDBPyConnection):
    spells = _per_person(
        warehouse,
        "select person_id, spell_start, spell_last_day from intermediate.int_unemployment_spells "
        "order by 1, 2",
    )
    assert set(spells) == set(PERSONS)
    assert all(v == EXPECTED for v in spells.values())


def test_tied_services_make_one_run(warehouse: duckdb.DuckDBPyConnection):
    runs = _per_person(
        warehouse,
        "select p.person_id, r.run_start, r.run_end from intermediate.int_services_runs r "
        "join intermediate.int_persons p using (person_key) order by 1, 2",
    )
    assert set(runs) == set(PERSONS)
    assert all(v == EXPECTED for v in runs.values())


def test_tied_services_of_one_organisation_make_one_episode(warehouse: duckdb.DuckDBPyConnection):
    episodes = _per_person(
        warehouse,
        "select person_id, episode_start, episode_end from intermediate.int_service_episodes "
        "where organisation = 'municipality:297' order by 1, 2",
    )
    assert set(episodes) == set(PERSONS)
    assert all(v == EXPECTED for v in episodes.values())
