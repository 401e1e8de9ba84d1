"""The expectation suites, as data: what each raw table and mart must satisfy.

Code lists of the raw sources are copied from the contract (sources.md), not read from the dbt
seeds, so that the raw checks stay an independent second reading of the spec. Mart column lists
shared with the reports have their one home in `askel/warehouse/marts_schema.py`; the ESF
indicator codes come from the catalogue's one home, the seed `esf_indicator_codes.csv` (read by
`reports.definitions`).
Row rules are SQL predicates over one row of the selected snapshot (alias-free), true when the
row VIOLATES the rule; DuckDB counts them over every row and GX validates the counts
(see `gx_runner`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import duckdb

from askel.warehouse.marts_schema import (
    DATE,
    INTEGER,
    NUMBER,
    TEXT,
)
from askel.warehouse.raw_schema import DATA_TABLES, create_raw_schema
from reports.definitions import CODES

TYOLLKOODI = ("00", "01", "02", "03", "04", "05", "07", "08", "09")
PAATTYMISSYY = ("AT", "YR", "KO", "UL", "MU")
TE_PALVELU = ("TVK", "OMA", "TKO", "VAL", "PTU", "STA")
KUNTA_PALVELU = ("KTT", "TVA", "PTK", "OSA", "SOS", "TER", "PAM", "TKA")
TYOMARKKINA_ASEMA = ("TYOTON", "TYOLLINEN", "OPISKELIJA", "ULKOPUOLELLA")
KOULUTUSASTE = tuple(str(i) for i in range(10))  # 0-8, 9 = unknown
TILANNE_LOPUSSA = ("TYOLLINEN", "YRITTAJA", "KOULUTUS", "TYONHAKU", "ULKOPUOLELLA", "EI_TIEDOSSA")
KE = ("K", "E")
KE_EOS = ("K", "E", "EOS")
SEX = ("male", "female")
KUNTAOSUUS_PCT = ("0", "50", "70")
MUNICIPALITY_REGEX = r"^[0-9]{3}$"
YTUNNUS_REGEX = r"^[0-9]{7}-[0-9]$"

#: first day of the scope of a full snapshot (sources.md: rows going on at or after it)
SCOPE_START = "2019-01-01"


@dataclass(frozen=True)
class CodeRule:
    """A code column: its values must be in `allowed` (or match `regex`); NULL allowed or not.

    `allowed_sql` reads the list from the warehouse (configured project codes)."""

    column: str
    allowed: tuple[str, ...] = ()
    regex: str | None = None
    nullable: bool = True
    allowed_sql: str | None = None


@dataclass(frozen=True)
class RowRule:
    """`violation`: SQL predicate over a row of the selected rows, true when the rule is broken."""

    name: str
    violation: str
    columns: tuple[str, ...]  # shown in examples next to person_id and lineage


@dataclass(frozen=True)
class RawSuite:
    source: str
    codes: tuple[CodeRule, ...]
    codes_blocking: bool
    in_order: tuple[RowRule, ...]  # blocking: a violation breaks the models' arithmetic
    in_range: tuple[RowRule, ...]  # warning: plausible-range rules
    natural_key: tuple[str, ...]
    #: why the code list is (not) blocking, shown in the check's description (and in Finnish)
    codes_why: str = ""
    codes_why_fi: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return DATA_TABLES[self.source][0]


def _period_rules(start: str, end: str) -> tuple[RowRule, ...]:
    return (RowRule("end_before_start", f"{end} < {start}", (start, end)),)


def _period_range_rules(start: str, end: str) -> tuple[RowRule, ...]:
    return (
        RowRule("start_before_birth", f"{start} < birth_date", (start, "birth_date")),
        RowRule("start_after_extraction", f"{start} > extraction_date", (start, "extraction_date")),
        RowRule("ended_before_scope", f"{end} < date '{SCOPE_START}'", (start, end)),
    )


_SEX = CodeRule("sex", SEX, nullable=False)
_BLOCKING_CODES = (
    "codes feed the models' classifications directly (status, service category, "
    "municipality), so an unlisted code would silently move persons between published cells"
)
_BLOCKING_CODES_FI = (
    "koodit ohjaavat mallien luokitteluja suoraan (tila, palveluluokka, kunta), joten "
    "luetteloon kuulumaton koodi siirtäisi henkilöitä huomaamatta julkaistujen solujen välillä"
)

RAW_SUITES: dict[str, RawSuite] = {
    s.source: s
    for s in (
        RawSuite(
            "te/tyonhakijajaksot",
            codes=(
                CodeRule("tyollkoodi", TYOLLKOODI, nullable=False),
                CodeRule("paattymissyy", PAATTYMISSYY),
                CodeRule("kotikunta", regex=MUNICIPALITY_REGEX),
                _SEX,
            ),
            codes_blocking=True,
            codes_why=_BLOCKING_CODES,
            codes_why_fi=_BLOCKING_CODES_FI,
            in_order=_period_rules("alkupvm", "loppupvm"),
            in_range=_period_range_rules("alkupvm", "loppupvm"),
            natural_key=("person_id", "alkupvm", "tyollkoodi"),
        ),
        RawSuite(
            "te/palvelut",
            codes=(
                CodeRule("palvelu", TE_PALVELU, nullable=False),
                CodeRule("keskeytyi", KE),
                _SEX,
            ),
            codes_blocking=True,
            codes_why=_BLOCKING_CODES,
            codes_why_fi=_BLOCKING_CODES_FI,
            in_order=_period_rules("alkupvm", "loppupvm"),
            in_range=_period_range_rules("alkupvm", "loppupvm"),
            natural_key=("person_id", "palvelu", "alkupvm"),
        ),
        RawSuite(
            "kunta/palvelut",
            codes=(
                CodeRule("palvelu", KUNTA_PALVELU, nullable=False),
                CodeRule("kunta", regex=MUNICIPALITY_REGEX),
                _SEX,
            ),
            codes_blocking=True,
            codes_why=_BLOCKING_CODES,
            codes_why_fi=_BLOCKING_CODES_FI,
            in_order=_period_rules("alkupvm", "loppupvm"),
            in_range=(
                *_period_range_rules("alkupvm", "loppupvm"),
                RowRule(
                    "attended_days_out_of_range",
                    "lasnapaivat < 0 or lasnapaivat > "
                    "date_diff('day', alkupvm, coalesce(loppupvm, extraction_date)) + 1",
                    ("alkupvm", "loppupvm", "lasnapaivat"),
                ),
            ),
            natural_key=("person_id", "kunta", "palvelu", "alkupvm"),
        ),
        RawSuite(
            "esf/osallistujat",
            codes=(
                CodeRule(
                    "hanketunnus",
                    nullable=False,
                    allowed_sql="select project_code from raw.config_projects",
                ),
                CodeRule("tyomarkkina_asema", TYOMARKKINA_ASEMA),
                CodeRule("koulutusaste", KOULUTUSASTE),
                *(
                    CodeRule(c, KE_EOS)
                    for c in (
                        "kotitalous_tyoton",
                        "huollettavia_lapsia",
                        "yksinhuoltaja",
                        "vahemmisto",
                        "vamma",
                        "muu_heikko_asema",
                        "asunnoton",
                    )
                ),
                CodeRule("maaseutu", KE),
                CodeRule("tilanne_lopussa", TILANNE_LOPUSSA),
                CodeRule("tutkinto", KE),
                _SEX,
            ),
            codes_blocking=True,
            codes_why="every ESF field is counted straight into a funder indicator",
            codes_why_fi="jokainen ESR-kenttä lasketaan suoraan rahoittajan indikaattoriin",
            in_order=(
                RowRule(
                    "leaving_before_entry",
                    "lopetuspvm < aloituspvm",
                    ("hanketunnus", "aloituspvm", "lopetuspvm"),
                ),
                RowRule(
                    "entry_before_project_start",
                    "aloituspvm < (select min(p.start_date) from raw.config_projects p "
                    "where p.project_code = hanketunnus)",
                    ("hanketunnus", "aloituspvm"),
                ),
            ),
            in_range=(
                RowRule("entry_before_birth", "aloituspvm < birth_date", ("aloituspvm",)),
                RowRule(
                    "entry_after_extraction",
                    "aloituspvm > extraction_date",
                    ("aloituspvm", "extraction_date"),
                ),
                RowRule(
                    "entry_after_project_end",
                    "aloituspvm > (select max(p.end_date) from raw.config_projects p "
                    "where p.project_code = hanketunnus)",
                    ("hanketunnus", "aloituspvm"),
                ),
            ),
            natural_key=("hanketunnus", "person_id", "aloituspvm"),
        ),
        RawSuite(
            "tulorekisteri/palvelussuhteet",
            codes=(
                CodeRule("palkkatuettu", KE),
                CodeRule("ytunnus", regex=YTUNNUS_REGEX),
                _SEX,
            ),
            codes_blocking=False,
            codes_why=(
                "no indicator reads `palkkatuettu` or `ytunnus` (any relationship makes a "
                "person employed), so an odd value cannot change a published number"
            ),
            codes_why_fi=(
                "mikään indikaattori ei lue kenttiä `palkkatuettu` tai `ytunnus` (mikä tahansa "
                "palvelussuhde tekee henkilöstä työllisen), joten poikkeava arvo ei voi muuttaa "
                "julkaistua lukua"
            ),
            in_order=_period_rules("alkupvm", "loppupvm"),
            in_range=_period_range_rules("alkupvm", "loppupvm"),
            natural_key=("person_id", "ytunnus", "alkupvm"),
        ),
        RawSuite(
            "kela/tmt_kuntaosuus",
            codes=(
                CodeRule("kuntaosuus_pct", KUNTAOSUUS_PCT, nullable=False),
                CodeRule("kunta", regex=MUNICIPALITY_REGEX, nullable=False),
                _SEX,
            ),
            codes_blocking=False,
            codes_why=(
                "Kela is optional and feeds only the report's municipal-cost section (never the "
                "funder export); an odd share or municipality is shown here as a warning rather "
                "than holding back every other published number"
            ),
            codes_why_fi=(
                "Kelan aineisto on valinnainen ja päätyy vain raportin kuntaosuusosioon (ei "
                "koskaan rahoittajan vientiin); poikkeava osuus tai kunta näytetään varoituksena "
                "sen sijaan, että se pidättäisi kaikki muut julkaistavat luvut"
            ),
            in_order=(
                RowRule(
                    "month_not_first_day",
                    "kuukausi <> date_trunc('month', kuukausi)",
                    ("kuukausi",),
                ),
                # a monthly file holds its own billing month only: another month's row would
                # be counted twice (once from its own file)
                RowRule(
                    "month_differs_from_file",
                    "date_trunc('month', kuukausi) <> date_trunc('month', extraction_date)",
                    ("kuukausi", "extraction_date"),
                ),
            ),
            in_range=(
                RowRule(
                    "paid_days_out_of_range",
                    "maksetut_paivat < 0 or maksetut_paivat > 31",
                    ("kuukausi", "maksetut_paivat"),
                ),
                RowRule(
                    "negative_cumulative_days",
                    "kertyneet_paivat < 0",
                    ("kuukausi", "kertyneet_paivat"),
                ),
                RowRule("negative_euros", "kuntaosuus_eur < 0", ("kuukausi", "kuntaosuus_eur")),
            ),
            natural_key=("person_id", "kunta", "kuukausi"),
        ),
    )
}


@cache
def expected_raw_types() -> dict[str, dict[str, str]]:
    """table -> column -> DuckDB type, from the raw DDL itself (raw_schema.py is the contract)."""
    con = duckdb.connect()
    try:
        create_raw_schema(con)
        rows = con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' order by table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        out.setdefault(table, {})[column] = data_type
    return out


# -- marts ----------------------------------------------------------------------------------

#: interface.md: TOTAL, CO01 ... CO19 as defined in indicators.md, CR01 ... CR09, companions;
#: from the indicator catalogue's one home (the seed, via reports.definitions)
ESF_INDICATOR_CODES = CODES


def type_family(duckdb_type: str) -> str:
    """The family of a DuckDB type name (information_schema.columns.data_type)."""
    t = duckdb_type.upper()
    if t in {
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "UHUGEINT",
    }:
        return INTEGER
    if t.startswith("DECIMAL") or t in {"DOUBLE", "FLOAT", "REAL"}:
        return NUMBER
    if t == "VARCHAR" or t.startswith("VARCHAR("):
        return TEXT
    if t == "DATE":
        return DATE
    return t.lower()


def family_matches(expected: str, actual: str) -> bool:
    """An integer column satisfies a `number` expectation too (a rate could be integral)."""
    return actual == expected or (expected == NUMBER and actual == INTEGER)
