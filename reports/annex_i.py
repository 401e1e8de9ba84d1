"""The funder's table of Regulation (EU) No 1304/2013, Annex I: its row order, and the common
indicators of the Annex that askel does not report, each with the reason.

indicators.md §6 follows Annex I as amended by Regulation (EU, Euratom) 2018/1046 and defines
TOTAL, CO01–CO11, CO15–CO19 and CR01–CR09 (CR07 exported as not available). The funder's own
tables list every common indicator, so the workbook lists the others too, empty, with the
reason in the note, instead of leaving them silently out. The CSV and JSON keep exactly the rows
interface.md fixes; these rows appear only in the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotReported:
    code: str
    name: str  # the Annex's English wording
    name_fi: str
    reason: tuple[str, str]  # (Finnish, English)


_HOUSEHOLD_REASON = (
    "Poistettu liitteestä I asetuksella (EU, Euratom) 2018/1046; indicators.md ei määrittele "
    "sitä. Lomakkeen kotitaloustiedot luetaan ja tarkistetaan, mutta niitä ei lasketa.",
    "Deleted from Annex I by Regulation (EU, Euratom) 2018/1046; indicators.md does not define "
    "it. The form's household fields are read and checked but not counted.",
)
_ENTITY_REASON = (
    "Yhteisöindikaattori (hankkeita tai yrityksiä, ei osallistujia): lähdeaineistot eivät "
    "sisällä tietoa yhteisöistä; hanke raportoi sen itse.",
    "Indicator for entities (projects or enterprises, not participants): the sources hold no "
    "data on entities; the project reports it itself.",
)

NOT_REPORTED: tuple[NotReported, ...] = (
    NotReported(
        "CO12",
        "Participants who live in jobless households",
        "Työttömissä kotitalouksissa asuvat osallistujat",
        _HOUSEHOLD_REASON,
    ),
    NotReported(
        "CO13",
        "Participants who live in jobless households with dependent children",
        "Työttömissä lapsiperhekotitalouksissa asuvat osallistujat",
        _HOUSEHOLD_REASON,
    ),
    NotReported(
        "CO14",
        "Participants who live in a single adult household with dependent children",
        "Yksinhuoltajakotitalouksissa asuvat osallistujat",
        _HOUSEHOLD_REASON,
    ),
    NotReported(
        "CO20",
        "Number of projects fully or partially implemented by social partners or "
        "non-governmental organisations",
        "Työmarkkinaosapuolten tai kansalaisjärjestöjen kokonaan tai osittain toteuttamat hankkeet",
        _ENTITY_REASON,
    ),
    NotReported(
        "CO21",
        "Number of projects dedicated at sustainable participation and progress of women in "
        "employment",
        "Naisten kestävään työelämään osallistumiseen ja etenemiseen keskittyvät hankkeet",
        _ENTITY_REASON,
    ),
    NotReported(
        "CO22",
        "Number of projects targeting public administrations or public services at national, "
        "regional or local level",
        "Kansalliseen, alueelliseen tai paikalliseen julkishallintoon tai julkisiin palveluihin "
        "kohdistuvat hankkeet",
        _ENTITY_REASON,
    ),
    NotReported(
        "CO23",
        "Number of supported micro, small and medium-sized enterprises (including cooperative "
        "enterprises, enterprises of the social economy)",
        "Tuetut mikro-, pienet ja keskisuuret yritykset (myös osuuskunnat ja "
        "yhteiskunnalliset yritykset)",
        _ENTITY_REASON,
    ),
)
NOT_REPORTED_BY_CODE: dict[str, NotReported] = {n.code: n for n in NOT_REPORTED}

#: the funder's row order: the grand total, outputs for participants (CO01–CO19), outputs for
#: entities (CO20–CO23), results (CR01–CR09), then askel's companion rows
TABLE_ORDER: tuple[str, ...] = (
    "TOTAL",
    *(f"CO{i:02d}" for i in range(1, 24)),
    *(f"CR{i:02d}" for i in range(1, 10)),
    "NA_CO15",
    "NA_CO16",
    "NA_CO17",
    "PENDING_CR06",
)


def table_position(code: str) -> tuple[int, str]:
    """Sort key of an indicator code in the funder's table (unknown codes last, by code)."""
    try:
        return (TABLE_ORDER.index(code), code)
    except ValueError:
        return (len(TABLE_ORDER), code)
