"""The columns of every extract (sources.md), as data: what the readers and row rules check.

`kind` says how a column's text becomes its raw-layer value:

- `hetu`: the identity code (validated, pseudonymised, dropped)
- `text`: stripped text (`upper=True` also upper-cases it)
- `code`: stripped, upper-cased, checked against `codes` (`pad` left-pads digits with zeros)
- `municipality`: 1-3 digits, left-padded to 3
- `date`: `D.M.YYYY` (workbooks also Excel date cells); `month`: `YYYY-MM`
- `integer`, `decimal` (comma as decimal separator)
"""

from __future__ import annotations

from dataclasses import dataclass

TYOLLKOODI = frozenset({"00", "01", "02", "03", "04", "05", "07", "08", "09"})
PAATTYMISSYY = frozenset({"AT", "YR", "KO", "UL", "MU"})
TE_PALVELU = frozenset({"TVK", "OMA", "TKO", "VAL", "PTU", "STA"})
KUNTA_PALVELU = frozenset({"KTT", "TVA", "PTK", "OSA", "SOS", "TER", "PAM", "TKA"})
TYOMARKKINA_ASEMA = frozenset({"TYOTON", "TYOLLINEN", "OPISKELIJA", "ULKOPUOLELLA"})
TILANNE_LOPUSSA = frozenset(
    {"TYOLLINEN", "YRITTAJA", "KOULUTUS", "TYONHAKU", "ULKOPUOLELLA", "EI_TIEDOSSA"}
)
KOULUTUSASTE = frozenset(str(i) for i in range(10))
K_E = frozenset({"K", "E"})
K_E_EOS = frozenset({"K", "E", "EOS"})


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    #: the column must be in the header (else the file is rejected)
    required: bool = True
    #: the value must not be empty (dates: `bad_date`; codes: `unknown_code`)
    not_null: bool = False
    codes: frozenset[str] | None = None
    pad: int = 0
    upper: bool = False


@dataclass(frozen=True)
class SourceSpec:
    source: str
    columns: tuple[Column, ...]
    #: (start, end) date columns for `end_before_start`
    period: tuple[str, str] | None
    #: what an unknown code does: quarantine the row (te, kunta) or empty the field (esf)
    unknown_code_quarantines: bool = True
    #: municipality codes that are not 1-3 digits are an `unknown_code` (te, kunta)
    municipality_checked: bool = True
    #: the file format
    container: str = "csv"  # "csv" | "xlsx"
    encoding: str = "utf-8"  # "utf-8" (BOM allowed) | "cp1252"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


HETU = Column("hetu", "hetu")

SPECS: dict[str, SourceSpec] = {
    "te/tyonhakijajaksot": SourceSpec(
        "te/tyonhakijajaksot",
        (
            HETU,
            Column("kotikunta", "municipality"),
            Column("tyollkoodi", "code", not_null=True, codes=TYOLLKOODI, pad=2),
            Column("alkupvm", "date", not_null=True),
            Column("loppupvm", "date"),
            Column("paattymissyy", "code", codes=PAATTYMISSYY),
        ),
        period=("alkupvm", "loppupvm"),
    ),
    "te/palvelut": SourceSpec(
        "te/palvelut",
        (
            HETU,
            Column("palvelu", "code", not_null=True, codes=TE_PALVELU),
            Column("alkupvm", "date", not_null=True),
            Column("loppupvm", "date"),
            Column("keskeytyi", "text", required=False, upper=True),
        ),
        period=("alkupvm", "loppupvm"),
    ),
    "kunta/palvelut": SourceSpec(
        "kunta/palvelut",
        (
            Column("asiakasnro", "text", required=False),
            HETU,
            Column("kunta", "municipality"),
            Column("palvelu", "code", not_null=True, codes=KUNTA_PALVELU),
            Column("alkupvm", "date", not_null=True),
            Column("loppupvm", "date"),
            Column("lasnapaivat", "integer", required=False),
            Column("hanke", "text", upper=True),
        ),
        period=("alkupvm", "loppupvm"),
        encoding="cp1252",
    ),
    "esf/osallistujat": SourceSpec(
        "esf/osallistujat",
        (
            Column("hanketunnus", "text", upper=True),
            HETU,
            Column("aloituspvm", "date", not_null=True),
            Column("lopetuspvm", "date"),
            Column("tyomarkkina_asema", "code", codes=TYOMARKKINA_ASEMA),
            Column("koulutusaste", "code", codes=KOULUTUSASTE),
            *(
                Column(name, "code", required=False, codes=K_E_EOS)
                for name in (
                    "kotitalous_tyoton",
                    "huollettavia_lapsia",
                    "yksinhuoltaja",
                    "vahemmisto",
                    "vamma",
                    "muu_heikko_asema",
                    "asunnoton",
                )
            ),
            Column("maaseutu", "code", required=False, codes=K_E),
            Column("tilanne_lopussa", "code", codes=TILANNE_LOPUSSA),
            Column("tutkinto", "code", codes=K_E),
        ),
        period=("aloituspvm", "lopetuspvm"),
        unknown_code_quarantines=False,
        municipality_checked=False,
        container="xlsx",
    ),
    "tulorekisteri/palvelussuhteet": SourceSpec(
        "tulorekisteri/palvelussuhteet",
        (
            HETU,
            Column("ytunnus", "text", upper=True),
            Column("alkupvm", "date", not_null=True),
            Column("loppupvm", "date"),
            Column("palkkatuettu", "text", required=False, upper=True),
        ),
        period=("alkupvm", "loppupvm"),
        municipality_checked=False,
    ),
    "kela/tmt_kuntaosuus": SourceSpec(
        "kela/tmt_kuntaosuus",
        (
            HETU,
            Column("kunta", "municipality"),
            Column("kuukausi", "month", not_null=True),
            Column("maksetut_paivat", "integer"),
            Column("kertyneet_paivat", "integer"),
            Column("kuntaosuus_pct", "integer"),
            Column("kuntaosuus_eur", "decimal"),
        ),
        period=None,
        municipality_checked=False,
    ),
}

SOURCES: tuple[str, ...] = tuple(SPECS)
