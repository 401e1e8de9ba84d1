"""Every data-quality check of the run: name, asset, severity and the reason for it.

Severity rule: **blocking** when a violation means a number the run publishes (funder export,
managers' report) would be wrong or could not be trusted; **warning** when the published
figures stay correct by their definitions but the input looks suspicious and deserves a look.
The reason is recorded next to each check (`why`) and shown in the quality report.

Each check also has a short `title` (Finnish, English) and its description and reason in
Finnish (`description_fi`, `why_fi`), which the quality report shows in the run's language
(quality/check_text.py); `PIPELINE_CHECK_TEXTS` holds the same for the checks defined in
`pipelines/checks/` (the ledger reconciliations).

Checks are grouped into `step`s: one Dagster multi-asset check per step, so the checks of one
table share one connection and one scan. Raw-layer checks are attached to
`raw/snapshot_selection`: they read the rows of the selected snapshots, which exist only once
the run context is written, and a blocking check on `raw/<table>` itself could not wait for
that (the run context is downstream of every raw table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from askel.warehouse.raw_schema import REQUIRED_SOURCES
from quality import effects_checks, forecast_checks, mart_checks, raw_checks, reconciliations
from quality.outcome import CheckOutcome, Severity
from quality.suites import RAW_SUITES

Evaluate = Callable[[duckdb.DuckDBPyConnection, dict], CheckOutcome]

SELECTION = ("raw", "snapshot_selection")
FLOWS = ("marts", "monthly_flows")
ESF = ("marts", "esf_indicators")
FORECAST_ACCURACY = ("marts", "structural_forecast_accuracy")
SERVICE_EFFECTS = ("marts", "service_effects")


#: (Finnish, English)
Text = tuple[str, str]


@dataclass(frozen=True)
class QualityCheck:
    name: str
    asset: tuple[str, ...]
    severity: Severity
    description: str
    why: str
    step: str
    evaluate: Evaluate
    title: Text = ("", "")
    description_fi: str = ""
    why_fi: str = ""


def _raw(source: str, fn: Callable[..., CheckOutcome]) -> Evaluate:
    return lambda con, cache: fn(con, source, cache)


def _plain(fn: Callable[[duckdb.DuckDBPyConnection], CheckOutcome]) -> Evaluate:
    return lambda con, cache: fn(con)


WHY_INGEST_FAULT = (
    "ingestion quarantines such rows, so one found here means the raw layer is not what the "
    "contract says and every figure built on it is in doubt"
)
WHY_INGEST_FAULT_FI = (
    "sisäänluku asettaa tällaiset rivit karanteeniin, joten täältä löytyvä rivi tarkoittaa, "
    "ettei raakakerros ole sopimuksen mukainen, ja jokainen sen varaan rakennettu luku on "
    "kyseenalainen"
)


def _raw_checks() -> list[QualityCheck]:
    out: list[QualityCheck] = []
    for source, suite in RAW_SUITES.items():
        t = suite.table
        step = f"quality_{t}"

        def add(
            group: str,
            severity: Severity,
            description: Text,
            why: Text,
            fn: Callable[..., CheckOutcome],
            title: Text,
            t: str = t,
            source: str = source,
            step: str = step,
        ) -> None:
            out.append(
                QualityCheck(
                    f"{t}_{group}",
                    SELECTION,
                    severity,
                    f"{source}: {description[1]}",
                    why[1],
                    step,
                    _raw(source, fn),
                    title=(f"{source}: {title[0]}", f"{source}: {title[1]}"),
                    description_fi=f"{source}: {description[0]}",
                    why_fi=why[0],
                )
            )

        add(
            "columns_and_types",
            "blocking",
            (
                "jokainen raakakerroksen sopimuksen sarake on mukana oikean tyyppisenä.",
                "every column of the raw contract is present with its type.",
            ),
            (
                "mallit lukevat nämä sarakkeet nimen ja tyypin perusteella; puuttuva tai eri "
                "tyyppinen sarake muuttaa sitä, mitä ne laskevat",
                "the models read these columns by name and type; a missing or retyped column "
                "changes what they compute",
            ),
            raw_checks.evaluate_columns_and_types,
            ("sarakkeet ja tyypit", "columns and types"),
        )
        add(
            "codes_in_lists",
            "blocking" if suite.codes_blocking else "warning",
            (
                "koodisarakkeissa on vain sources.md:n koodeja (kuntakoodit 3-numeroisia), eikä "
                "pakollinen koodi ole koskaan tyhjä.",
                "code columns hold only the codes of sources.md (municipality codes 3 digits), "
                "required codes are never empty.",
            ),
            (suite.codes_why_fi, suite.codes_why),
            raw_checks.evaluate_codes,
            ("koodit sallituista luetteloista", "codes from their lists"),
        )
        esf, kela = t == "esf_osallistujat", t.startswith("kela")
        add(
            "dates_in_order",
            "blocking",
            (
                "mikään jakso ei pääty ennen alkuaan"
                + (
                    " eikä yksikään aloitus ole ennen hankkeen alkua."
                    if esf
                    else " (Kela: jokaisen rivin kuukausi on tiedoston laskutuskuukausi)."
                    if kela
                    else "."
                ),
                "no period ends before it starts"
                + (
                    " and no entry precedes its project's start."
                    if esf
                    else " (Kela: each row's month is its file's billing month)."
                    if kela
                    else "."
                ),
            ),
            (WHY_INGEST_FAULT_FI, WHY_INGEST_FAULT),
            raw_checks.evaluate_dates_in_order,
            ("päivämäärät järjestyksessä", "dates in order"),
        )
        add(
            "dates_in_range",
            "warning",
            (
                "päivämäärät ja määrät ovat uskottavia (syntymän jälkeen, ei poiminnan jälkeen, "
                "tilannekuvan rajauksen sisällä).",
                "dates and amounts are plausible (after birth, not after the extraction, inside "
                "the snapshot's scope).",
            ),
            (
                "mallit rajaavat ajan as_of-päivään ja jättävät sen ulkopuolisen huomiotta, joten "
                "luvut pysyvät määritelmien mukaisina; oudot arvot viittaavat kirjaus- tai "
                "poimintavirheeseen",
                "the models cut time at as_of and ignore what lies outside, so the figures stay "
                "as defined; odd values hint at a data-entry or extraction problem",
            ),
            raw_checks.evaluate_dates_in_range,
            ("uskottavat päivämäärät ja määrät", "plausible dates and amounts"),
        )
        add(
            "rows_unique",
            "blocking",
            (
                "jokainen lähderivi on varastossa kerran ((load_id, row_number) yksilöllinen).",
                "each source row is in the warehouse once ((load_id, row_number) unique).",
            ),
            (
                "kahdesti ladattu rivi lasketaan kahdesti jokaiseen lukuun",
                "a row loaded twice is counted twice in every figure",
            ),
            raw_checks.evaluate_rows_unique,
            ("jokainen rivi kerran", "each row once"),
        )
        key = ", ".join(suite.natural_key)
        add(
            "natural_key_unique",
            "warning",
            (
                f"luonnollinen avain ({key}) on yksilöllinen.",
                f"the natural key ({key}) is unique.",
            ),
            (
                "lähes samat rivit ovat sopimuksen mukaan sallittuja (päällekkäisyydet "
                "säilytetään, määritelmät yhdistävät ne), joten ne eivät muuta lukuja, mutta "
                "suuri määrä viittaa virheelliseen poimintaan",
                "near-duplicates are legal by contract (overlaps are kept, the definitions merge "
                "them), so they do not change the figures, but many of them suggest a faulty "
                "extract",
            ),
            raw_checks.evaluate_natural_key,
            ("luonnollinen avain yksilöllinen", "natural key unique"),
        )
        add(
            "row_count_band",
            "warning",
            (
                "tilannekuvassa on vähintään 70 % edellisen ladatun tilannekuvan riveistä "
                "(Kela: edellisen laskutuskuukauden).",
                "the snapshot holds at least 70 % of the rows of the previous loaded snapshot "
                "(Kela: of the previous billing month).",
            ),
            (
                "pienempi poiminta voi olla todellinen (henkilöitä poistuu rajauksesta); "
                "ihmisen on arvioitava se",
                "a smaller extract may be real (persons leave the scope); a person must judge it",
            ),
            raw_checks.evaluate_row_count_band,
            ("rivimäärä edelliseen verrattuna", "row count against the previous"),
        )
        if source in REQUIRED_SOURCES:
            add(
                "snapshot_not_shrunk",
                "blocking",
                (
                    "käytössä olevassa tilannekuvassa on rivejä, ja vähintään puolet edellisen "
                    "tilannekuvan rivimäärästä.",
                    "the snapshot in use holds rows, and at least half as many as the snapshot "
                    "before it.",
                ),
                (
                    "pakollinen rekisteri, joka menetti kuukaudessa yli puolet riveistään (tai "
                    "kaikki), on rikkinäinen poiminta eikä muutos alueella: jokainen sen "
                    "varaan rakennettu luku putoaisi sen mukana",
                    "a required register that lost more than half of its rows in a month (or "
                    "all of them) is a broken extract, not a change in the area: every figure "
                    "built on it would fall with it",
                ),
                raw_checks.evaluate_snapshot_not_shrunk,
                ("tilannekuva ei ole kutistunut", "snapshot has not shrunk"),
            )
        add(
            "identity_code_validity",
            "warning",
            (
                "enintään 1 %:lla kunkin tiedoston riveistä on virheellinen henkilötunnus.",
                "at most 1 % of each file's rows have an invalid identity code.",
            ),
            (
                "nämä rivit asetetaan karanteeniin ja luetellaan findings.csv:ssä, joten luvut "
                "ovat oikein hyväksytyille riveille; suuri osuus viittaa väärään tai "
                "vioittuneeseen poimintaan",
                "those rows are quarantined and listed in findings.csv, so the figures are right "
                "for the rows that passed; a high share points at a wrong or mangled extract",
            ),
            raw_checks.evaluate_identity_code_validity,
            ("henkilötunnusten kelpoisuus", "identity code validity"),
        )
    out.append(
        QualityCheck(
            "esf_osallistujat_complete_records",
            SELECTION,
            "warning",
            "esf/osallistujat: at least 80 % of each project's participants have a complete "
            "record (sex, age, labour-market status, education 0-8).",
            "incomplete participants are counted as the regulation says (in TOTAL only), so "
            "the export is right, but the funder expects complete records",
            "quality_esf_osallistujat",
            _raw("esf/osallistujat", raw_checks.evaluate_esf_complete_records),
            title=("esf/osallistujat: täydelliset tiedot", "esf/osallistujat: complete records"),
            description_fi="esf/osallistujat: vähintään 80 %:lla kunkin hankkeen osallistujista "
            "on täydelliset tiedot (sukupuoli, ikä, työmarkkina-asema, koulutus 0–8).",
            why_fi="puutteelliset osallistujat lasketaan asetuksen mukaisesti (vain TOTAL-"
            "riville), joten vienti on oikein, mutta rahoittaja odottaa täydellisiä tietoja",
        )
    )
    return out


def _cross_checks() -> list[QualityCheck]:
    step = "quality_cross_source"
    return [
        QualityCheck(
            "esf_unemployed_not_in_register",
            SELECTION,
            "warning",
            "At most 5 % of the ESF participants recorded unemployed at entry are missing "
            "from the jobseeker register.",
            "both sources are taken as they are (CO01 reads the form, CO02 the register); a "
            "high share suggests a mismatch of persons or an incomplete register extract",
            step,
            _plain(reconciliations.evaluate_esf_unemployed_not_in_register),
            title=(
                "ESR:n työttömät löytyvät työnhakijarekisteristä",
                "ESF unemployed are in the jobseeker register",
            ),
            description_fi="Enintään 5 % aloittaessaan työttömiksi kirjatuista ESR-"
            "osallistujista puuttuu työnhakijarekisteristä.",
            why_fi="molemmat lähteet otetaan sellaisinaan (CO01 lukee lomaketta, CO02 "
            "rekisteriä); suuri osuus viittaa henkilöiden yhteensopimattomuuteen tai "
            "puutteelliseen rekisteripoimintaan",
        ),
        QualityCheck(
            "services_before_first_registration",
            SELECTION,
            "warning",
            "No employment-administration service starts before the person's first "
            "jobseeker period (municipal services counted for information).",
            "the figures follow the rows as given; such rows suggest a register history that "
            "starts too late (e.g. a period before 2019 missing from the snapshot)",
            step,
            _plain(reconciliations.evaluate_services_before_registration),
            title=(
                "Palvelut alkavat työnhakijajakson jälkeen",
                "Services start after a jobseeker period",
            ),
            description_fi="Yksikään työhallinnon palvelu ei ala ennen henkilön ensimmäistä "
            "työnhakijajaksoa (kunnan palvelut lasketaan tiedoksi).",
            why_fi="luvut noudattavat rivejä sellaisinaan; tällaiset rivit viittaavat liian "
            "myöhään alkavaan rekisterihistoriaan (esim. ennen vuotta 2019 alkanut jakso puuttuu "
            "tilannekuvasta)",
        ),
    ]


def _mart_checks() -> list[QualityCheck]:
    flows, esf = "quality_monthly_flows", "quality_esf_indicators"
    published = "these are the published figures themselves"
    published_fi = "nämä ovat itse julkaistavat luvut"
    return [
        QualityCheck(
            "monthly_flows_columns_and_types",
            FLOWS,
            "blocking",
            "marts.monthly_flows has the columns of indicators.md §2 with integral counts.",
            published,
            flows,
            _plain(mart_checks.evaluate_monthly_flows_columns),
            title=("monthly_flows: sarakkeet ja tyypit", "monthly_flows: columns and types"),
            description_fi=(
                "marts.monthly_flows sisältää indicators.md:n §2:n sarakkeet, laskurit "
                "kokonaislukuina."
            ),
            why_fi=published_fi,
        ),
        QualityCheck(
            "monthly_flows_grid_complete",
            FLOWS,
            "blocking",
            "One row per month and area (each municipality and ALL), every month from the "
            "first month of data to the month of as_of; reference day = month end (as_of in "
            "its month).",
            "a missing or doubled month x area row is a missing or doubled published figure",
            flows,
            _plain(mart_checks.evaluate_monthly_flows_grid),
            title=(
                "monthly_flows: jokainen kuukausi ja alue",
                "monthly_flows: every month and area",
            ),
            description_fi=(
                "Yksi rivi kuukautta ja aluetta kohden (jokainen kunta ja ALL), jokainen kuukausi "
                "ensimmäisestä datakuukaudesta as_of-päivän kuukauteen; viitepäivä = kuukauden "
                "loppu (as_of omassa kuukaudessaan)."
            ),
            why_fi=(
                "puuttuva tai kahdentunut kuukausi × alue -rivi on puuttuva tai kahdentunut "
                "julkaistu luku"
            ),
        ),
        QualityCheck(
            "monthly_flows_stock_flow_identity",
            FLOWS,
            "blocking",
            "unemployed_end(m) = unemployed_end(m-1) + inflow(m) - outflow(m) for every "
            "municipality and ALL; the first month's previous stock is 0.",
            "indicators.md §2 makes this identity a blocking data check",
            flows,
            _plain(mart_checks.evaluate_stock_flow_identity),
            title=(
                "monthly_flows: varanto = edellinen + tulovirta − poistuma",
                "monthly_flows: stock = previous + inflow − outflow",
            ),
            description_fi=(
                "unemployed_end(m) = unemployed_end(m−1) + inflow(m) − outflow(m) jokaiselle "
                "kunnalle ja ALL-riville; ensimmäisen kuukauden edellinen varanto on 0."
            ),
            why_fi=("indicators.md §2 tekee tästä yhtälöstä estävän tarkistuksen"),
        ),
        QualityCheck(
            "monthly_flows_outflow_split",
            FLOWS,
            "blocking",
            "outflow_employment + _services + _education + _outside_labour_force + _other = "
            "outflow on every row.",
            "the split is published next to the outflow and must add up to it (indicators.md §2)",
            flows,
            _plain(mart_checks.evaluate_outflow_split),
            title=(
                "monthly_flows: poistuman jakauma summautuu",
                "monthly_flows: outflow split adds up",
            ),
            description_fi=(
                "outflow_employment + _services + _education + _outside_labour_force + _other = "
                "outflow jokaisella rivillä."
            ),
            why_fi=(
                "jakauma julkaistaan poistuman rinnalla, ja sen on summauduttava siihen "
                "(indicators.md §2)"
            ),
        ),
        QualityCheck(
            "monthly_flows_values_consistent",
            FLOWS,
            "blocking",
            "No negative count; structural parts within the unemployed; activation rate as "
            "defined; no municipality above ALL.",
            published,
            flows,
            _plain(mart_checks.evaluate_monthly_flows_values),
            title=("monthly_flows: arvot johdonmukaisia", "monthly_flows: values consistent"),
            description_fi=(
                "Ei negatiivisia lukuja; rakenneosat työttömien sisällä; aktivointiaste "
                "määritelmän mukainen; mikään kunta ei ylitä koko aluetta (ALL)."
            ),
            why_fi=published_fi,
        ),
        QualityCheck(
            "esf_indicators_columns_and_types",
            ESF,
            "blocking",
            "marts.esf_indicators has exactly the columns of export/esf_indicators.csv.",
            "the funder export is written from this table as it is",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_columns),
            title=("esf_indicators: viennin sarakkeet", "esf_indicators: the export's columns"),
            description_fi=(
                "marts.esf_indicators sisältää täsmälleen export/esf_indicators.csv:n sarakkeet."
            ),
            why_fi=("rahoittajan vienti kirjoitetaan tästä taulusta sellaisenaan"),
        ),
        QualityCheck(
            "esf_indicators_rows_complete",
            ESF,
            "blocking",
            "One row per configured project x indicator x period (each year from the "
            "project's start to as_of, and cumulative); known status; CR07 not available.",
            "the funder expects every indicator for every period (interface.md)",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_rows),
            title=("esf_indicators: jokainen rivi mukana", "esf_indicators: every row present"),
            description_fi=(
                "Yksi rivi hanketta × indikaattoria × kautta kohden (jokainen vuosi hankkeen "
                "alusta as_of-päivään sekä kertymä); tunnettu tila; CR07 ei saatavilla."
            ),
            why_fi=("rahoittaja odottaa jokaista indikaattoria jokaiselta kaudelta (interface.md)"),
        ),
        QualityCheck(
            "esf_indicators_totals_add_up",
            ESF,
            "blocking",
            "total = men + women; cumulative = sum of the years; not_available rows empty.",
            "a total that does not add up would reach the funder",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_totals),
            title=("esf_indicators: summat täsmäävät", "esf_indicators: totals add up"),
            description_fi=(
                "total = men + women; kertymä = vuosien summa; ei saatavilla -rivit tyhjiä."
            ),
            why_fi=("täsmäämätön summa päätyisi rahoittajalle"),
        ),
        QualityCheck(
            "esf_indicators_consistent",
            ESF,
            "blocking",
            "Nested and partitioning indicators agree (e.g. CO02 <= CO01, CO01+CO03+CO05 = "
            "CO09+CO10+CO11 = complete participants).",
            "the definitions make these hold exactly; a breach is a wrong funder number",
            esf,
            _plain(mart_checks.evaluate_esf_indicators_consistency),
            title=(
                "esf_indicators: indikaattorit keskenään johdonmukaisia",
                "esf_indicators: indicators consistent",
            ),
            description_fi=(
                "Sisäkkäiset ja osittavat indikaattorit täsmäävät (esim. CO02 ≤ CO01, "
                "CO01+CO03+CO05 = CO09+CO10+CO11 = täydelliset osallistujat)."
            ),
            why_fi=(
                "määritelmien mukaan nämä pätevät tarkasti; poikkeama on väärä rahoittajan luku"
            ),
        ),
    ]


def _forecast_checks() -> list[QualityCheck]:
    return [
        QualityCheck(
            "structural_forecast_beats_naive",
            FORECAST_ACCURACY,
            "warning",
            "In the backtest of the last 12 month ends, the forecast's mean absolute error 3 "
            "months ahead (ALL) is not above either naive forecast's (last value; same month "
            "last year moved by the year's change), for each measure.",
            "the published figures stay exact, but the forecast is shown as the better guess: "
            "when a naive one did better, readers should know and the method needs a look",
            "quality_structural_forecast",
            _plain(forecast_checks.evaluate_forecast_beats_naive),
            title=(
                "Ennuste osuu naiiveja paremmin",
                "The forecast beats the naive ones",
            ),
            description_fi=(
                "Viimeisten 12 kuukauden lopun jälkitestissä ennusteen keskimääräinen virhe 3 "
                "kuukauden päähän (koko alue) ei ole suurempi kuin kummankaan naiivin ennusteen "
                "(viimeisin arvo; sama kuukausi vuotta aiemmin siirrettynä vuoden muutoksella), "
                "kullekin mittarille."
            ),
            why_fi=(
                "julkaistut luvut pysyvät tarkkoina, mutta ennuste esitetään parhaana arviona: "
                "kun naiivi ennuste osui paremmin, lukijan pitää tietää se ja menetelmä "
                "tarkistaa"
            ),
        ),
    ]


def _effects_checks() -> list[QualityCheck]:
    return [
        QualityCheck(
            "service_effects_balanced",
            SERVICE_EFFECTS,
            "warning",
            "After matching, the largest absolute standardised mean difference of the matching "
            "variables (max_abs_smd_after) is at most 0.1 for every service and horizon that "
            "has an estimate (indicators.md §9).",
            "the estimates stay what the method computed, but participants and comparisons "
            "that still differ after matching make part of the effect that difference: readers "
            "should treat those rows with care and the matching needs a look",
            "quality_service_effects",
            _plain(effects_checks.evaluate_service_effects_balanced),
            title=(
                "Palvelujen vaikutus: vertailuryhmä tasapainossa",
                "Effect of services: comparisons balanced",
            ),
            description_fi=(
                "Täsmäytyksen jälkeen täsmäytysmuuttujien suurin absoluuttinen standardoitu "
                "keskiarvoero (max_abs_smd_after) on enintään 0,1 jokaiselle palvelulle ja "
                "seuranta-ajalle, jolle on arvio (indicators.md §9)."
            ),
            why_fi=(
                "arviot pysyvät menetelmän laskemina, mutta jos osallistujat ja vertailuhenkilöt "
                "eroavat yhä täsmäytyksen jälkeen, osa vaikutuksesta on tätä eroa: lukijan pitää "
                "suhtautua näihin riveihin varoen ja täsmäytys tarkistaa"
            ),
        ),
    ]


ALL_CHECKS: tuple[QualityCheck, ...] = (
    *_raw_checks(),
    *_cross_checks(),
    *_mart_checks(),
    *_forecast_checks(),
    *_effects_checks(),
)

#: check name -> (title, description, why), each (Finnish, English), for the checks defined in
#: pipelines/checks/ledger.py (their English description is also in their @asset_check)
PIPELINE_CHECK_TEXTS: dict[str, tuple[Text, Text, Text]] = {
    "ledger_counts_add_up": (
        (
            "Kirjanpito täsmää: luetut = ladatut + karanteeni",
            "Ledger adds up: read = loaded + quarantined",
        ),
        (
            "Jokaiselle tiedostolle: luetut rivit = ladatut + karanteeniin asetetut, ja "
            "raakataulut ja havainnot sisältävät täsmälleen nämä rivit.",
            "For every file: rows read = rows loaded + rows quarantined, and the raw tables and "
            "findings hold exactly those rows.",
        ),
        (
            "mitään ei saa kadota: jokainen luettu rivi on ladattu tai karanteenissa syineen",
            "nothing is lost: every row read is loaded or quarantined with a reason",
        ),
    ),
    "required_sources_present": (
        (
            "Jokaisesta pakollisesta lähteestä on tilannekuva",
            "Every required source has a snapshot",
        ),
        (
            "Jokaisesta pakollisesta lähteestä (te/tyonhakijajaksot, te/palvelut, kunta/palvelut, "
            "esf/osallistujat) on käyttökelpoinen tilannekuva as_of-päivänä tai sitä ennen: ajo "
            "ilman tarvitsemiaan tietoja ei julkaise mitään (poistumiskoodi 3).",
            "Every required source (te/tyonhakijajaksot, te/palvelut, kunta/palvelut, "
            "esf/osallistujat) has a usable snapshot on or before as_of: a run without the data "
            "it needs publishes nothing (exit status 3).",
        ),
        (
            "ilman lähdettä sen varaan rakennetut luvut olisivat nollia eivätkä tietoja",
            "without a source, the figures built on it would be zeros rather than data",
        ),
    ),
    "no_rejected_files": (
        ("Yhtään tiedostoa ei hylätty", "No file rejected"),
        (
            "Yhtään tämän ajon saapumiskansion tiedostoa ei hylätty kokonaan (poistumiskoodi 3).",
            "No file of this run's landing folder was rejected whole (exit status 3).",
        ),
        (
            "hylätyn tiedoston rivit puuttuisivat luvuista, joten mitään ei julkaista",
            "the rows of a rejected file would be missing from the figures, so nothing is "
            "published",
        ),
    ),
}
BY_NAME: dict[str, QualityCheck] = {c.name: c for c in ALL_CHECKS}


def steps() -> dict[str, list[QualityCheck]]:
    """step -> its checks, in registry order."""
    out: dict[str, list[QualityCheck]] = {}
    for c in ALL_CHECKS:
        out.setdefault(c.step, []).append(c)
    return out


def evaluate(con: duckdb.DuckDBPyConnection, name: str, cache: dict | None = None) -> CheckOutcome:
    """Run the check `name` on `con` (the pure function behind its Dagster asset check)."""
    return BY_NAME[name].evaluate(con, {} if cache is None else cache)


def evaluate_all(
    con: duckdb.DuckDBPyConnection, names: list[str] | None = None
) -> dict[str, CheckOutcome]:
    """Run several checks (default: all) sharing one cache; the lead's end-to-end helper."""
    cache: dict = {}
    return {n: evaluate(con, n, cache) for n in (names or list(BY_NAME))}


__all__ = [
    "ALL_CHECKS",
    "BY_NAME",
    "PIPELINE_CHECK_TEXTS",
    "QualityCheck",
    "evaluate",
    "evaluate_all",
    "steps",
]
