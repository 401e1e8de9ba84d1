"""A small random area dense in the edge cases of indicators.md §1-3 and §7, written straight
into the raw layer (no files) so that the reference and the marts can be compared on cases the
generator of askel/synth does not produce: overlapping, nested, touching and same-day periods,
empty and after-as_of ends, rows beginning after as_of, empty kotikunta, persons known only from
municipal services, 29 February birthdays and a leap-day as_of, ESF records tied on the entry
date, Kela persons billed by two municipalities in one month or with gaps between months.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows

AS_OF = dt.date(2024, 2, 29)
WINDOW_START = dt.date(2021, 1, 1)
WINDOW_END = dt.date(2024, 5, 31)
STATUSES = ["02"] * 6 + ["03"] * 2 + ["00", "01", "04", "05", "07", "07", "08", "09"]
REASONS = [None] * 6 + ["AT", "YR", "KO", "UL", "MU"]
MUNICIPALITIES = ["297"] * 4 + ["749"] * 3 + ["101", None]
TE_CODES = ["TVK", "OMA", "TKO", "VAL", "PTU", "STA"]
KUNTA_CODES = ["KTT", "TVA", "PTK", "OSA", "SOS", "TER", "PAM", "TKA"]
SPECIAL_DAYS = [AS_OF - dt.timedelta(days=1), AS_OF, AS_OF + dt.timedelta(days=1)]


def _day(rng: random.Random, lo: dt.date = WINDOW_START, hi: dt.date = WINDOW_END) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def _end(rng: random.Random, start: dt.date) -> dt.date | None:
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.16:
        return max(start, rng.choice(SPECIAL_DAYS))
    return start + dt.timedelta(days=rng.choice([0, 1, 13, 29, 30, 90, 200, 364, 365, 400]))


def _birth(rng: random.Random) -> dt.date:
    if rng.random() < 0.15:
        return dt.date(rng.choice([1968, 1972, 1996, 2000]), 2, 29)
    return _day(rng, dt.date(1960, 1, 1), dt.date(2003, 12, 31))


def _periods(rng: random.Random, person: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    start = _day(rng, WINDOW_START, dt.date(2022, 6, 30))
    for _ in range(rng.randint(1, 9)):
        end = _end(rng, start)
        rows.append(
            {
                **person,
                "tyollkoodi": rng.choice(STATUSES),
                "kotikunta": rng.choice(MUNICIPALITIES),
                "alkupvm": start,
                "loppupvm": end,
                "paattymissyy": rng.choice(REASONS),
            }
        )
        last = end or AS_OF
        how = rng.random()
        if how < 0.35:  # touching
            start = last + dt.timedelta(days=1)
        elif how < 0.55:  # overlapping or nested
            start = start + dt.timedelta(days=rng.randint(0, max(0, (last - start).days)))
        elif how < 0.65:  # same first day
            pass
        else:  # a gap
            start = last + dt.timedelta(days=rng.choice([2, 3, 10, 40, 120]))
        if start > WINDOW_END:
            break
    return rows


def _services(rng: random.Random, person: dict[str, Any]) -> tuple[list, list]:
    te, kunta = [], []
    for _ in range(rng.randint(0, 3)):
        start = _day(rng)
        te.append(
            {
                **person,
                "palvelu": rng.choice(TE_CODES),
                "alkupvm": start,
                "loppupvm": _end(rng, start),
            }
        )
    for _ in range(rng.randint(0, 3)):
        start = _day(rng)
        kunta.append(
            {
                **person,
                "palvelu": rng.choice(KUNTA_CODES),
                "kunta": rng.choice(MUNICIPALITIES),
                "alkupvm": start,
                "loppupvm": _end(rng, start),
            }
        )
    return te, kunta


def _esf(rng: random.Random, person: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    entry = _day(rng, dt.date(2021, 1, 1), dt.date(2024, 4, 30))
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        rows.append(
            {
                **person,
                "hanketunnus": rng.choice(["S21001", "S21002"]),
                "aloituspvm": entry,
                "koulutusaste": rng.choice([0, 2, 3, 4, 5, 8, 9, None]),
            }
        )
        if rng.random() < 0.6:  # else the next record ties on the entry date
            entry = entry + dt.timedelta(days=rng.randint(1, 400))
    return rows


def _kela(rng: random.Random, person: dict[str, Any]) -> list[dict[str, Any]]:
    if rng.random() < 0.5:
        return []
    rows = []
    month = dt.date(rng.randint(2021, 2023), rng.randint(1, 12), 1)
    cumulative = rng.choice([0, 150, 250, 280, 290, 700, 950, 980, 990])
    while month <= dt.date(2024, 4, 1):
        if rng.random() < 0.8:
            codes = ["297", "749"] if rng.random() < 0.15 else [rng.choice(["297", "749"])]
            for code in codes:
                paid = rng.choice([0, 5, 10, 21, 22, 23])
                cumulative += paid
                pct = 0 if cumulative < 300 else 50 if cumulative < 1000 else 70
                rows.append(
                    {
                        **person,
                        "kunta": code,
                        "kuukausi": month,
                        "maksetut_paivat": paid,
                        "kertyneet_paivat": cumulative,
                        "kuntaosuus_pct": pct,
                        "kuntaosuus_eur": Decimal(paid * pct) / 10,
                    }
                )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return rows


def build_adversarial_area(
    base: Path, persons: int = 400, seed: int = 11, as_of: dt.date = AS_OF
) -> duckdb.DuckDBPyConnection:
    """Write the random persons into a fresh raw layer, build dbt at `as_of` (the special ends
    cluster around AS_OF), return a read-only connection."""
    rng = random.Random(seed)
    tables: dict[str, list[dict[str, Any]]] = {
        "te/tyonhakijajaksot": [],
        "te/palvelut": [],
        "kunta/palvelut": [],
        "esf/osallistujat": [],
        "kela/tmt_kuntaosuus": [],
    }
    for i in range(persons):
        person = {
            "person_id": f"adv-{i:04d}",
            "birth_date": _birth(rng),
            "sex": rng.choice(["male", "female"]),
        }
        if rng.random() < 0.92:
            tables["te/tyonhakijajaksot"] += _periods(rng, person)
        te, kunta = _services(rng, person)
        tables["te/palvelut"] += te
        tables["kunta/palvelut"] += kunta
        tables["esf/osallistujat"] += _esf(rng, person)
        tables["kela/tmt_kuntaosuus"] += _kela(rng, person)
    base.mkdir(parents=True, exist_ok=True)
    warehouse = base / "adversarial.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        empty_raw_layer(con, as_of)
        for source, rows in tables.items():
            if source.startswith("kela/"):
                for month in sorted({r["kuukausi"] for r in rows}):
                    insert_rows(
                        con,
                        source,
                        [r for r in rows if r["kuukausi"] == month],
                        extraction_date=month,
                        load_id=f"kela-{month:%Y%m}",
                    )
            else:
                insert_rows(con, source, rows, extraction_date=WINDOW_END)
    finally:
        con.close()
    dbt("build", warehouse, as_of)
    return duckdb.connect(str(warehouse), read_only=True)
