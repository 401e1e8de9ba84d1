"""Short definitions of the ESF indicators (indicators.md §6), for the export's metadata sheet
and the report: code -> (English definition, Finnish short name)."""

from __future__ import annotations

INDICATORS: dict[str, tuple[str, str]] = {
    "TOTAL": ("Every participant, complete record or not.", "Osallistujat yhteensä"),
    "CO01": ("Unemployed at entry (TYOTON), incl. long-term unemployed.", "Työttömät"),
    "CO02": (
        "Long-term unemployed at entry: unemployment spell covering the day before entry that "
        "began 12 months (under 25: 6 months) or more before entry.",
        "Pitkäaikaistyöttömät",
    ),
    "CO03": ("Inactive at entry (OPISKELIJA or ULKOPUOLELLA).", "Työvoiman ulkopuolella olevat"),
    "CO04": (
        "Inactive, not in education or training (ULKOPUOLELLA).",
        "Ulkopuolella, ei koulutuksessa",
    ),
    "CO05": ("Employed at entry, incl. self-employed (TYOLLINEN).", "Työlliset"),
    "CO06": ("Below 25 years of age at entry.", "Alle 25-vuotiaat"),
    "CO07": ("Above 54 years of age at entry.", "Yli 54-vuotiaat"),
    "CO08": (
        "Above 54 years of age and unemployed or inactive not in education (TYOTON or "
        "ULKOPUOLELLA).",
        "Yli 54-v. työttömät tai ulkopuolella",
    ),
    "CO09": ("ISCED 0–2 (koulutusaste 0, 1 or 2).", "ISCED 0–2"),
    "CO10": ("ISCED 3–4 (koulutusaste 3 or 4).", "ISCED 3–4"),
    "CO11": ("ISCED 5–8 (koulutusaste 5–8).", "ISCED 5–8"),
    "CO15": (
        "Migrants, foreign background, minorities (vahemmisto = K).",
        "Maahanmuuttajat, vähemmistöt",
    ),
    "CO16": ("Participants with disabilities (vamma = K).", "Vammaiset osallistujat"),
    "CO17": ("Other disadvantaged (muu_heikko_asema = K).", "Muut heikommassa asemassa"),
    "CO18": ("Homeless or affected by housing exclusion (asunnoton = K).", "Asunnottomat"),
    "CO19": ("From rural areas (maaseutu = K).", "Maaseudulta"),
    "CR01": ("Inactive at entry and job searching upon leaving.", "Työnhakijaksi poistuessa"),
    "CR02": ("In education or training upon leaving.", "Koulutukseen poistuessa"),
    "CR03": ("Gaining a qualification upon leaving (tutkinto = K).", "Tutkinnon suorittaneet"),
    "CR04": ("In employment, incl. self-employment, upon leaving.", "Työllistyneet poistuessa"),
    "CR05": (
        "Disadvantaged (CO15–CO18) and counted in CR01, CR02, CR03 or CR04.",
        "Heikommassa asemassa, tulos poistuessa",
    ),
    "CR06": ("Employed on the day six months after leaving.", "Työllisenä 6 kk poistumisesta"),
    "CR07": (
        "Improved labour market situation six months after leaving: not available (no job "
        "quality data in the sources).",
        "Parantunut työmarkkina-asema (ei saatavilla)",
    ),
    "CR08": ("Above 54 at entry and counted in CR06.", "Yli 54-v., työllisenä 6 kk"),
    "CR09": ("Disadvantaged and counted in CR06.", "Heikommassa asemassa, työllisenä 6 kk"),
    "NA_CO15": (
        "Complete participants with no answer (EOS or empty) to vahemmisto.",
        "Ei vastausta (CO15)",
    ),
    "NA_CO16": (
        "Complete participants with no answer (EOS or empty) to vamma.",
        "Ei vastausta (CO16)",
    ),
    "NA_CO17": (
        "Complete participants with no answer (EOS or empty) to muu_heikko_asema.",
        "Ei vastausta (CO17)",
    ),
    "PENDING_CR06": (
        "Complete participants who have left and whose day six months after leaving is after "
        "as_of (not yet countable in CR06, CR08, CR09).",
        "Odottaa 6 kk tulosta",
    ),
}


def definition(code: str) -> str:
    return INDICATORS.get(code, ("", ""))[0]


def finnish_name(code: str, fallback: str) -> str:
    return INDICATORS.get(code, ("", fallback))[1] or fallback
