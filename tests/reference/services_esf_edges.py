"""Hand-made boundary persons for the §4–§6 cross-check: the cases a generated area rarely
holds (gaps across a year end, waits on a spell's first and last day, horizons landing on
`as_of`, the AT/YR employment rule's edges, ESF row ordering, age and long-term boundaries,
the 28-day window's last day). Only the reference and the marts are compared on them; the
exact expected values of such cases live in tests/test_models_services.py and _esf.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from tests.support.dbt import dbt
from tests.support.raw import empty_raw_layer, insert_rows, period

AS_OF = dt.date(2022, 6, 15)
D = dt.date
BORN = dt.date(1980, 1, 1)
SELECT = (
    "+service_process +service_gaps_summary +service_spell_waits +service_episodes "
    "+service_outcomes +service_outcomes_summary +esf_indicators"
)


def te(person: str, code: str, start: dt.date, end: dt.date | None) -> dict[str, Any]:
    return {"person_id": person, "palvelu": code, "alkupvm": start, "loppupvm": end}


def kunta(
    person: str,
    code: str,
    start: dt.date,
    end: dt.date | None,
    kunta: str = "297",
    hanke: str | None = "ASKEL",
) -> dict[str, Any]:
    return {
        "person_id": person,
        "palvelu": code,
        "alkupvm": start,
        "loppupvm": end,
        "kunta": kunta,
        "hanke": hanke,
    }


def esf(
    person: str,
    entry: dt.date,
    leaving: dt.date | None,
    project: str = "S21001",
    status: str | None = "TYOTON",
    level: int | None = 3,
    birth: dt.date = BORN,
    sex: str = "female",
    **fields: Any,
) -> dict[str, Any]:
    return {
        "person_id": person,
        "birth_date": birth,
        "sex": sex,
        "hanketunnus": project,
        "aloituspvm": entry,
        "lopetuspvm": leaving,
        "tyomarkkina_asema": status,
        "koulutusaste": level,
        **fields,
    }


PERIODS = [
    # e-wait: spell 2021-03-01..08-31 (te row began before it; kunta row on its last day),
    # spell 2022-01-01..open (censored; kunta row on its first day)
    period("e-wait", "02", D(2021, 3, 1), D(2021, 8, 31)),
    period("e-wait", "02", D(2022, 1, 1), None),
    # e-07-only: an ESF customer whose only episode is a 07 period running past as_of
    period("e-07-only", "07", D(2022, 3, 1), D(2022, 9, 30)),
    # o-at-next: registration ended AT, next period starts on the 3-month day
    period("o-at-next", "02", D(2021, 1, 1), D(2021, 5, 31), "AT"),
    period("o-at-next", "02", D(2021, 9, 1), D(2021, 11, 30), "AT"),
    # o-yr-open: registration ended YR, no later period: employed up to as_of
    period("o-yr-open", "02", D(2021, 1, 1), D(2021, 5, 31), "YR"),
    period("o-08", "08", D(2021, 8, 1), D(2022, 1, 31)),
    period("o-07", "07", D(2021, 8, 1), D(2022, 1, 31)),
    period("o-tulo", "02", D(2021, 1, 1), None),
    # ESF long-term boundaries
    period("f-age25", "02", D(2019, 9, 1), D(2020, 6, 30)),
    period("f-age24", "02", D(2019, 9, 1), D(2020, 6, 30)),
    period("f-lt-12", "02", D(2019, 3, 1), D(2020, 2, 29)),
    period("f-lt-12-late", "02", D(2019, 3, 2), D(2020, 2, 29)),
    period("f-lt-07", "02", D(2018, 1, 1), D(2020, 2, 29)),
    period("f-lt-07", "07", D(2020, 3, 1), D(2020, 9, 30)),
    period("f-window-job", "02", D(2021, 2, 10), D(2021, 5, 31)),
    # f-late-at: a registration ending AT after as_of ends, read at as_of, on as_of: the window
    # days after as_of are not "after the registration" (no employment), the 02 period is
    period("f-late-at", "02", D(2022, 1, 1), D(2022, 6, 30), "AT"),
]

TE_SERVICES = [
    # e-jan1: a 21-day gap whose last day is 2020-12-31, a touching gap across the year end
    te("e-jan1", "VAL", D(2021, 1, 1), D(2021, 12, 31)),
    te("e-wait", "VAL", D(2021, 2, 15), D(2021, 3, 31)),
    # e-nested: a long te episode holds a short kunta one; the next kunta one follows the short
    te("e-nested", "VAL", D(2021, 1, 1), D(2021, 6, 30)),
    # e-after: a row beginning after as_of is ignored
    te("e-after", "TKO", D(2022, 7, 1), None),
    # outcomes
    te("o-end-asof", "VAL", D(2022, 1, 1), AS_OF),
    te("o-end-open", "VAL", D(2022, 1, 1), None),
    te("o-end-later", "VAL", D(2022, 1, 1), D(2022, 7, 31)),
    te("o-6m-asof", "STA", D(2021, 6, 1), D(2021, 12, 15)),
    te("o-clamp", "PTU", D(2021, 3, 1), D(2021, 8, 31)),
    te("o-at-next", "VAL", D(2021, 3, 1), D(2021, 6, 1)),
    te("o-yr-open", "VAL", D(2021, 3, 1), D(2021, 6, 1)),
    te("o-tvk", "TVK", D(2021, 1, 1), D(2021, 3, 31)),
    te("o-tvk", "TVK", D(2021, 5, 1), D(2021, 8, 31)),
    te("o-08", "VAL", D(2021, 2, 1), D(2021, 5, 10)),
    te("o-07", "VAL", D(2021, 2, 1), D(2021, 5, 10)),
    te("o-tulo", "VAL", D(2021, 2, 1), D(2021, 5, 10)),
    te("o-sos", "VAL", D(2021, 2, 1), D(2021, 5, 10)),
]

KUNTA_SERVICES = [
    kunta("e-jan1", "TVA", D(2020, 11, 1), D(2020, 12, 10)),
    kunta("e-jan1", "KTT", D(2022, 1, 1), D(2022, 2, 28)),
    kunta("e-wait", "TVA", D(2021, 8, 31), D(2021, 9, 15)),
    kunta("e-wait", "KTT", D(2022, 1, 1), None),
    kunta("e-nested", "KTT", D(2021, 2, 1), D(2021, 2, 28)),
    kunta("e-nested", "TVA", D(2021, 4, 1), D(2021, 4, 10), kunta="749"),
    kunta("e-lower", "SOS", D(2021, 4, 1), D(2021, 4, 10), hanke=" askel "),
    kunta("e-after", "TVA", D(2022, 1, 1), D(2022, 1, 31)),
    kunta("e-after-only", "TVA", D(2022, 7, 1), D(2022, 7, 31)),
    kunta("e-not-customer", "TVA", D(2021, 1, 1), D(2021, 1, 31), hanke=None),
    kunta("o-tvk", "OSA", D(2021, 4, 1), D(2021, 12, 31), hanke=None),
    kunta("o-sos", "SOS", D(2021, 6, 1), D(2021, 12, 31), hanke=None),
    kunta("o-sos", "TER", D(2021, 1, 1), D(2021, 3, 31), hanke=None),
    kunta("f-window-edu", "OSA", D(2021, 2, 5), D(2021, 3, 31), hanke=None),
]

EMPLOYMENTS = [
    {"person_id": "o-tulo", "ytunnus": "1234567-8", "alkupvm": D(2021, 8, 1), "loppupvm": None},
    {"person_id": "f-window", "alkupvm": D(2021, 2, 28), "loppupvm": D(2021, 6, 30)},
    {"person_id": "f-window-job", "alkupvm": D(2021, 3, 1), "loppupvm": D(2021, 6, 30)},
    {"person_id": "f-due", "alkupvm": D(2022, 6, 1), "loppupvm": None},
    {"person_id": "f-pending", "alkupvm": D(2022, 6, 1), "loppupvm": None},
]

ESF_ROWS = [
    # ordering: same entry, the row with a leaving date first, the open one last -> not left
    esf("f-order", D(2020, 1, 1), None),
    esf("f-order", D(2020, 1, 1), D(2020, 3, 1), tilanne_lopussa="TYOLLINEN"),
    # re-entry: outputs in 2020, results in 2021
    esf("f-reentry", D(2020, 1, 10), D(2020, 12, 31), tilanne_lopussa="TYOLLINEN"),
    esf("f-reentry", D(2021, 2, 1), D(2021, 3, 31), tilanne_lopussa="KOULUTUS"),
    # the last row (by entry) leaves before the first one does
    esf("f-last-short", D(2020, 1, 1), D(2021, 6, 30), status="OPISKELIJA"),
    esf("f-last-short", D(2020, 2, 1), D(2020, 3, 1), status="ULKOPUOLELLA", tutkinto="K"),
    # same entry and leaving: row number decides
    esf("f-rownum", D(2020, 5, 1), D(2020, 6, 1), tilanne_lopussa="TYOLLINEN"),
    esf("f-rownum", D(2020, 5, 1), D(2020, 6, 1), tilanne_lopussa="TYONHAKU", level=5),
    # long-term unemployed at the age and date boundaries
    esf("f-age25", D(2020, 3, 1), None, birth=D(1995, 3, 1)),
    esf("f-age24", D(2020, 3, 1), None, birth=D(1995, 3, 2)),
    esf("f-lt-12", D(2020, 3, 1), None),
    esf("f-lt-12-late", D(2020, 3, 1), None),
    esf("f-lt-07", D(2020, 3, 1), None, sex="male"),
    # ages: 25 reached on 28 February (29 February birthday), 54 vs 55
    esf("f-feb29", D(2021, 2, 28), None, birth=D(1996, 2, 29)),
    esf("f-feb29-b", D(2021, 2, 27), None, birth=D(1996, 2, 29)),
    esf("f-55", D(2020, 2, 28), None, birth=D(1965, 2, 28), status="ULKOPUOLELLA"),
    esf("f-54", D(2020, 2, 27), None, birth=D(1965, 2, 28), status="ULKOPUOLELLA"),
    # incomplete records, no answers
    esf("f-edu9", D(2020, 6, 1), D(2020, 8, 1), level=9),
    esf("f-lms-null", D(2020, 6, 1), None, status=None),
    esf("f-eos", D(2020, 6, 1), None, vahemmisto="EOS", muu_heikko_asema="K", vamma=None),
    # the 28-day window after leaving: its last day counts, the day after does not
    esf("f-window", D(2020, 6, 1), D(2021, 1, 31), tilanne_lopussa="EI_TIEDOSSA"),
    esf("f-window-job", D(2020, 6, 1), D(2021, 1, 31)),
    esf("f-window-edu", D(2020, 6, 1), D(2021, 1, 31), vamma="K"),
    esf("f-late-at", D(2021, 9, 1), D(2022, 6, 10), status="ULKOPUOLELLA"),
    esf(
        "f-inactive", D(2020, 6, 1), D(2021, 1, 31), status="OPISKELIJA", tilanne_lopussa="TYONHAKU"
    ),
    # the six-month day on as_of (due) and the day after (pending)
    esf("f-due", D(2021, 6, 1), D(2021, 12, 15), birth=D(1960, 1, 1), asunnoton="K"),
    esf("f-pending", D(2021, 6, 1), D(2021, 12, 16), asunnoton="K", tutkinto="K"),
    # both projects; leaving after as_of; entry after as_of
    esf("f-both", D(2020, 9, 1), D(2020, 10, 1), project="S21001", sex="male"),
    esf("f-both", D(2020, 9, 15), D(2020, 11, 1), project="S21002", sex="male", maaseutu="K"),
    esf("f-leaves-later", D(2022, 1, 1), D(2022, 7, 1)),
    esf("f-enters-later", D(2022, 7, 1), None),
    # customers of §4 through ESF only
    esf("e-07-only", D(2022, 2, 1), None, project="S21002"),
    esf("e-wait", D(2021, 2, 1), None, project="S21002"),
]


def build_edge_area(base: Path) -> duckdb.DuckDBPyConnection:
    """The persons above in a fresh warehouse, §4–§6 marts built at AS_OF; read-only."""
    path = base / "edges.duckdb"
    con = duckdb.connect(str(path))
    empty_raw_layer(con, AS_OF)
    insert_rows(con, "te/tyonhakijajaksot", PERIODS)
    insert_rows(con, "te/palvelut", TE_SERVICES)
    insert_rows(con, "kunta/palvelut", KUNTA_SERVICES)
    insert_rows(con, "esf/osallistujat", ESF_ROWS)
    insert_rows(con, "tulorekisteri/palvelussuhteet", EMPLOYMENTS)
    con.close()
    dbt("build", path, AS_OF, "--select", SELECT, "--indirect-selection", "cautious")
    return duckdb.connect(str(path), read_only=True)
