"""Every piece of report text, Finnish and English, in one table; and number formats per language.

Finnish numbers use a no-break space as the thousands separator and a decimal comma; English a
comma and a decimal point. Shares are shown as percentages with one decimal.
"""

from __future__ import annotations

import datetime as dt

LANGS = ("fi", "en")

TEXT: dict[str, tuple[str, str]] = {
    # frame
    "report_title": ("ASKEL-seurantaraportti", "ASKEL monitoring report"),
    "report_subtitle": (
        "Yhteisen työllisyyspalvelun ja ESR-hankkeiden indikaattorit",
        "Indicators of the joint employment service and its ESF projects",
    ),
    "as_of": ("Tilannepäivä", "Reference day"),
    "software": ("Ohjelmistoversio", "Software version"),
    "snapshots": ("Käytetyt aineistot", "Extracts used"),
    "contents": ("Sisältö", "Contents"),
    "not_available": (
        "Ei saatavilla tässä ajossa.",
        "Not available in this run.",
    ),
    "mark_small": (
        "<5 = 1–4 henkilöä, tai osuus alle viiden henkilön joukosta",
        "<5 = 1–4 persons, or a share of fewer than five persons",
    ),
    "mark_hidden": (
        "x = piilotettu, jotta pientä lukua ei voi laskea summasta",
        "x = hidden so that a small count cannot be worked out from a total",
    ),
    "disclosure_note": (
        "Tietosuoja: alle viiden henkilön luvut näytetään muodossa <5; x = piilotettu, jotta "
        "pientä lukua ei voi laskea summasta. Osuudet alle viiden henkilön joukoista: <5.",
        "Disclosure control: counts of fewer than five persons show as <5; x = hidden so that a "
        "small count cannot be worked out from a total. Shares of fewer than five persons: <5.",
    ),
    "definition": ("Määritelmä", "Definition"),
    "table": ("Taulukko", "Table"),
    "page": ("Sivu", "Page"),
    "generated_by": ("Tuotettu: askel", "Produced by askel"),
    # summary
    "summary": ("Yhteenveto", "Summary"),
    "summary_def": (
        "Hankkeiden osallistujat tavoitteeseen verrattuna, keskeiset tulokset ja alueen "
        "työttömyystilanne viimeisimmän kuukauden lopussa.",
        "Participants of each project against its target, key results, and the area's "
        "unemployment at the end of the latest month.",
    ),
    "project": ("Hanke", "Project"),
    "participants": ("Osallistujat", "Participants"),
    "target": ("Tavoite", "Target"),
    "of_target": ("Tavoitteesta", "Of target"),
    "no_target": ("tavoitetta ei asetettu", "no target configured"),
    "targets_table": ("Tavoitteet ja toteuma, kertymä", "Targets and progress, cumulative"),
    "achieved": ("Toteuma", "Achieved"),
    "period_elapsed": (
        "Hankeaikaa kulunut tilannepäivänä: {items}.",
        "Share of the project period elapsed on the reference day: {items}.",
    ),
    "targets_howto": (
        "Tavoitteet luetaan asetustiedostosta askel.toml ([projects.targets]).",
        "Targets are read from the configuration file askel.toml ([projects.targets]).",
    ),
    "leavers_employed": ("Työllistyneet poistuessa (CR04)", "In employment upon leaving (CR04)"),
    "leavers_education": ("Koulutukseen poistuessa (CR02)", "In education upon leaving (CR02)"),
    "employed_6m": ("Työllisenä 6 kk jälkeen (CR06)", "Employed six months after (CR06)"),
    "long_term_unemployed": ("Pitkäaikaistyöttömät", "Long-term unemployed"),
    "structural_unemployment": ("Rakennetyöttömyys", "Structural unemployment"),
    "activation_rate": ("Aktivointiaste", "Activation rate"),
    "unemployed": ("Työttömät", "Unemployed"),
    "area_situation": ("Alueen tilanne", "Situation in the area"),
    "month_end": ("kuukauden lopussa", "at month end"),
    "cumulative": ("kertymä", "cumulative"),
    # flows
    "flows": ("Työttömyyden varannot ja virrat", "Unemployment stocks and flows"),
    "flows_def": (
        "Työttömät kuukauden viitepäivänä (kuukauden viimeinen päivä) sekä kuukauden aikana "
        "alkaneet (tulovirta) ja päättyneet (poistuma) työttömyysjaksot, koko alue.",
        "Persons unemployed on each month's reference day (its last day), and the unemployment "
        "spells that began (inflow) and ended (outflow) in the month, whole area.",
    ),
    "flows_table": ("Virrat kuukausittain, koko alue", "Flows by month, whole area"),
    "stocks_table": ("Varannot kuukausittain, koko alue", "Stocks by month, whole area"),
    "by_municipality": ("Kunnittain, viimeisin kuukausi", "By municipality, latest month"),
    "month": ("Kuukausi", "Month"),
    "municipality": ("Kunta", "Municipality"),
    "all_area": ("Koko alue", "Whole area"),
    "inflow": ("Tulovirta", "Inflow"),
    "outflow": ("Poistuma", "Outflow"),
    "outflow_employment": ("→\u00a0työhön", "→\u00a0employment"),
    "outflow_services": ("→\u00a0palveluihin", "→\u00a0services"),
    "outflow_education": ("→\u00a0koulutukseen", "→\u00a0education"),
    "outflow_outside_labour_force": ("→\u00a0työvoiman ulkop.", "→\u00a0outside labour force"),
    "outflow_other": ("→\u00a0muu", "→\u00a0other"),
    "repeatedly_unemployed": ("Toistuvasti työttömät", "Repeatedly unemployed"),
    "returned_from_services": ("Palveluilta palanneet", "Returned from services"),
    "in_services": ("Palveluissa", "In services"),
    "activation_def": (
        "Aktivointiaste = palveluissa / (työttömät + palveluissa) × 100.",
        "Activation rate = in services / (unemployed + in services) × 100.",
    ),
    # forecast (indicators.md §10)
    "forecast": ("Ennakoidut virrat", "Anticipated flows"),
    "forecast_def": (
        "Ennuste kuudelle kuukaudelle tilannepäivän kuukauden jälkeen: työttömät, "
        "rakennetyöttömyys ja pitkäaikaistyöttömät kuukauden lopussa sekä kuukauden aikana "
        "pitkäaikaistyöttömiksi tulevat; odotusarvo ja 80 %:n ennusteväli (neljänä kuukautena "
        "viidestä toteuma osuu välille). Ennuste seuraa tilannepäivänä työttömiä työttömyyden "
        "keston mukaan viimeisten 24 kuukauden poistumisasteilla ja arvioi uudet työttömät kahden "
        "edellisen vuoden samojen kuukausien tulovirrasta kasvulla korjattuna. Luotettavuuden "
        "näyttää jälkitesti: menetelmä ajettiin kunkin 12 edellisen kuukauden lopusta ja sitä "
        "verrattiin toteutuneeseen ja kahteen naiiviin ennusteeseen (ei muutosta; sama kuukausi "
        "vuotta aiemmin siirrettynä vuoden muutoksella). Ennuste ei tiedä, mitä kaksi edellistä "
        "vuotta eivät näyttäneet (uusi palvelu, suuri irtisanominen).",
        "Forecast for the six months after the month of the reference day: unemployed, "
        "structural unemployment and long-term unemployed at each month's end, and the persons "
        "becoming long-term unemployed in the month; expected value and 80 % prediction "
        "interval (in four months out of five the actual figure falls inside it). The forecast "
        "follows everyone unemployed on the reference day by the duration of their spell, with "
        "the exit rates of the last 24 months, and takes new unemployment from the same months "
        "of the last two years, adjusted for growth. The backtest shows how far to trust it: "
        "the method was run from each of the 12 previous month ends and compared with what "
        "happened and with two naive forecasts (no change; the same month a year earlier moved "
        "by the year's change). It cannot know what the last two years did not show (a new "
        "service, a large lay-off).",
    ),
    "forecast_table": ("Ennuste", "Forecast"),
    "new_long_term_table": (
        "Pitkäaikaistyöttömiksi tulevat kuukausittain",
        "Becoming long-term unemployed, by month",
    ),
    "interval_note": (
        "Odotusarvo ja 80 %:n ennusteväli: toteuma osuu välille neljänä kuukautena viidestä. "
        "Kuntien ennusteet on laskettu kunta kerrallaan, joten niiden summa ei ole koko alueen "
        "ennuste.",
        "Expected value and 80 % prediction interval: the actual figure falls inside it in four "
        "months out of five. Each municipality is forecast on its own, so their sum is not the "
        "whole area's forecast.",
    ),
    "new_long_term_next_month": (
        "Uudet pitkäaikaistyöttömät ensi kuussa",
        "New long-term unemployed next month",
    ),
    "interval_80": ("80 %:n väli", "80 % interval"),
    "interval_low": ("80 %: alaraja", "80 %: low"),
    "interval_high": ("80 %: yläraja", "80 %: high"),
    "long_term_in_six": ("Pitkäaikaistyöttömät 6 kk päästä", "Long-term unemployed in 6 months"),
    "unemployed_sentence": ("Työttömien määrä", "the number of unemployed"),
    "long_term_sentence": ("Pitkäaikaistyöttömien määrä", "the number of long-term unemployed"),
    "structural_sentence": ("Rakennetyöttömyys", "structural unemployment"),
    "missed_3_months": (
        "Ennusteen keskimääräinen virhe 3 kk päähän, pitkäaikaistyöttömät",
        "Average miss 3 months ahead, long-term unemployed",
    ),
    "naive_missed": (
        "naiivit: {last} (ei muutosta), {seasonal} (vuoden muutos)",
        "naive: {last} (no change), {seasonal} (last year's change)",
    ),
    "forecast_method": ("Ennuste", "Forecast"),
    "naive_last": ("Naiivi: ei muutosta", "Naive: no change"),
    "naive_seasonal": ("Naiivi: vuoden muutos", "Naive: last year's change"),
    "interval_held": ("80 %:n väli osui", "80 % interval held"),
    "missed_sentence": (
        "{measure}: ennuste meni 3 kuukauden päähän keskimäärin {forecast} henkilöä ohi, naiivit "
        "ennusteet {last} (ei muutosta) ja {seasonal} (vuoden muutos); {cases} jälkitestiä.",
        "The forecast of {measure} missed by {forecast} persons on average 3 months ahead; the "
        "naive ones by {last} (no change) and {seasonal} (last year's change), over {cases} "
        "backtests.",
    ),
    "backtest_table": (
        "Jälkitesti, koko alue: keskimääräinen virhe (henkilöä)",
        "Backtest, whole area: mean absolute error (persons)",
    ),
    "measure": ("Mittari", "Measure"),
    "method": ("Menetelmä", "Method"),
    "months_ahead": ("{n} kk päähän", "{n} mo ahead"),
    # employment effect of services (indicators.md §9)
    "effects": ("Palvelujen työllisyysvaikutus", "Employment effect of services"),
    "effects_def": (
        "Kuinka paljon palvelun aloittaminen nosti työllisten osuutta 3, 6 ja 12 kuukautta "
        "aloituksesta verrattuna samankaltaisiin työnhakijoihin, jotka olivat samana päivänä "
        "yhtä kauan työttöminä mutta eivät aloittaneet palvelua silloin (vaikutus "
        "osallistujiin, prosenttiyksikköinä, 95 %:n luottamusväli). Arvio olettaa, että "
        "osallistujat ja vertailuhenkilöt ovat samanlaisia kaikessa, mikä vaikuttaa sekä "
        "palveluun pääsyyn että työllistymiseen, kun heitä verrataan rekisterien tietojen "
        "mukaan: sukupuoli, ikäryhmä, koulutus, kunta, työttömyyden kesto, työttömyyspäivät "
        "edeltävien 24 kuukauden aikana, aiemmat aktiivitoimet ja aloituksen "
        "vuosineljännes. Se ei näe sitä, mitä rekistereissä ei ole, kuten motivaatiota, "
        "terveyttä tai sitä, mitä virkailija tietää asiakkaasta; jos ne erottavat "
        "osallistujat vertailuhenkilöistä, arvio sisältää myös tämän eron. Palkkatuki ja "
        "starttiraha (PTU, PTK, STA) ovat itsessään työtä, joten niiden vaikutus sisältää "
        "tuetun työn.",
        "How much starting a service raised the share employed 3, 6 and 12 months after "
        "entry, compared with similar jobseekers who had been unemployed as long on the same "
        "day but did not start it then (effect on the participants, in percentage points, "
        "with a 95 % confidence interval). The estimate assumes that participants and "
        "comparisons are alike in everything that drives both who starts the service and who "
        "finds work, once they are alike on what the registers show: sex, age band, "
        "education, municipality, elapsed unemployment, unemployed days in the 24 months "
        "before, earlier active measures and the quarter of entry. It cannot see what the "
        "registers do not hold, such as motivation, health or what caseworkers know about "
        "the person; where these set participants apart, the estimate carries that "
        "difference too. Pay subsidies and the start-up grant (PTU, PTK, STA) are work "
        "themselves, so their effect includes the subsidised work.",
    ),
    "effects_none": (
        "Yhdelläkään palvelulla ei ollut aloituksia, joita olisi voitu seurata tilannepäivään "
        "mennessä.",
        "No service had an entry that could be followed up by the reference day.",
    ),
    "effects_chart": (
        "Vaikutus työllisten osuuteen, prosenttiyksikköä: piste = arvio ja viiva = 95 %:n "
        "luottamusväli; vinoneliö = naiivi ero kaikkiin työttömiin.",
        "Effect on the share employed, percentage points: dot = estimate and line = 95 % "
        "confidence interval; diamond = naive difference from all the unemployed.",
    ),
    "effects_effect_label": ("Vaikutus (95 %:n lv.)", "Effect (95 % CI)"),
    "effects_naive_label": ("Naiivi ero", "Naive difference"),
    "effects_months": ("{n} kk aloituksesta", "{n} months after entry"),
    "effects_axis": ("prosenttiyksikköä", "percentage points"),
    "effects_table": (
        "Vaikutus {n} kk aloituksesta (vaikutus ja ero prosenttiyksikköinä)",
        "Effect {n} months after entry (effect and difference in percentage points)",
    ),
    "entries": ("Aloitukset", "Entries"),
    "entries_matched": ("Täsmäytetyt", "Matched"),
    "comparisons_used": ("Vertailuhenkilöt", "Comparisons"),
    "employed_treated": ("Työllisiä: osallistujat", "Employed: participants"),
    "employed_counterfactual": ("Työllisiä: vertailu", "Employed: comparisons"),
    "effect_pp": ("Vaikutus", "Effect"),
    "effect_ci": ("95 %:n lv.", "95 % CI"),
    "naive_pp": ("Naiivi ero", "Naive difference"),
    "smd_before": ("Suurin |SMD| ennen", "Largest |SMD| before"),
    "smd_after": ("Suurin |SMD| jälkeen", "Largest |SMD| after"),
    "effects_range": ("{low}\u2026{high}", "{low}\u00a0to\u00a0{high}"),
    "smd_flag": ("{value}, yli 0,1", "{value}, above 0.1"),
    "too_few": (
        "liian vähän osallistujia arvioon",
        "too few participants to estimate",
    ),
    "effects_note": (
        "Aloitukset: palvelun ensimmäiset aloitukset työttömyyden aikana, joita voitiin seurata "
        "{n} kk. Täsmäytetyt: aloitukset, joille löytyi vertailuhenkilö (muut jätettiin pois). "
        "Naiivi ero: osallistujien työllisten osuus miinus kaikkien samana päivänä työttömien; "
        "ero vaikutukseen näyttää, kuinka erilaisia palveluun valitut ovat. Suurin |SMD|: "
        "täsmäytysmuuttujien suurin standardoitu keskiarvoero ennen ja jälkeen täsmäytyksen; "
        "yli 0,1 jälkeen tarkoittaa, että ryhmät eroavat yhä. Arviota ei tehdä alle 30 "
        "täsmäytetystä aloituksesta.",
        "Entries: first starts of the service while unemployed that could be followed for {n} "
        "months. Matched: entries with a comparison (the others are left out). Naive "
        "difference: the participants' share employed minus that of everyone unemployed on "
        "the same day; its gap from the effect shows how different those sent to the service "
        "are. Largest |SMD|: the largest standardised mean difference of the matching "
        "variables before and after matching; above 0.1 after means the groups still differ. "
        "No estimate is made from fewer than 30 matched entries.",
    ),
    "effects_reading": ("Näin arviota luetaan: {sentence}", "How to read it: {sentence}"),
    "effects_reading_up": (
        "{service} nosti työllisten osuutta 6 kuukautta aloituksesta {n} prosenttiyksikköä "
        "(95 %:n luottamusväli {low}\u2026{high}) verrattuna samankaltaisiin työnhakijoihin, "
        "jotka eivät aloittaneet sitä silloin.",
        "{service} raised the share employed 6 months after entry by {n} points (95 % "
        "interval {low} to {high}) compared with similar jobseekers who did not start it then.",
    ),
    "effects_reading_down": (
        "{service} laski työllisten osuutta 6 kuukautta aloituksesta {n} prosenttiyksikköä "
        "(95 %:n luottamusväli {low}\u2026{high}) verrattuna samankaltaisiin työnhakijoihin, "
        "jotka eivät aloittaneet sitä silloin.",
        "{service} lowered the share employed 6 months after entry by {n} points (95 % "
        "interval {low} to {high}) compared with similar jobseekers who did not start it then.",
    ),
    "effects_reading_zero": (
        "{service} ei muuttanut työllisten osuutta 6 kuukautta aloituksesta (95 %:n "
        "luottamusväli {low}\u2026{high} prosenttiyksikköä) verrattuna samankaltaisiin "
        "työnhakijoihin, jotka eivät aloittaneet sitä silloin.",
        "{service} did not change the share employed 6 months after entry (95 % interval "
        "{low} to {high} points) compared with similar jobseekers who did not start it then.",
    ),
    "effects_zero_inside": (
        "Väli sisältää nollan, joten aineisto ei sulje pois sitä, ettei vaikutusta ole.",
        "The interval includes zero, so the data do not rule out no effect.",
    ),
    "effects_method": ("Menetelmä: {method}.", "Method: {method}."),
    "effects_method_matching": (
        "propensiteettipistemäärällä kaltaistus saman aloituspäivän työnhakijoihin, joilla on "
        "yhtä paljon aiempaa työttömyyttä ({bands} päivää 24 kuukauden aikana): {k} lähintä "
        "vertailuhenkilöä (sama henkilö voi olla usean vertailu), "
        "enintään {caliper} "
        "keskihajontaa pistemäärän logitista; logistinen regressio (scikit-learn); 95 %:n "
        "luottamusväli Abadien ja Imbensin kaltaistusestimaattorin varianssista, "
        "vertailuhenkilöt henkilöittäin ryvästettyinä",
        "propensity score matching with jobseekers of the same entry day and as much earlier "
        "unemployment ({bands} days in 24 months): the {k} nearest "
        "comparisons (one person may serve several participants), within {caliper} standard "
        "deviations of the score's logit; logistic regression (scikit-learn); 95 % interval from "
        "the Abadie-Imbens variance of the matching estimator, comparisons clustered by person",
    ),
    # durations
    "durations": ("Työttömyyden kesto", "Duration of unemployment"),
    "durations_def": (
        "Kaplan–Meier-estimaatti: osuus yhä työttömänä 3, 6, 12 ja 24 kk jakson alusta, "
        "jakson alkamisvuoden mukaan; päättymättömät jaksot sensuroituina.",
        "Kaplan–Meier estimate: share still unemployed 3, 6, 12 and 24 months after the spell "
        "began, by start year; spells still going on are censored.",
    ),
    "start_year": ("Alkamisvuosi", "Start year"),
    "spells": ("Jaksot", "Spells"),
    "censored": ("Sensuroidut", "Censored"),
    "months_since_start": ("Kuukautta jakson alusta", "Months since the spell began"),
    "share_unemployed": ("Osuus yhä työttömänä", "Share still unemployed"),
    "median_days": ("Mediaani, pv", "Median, days"),
    "still_3m": ("3 kk", "3 m"),
    "still_6m": ("6 kk", "6 m"),
    "still_12m": ("12 kk", "12 m"),
    "still_24m": ("24 kk", "24 m"),
    "durations_groups": (
        "Osuus yhä työttömänä 12 kk jälkeen ryhmittäin",
        "Share still unemployed after 12 months, by group",
    ),
    "breakdown": ("Ryhmittely", "Breakdown"),
    "group": ("Ryhmä", "Group"),
    "bd_sex": ("Sukupuoli", "Sex"),
    "bd_age_band": ("Ikäryhmä", "Age band"),
    "bd_municipality": ("Kunta", "Municipality"),
    "bd_education": ("Koulutus", "Education"),
    "durations_note": (
        "Vain vuodet, joiden jaksot aineisto näkee alusta asti (aineisto alkaa {start}). "
        "Tyhjä solu: mikään tänä vuonna alkanut jakso ei ole vielä voinut kestää niin kauan "
        "(tilannepäivä {as_of}).",
        "Only years whose spells the data follow from their start (the data begin on "
        "{start}). An empty cell: no spell that began in that year could have lasted that long "
        "yet (reference day {as_of}).",
    ),
    "durations_groups_note": (
        "Vain vuodet, joiden jaksot aineisto näkee alusta asti. Tyhjä solu: mikään tänä vuonna "
        "alkanut jakso ei ole vielä voinut kestää 12 kuukautta.",
        "Only years whose spells the data follow from their start. An empty cell: no spell "
        "that began in that year could have lasted 12 months yet.",
    ),
    # service process and gaps
    "services": ("Palvelupolut ja katkokset", "Service paths and gaps"),
    "services_def": (
        "Katkos = päivät palvelujaksojen välillä; saumaton = katkos enintään 14 päivää. "
        "Osuus katkoksen päättymisvuoden mukaan, kaikki ja organisaatiorajan ylittävät.",
        "Gap = days between consecutive service episodes; seamless = a gap of at most 14 days. "
        "Share by the year the gap ends, all gaps and those crossing organisations.",
    ),
    "year": ("Vuosi", "Year"),
    "scope": ("Laajuus", "Scope"),
    "scope_all": ("kaikki", "all"),
    "scope_cross_organisation": ("organisaatiorajan yli", "cross-organisation"),
    "gaps": ("Katkokset", "Gaps"),
    "gaps_within_14": ("Enintään 14 pv", "Within 14 days"),
    "share_within_14": ("Osuus ≤ 14 pv", "Share ≤ 14 days"),
    "customers_table": (
        "Asiakkaat palvelujaksojen ja organisaatioiden määrän mukaan",
        "Customers by number of service episodes and organisations",
    ),
    "episodes": ("Palvelujaksot", "Service episodes"),
    "n_episode": ("{n} jakso", "{n} episode"),
    "n_episodes": ("{n} jaksoa", "{n} episodes"),
    "one_org": ("Yksi organisaatio", "One organisation"),
    "two_orgs": ("Kaksi organisaatiota", "Two organisations"),
    "no_org": ("Ei palvelujaksoja", "No episodes"),
    "total": ("Yhteensä", "Total"),
    # outcomes
    "outcomes": ("Palvelujen tulokset", "Outcomes of services"),
    "outcomes_def": (
        "Tilanne 3 ja 6 kk palvelun päättymisestä: ensimmäinen voimassa olevista työllinen, "
        "työtön, palveluissa, koulutuksessa, muu/tuntematon. Osuuden 95 %:n luottamusväli "
        "(Wilson), kaikki päättymisvuodet yhteensä.",
        "Situation 3 and 6 months after a service ended: the first that holds of employed, "
        "unemployed, in services, in education, outside/unknown. 95 % Wilson confidence "
        "interval on the share, all end years pooled.",
    ),
    "outcomes_chart": (
        "Työllisten osuus 6 kk palvelun jälkeen (95 %:n luottamusväli)",
        "Share employed 6 months after the service (95 % confidence interval)",
    ),
    "horizon": ("Seuranta-aika", "Horizon"),
    "horizon_n": ("{n} kk palvelun jälkeen", "{n} months after the service"),
    "service": ("Palvelu", "Service"),
    "source": ("Lähde", "Source"),
    "evaluated": ("Arvioitu", "Evaluated"),
    "sit_employment": ("Työllinen", "Employed"),
    "sit_unemployed": ("Työtön", "Unemployed"),
    "sit_services": ("Palveluissa", "In services"),
    "sit_education": ("Koulutuksessa", "Education"),
    "sit_outside_or_unknown": ("Muu/tuntematon", "Outside/unknown"),
    "employed_share": ("Työllisten osuus", "Share employed"),
    "ci95": ("95 %:n lv.", "95 % CI"),
    "src_te": ("TE", "TE"),
    "src_kunta": ("kunta", "municipal"),
    "gaps_note": (
        "Vain vuodet {start} alkaen: aineisto sisältää vain {start_date} tai myöhemmin käynnissä "
        "olleet palvelut.",
        "Only years from {start}: the data hold only services going on at or after {start_date}.",
    ),
    # esf
    "esf": ("ESR-indikaattorit vuosittain", "ESF indicators by year"),
    "esf_def": (
        "EU:n yhteiset indikaattorit (asetus 1304/2013, liite I): osallistujat (CO) "
        "aloitusvuoden ja tulokset (CR) lopetusvuoden mukaan; kertymä hankkeen alusta.",
        "EU common indicators (Regulation 1304/2013, Annex I): participants (CO) by year of "
        "entry and results (CR) by year of leaving; cumulative from the project's start.",
    ),
    "esf_chart": ("Osallistujat aloitusvuoden mukaan", "Participants by year of entry"),
    "indicator": ("Indikaattori", "Indicator"),
    "men": ("Miehet", "Men"),
    "women": ("Naiset", "Women"),
    "esf_na": ("ei saatavilla", "not available"),
    # subsidy
    "subsidy": ("Työmarkkinatuen kuntaosuus", "Municipal share of the labour market subsidy"),
    "subsidy_def": (
        "Kelan laskuttama kuntaosuus kuukausittain; henkilöt 50 %:n ja 70 %:n osuudella sekä "
        "henkilöt, jotka ylittävät 300 tai 1 000 päivää seuraavan 3 kk aikana nykytahdilla.",
        "Municipal share billed by Kela per month; persons billed at 50 % and 70 %, and persons "
        "who will cross 300 or 1,000 days within 3 months at their current pace.",
    ),
    "subsidy_table": ("Viimeiset 12 kuukautta", "Latest 12 months"),
    "euros": ("Laskutettu, €", "Billed, €"),
    "persons_50": ("Henk. 50 %", "Persons 50 %"),
    "persons_70": ("Henk. 70 %", "Persons 70 %"),
    "crossing_300": ("Ylittää 300 pv", "Crossing 300 d"),
    "crossing_1000": ("Ylittää 1 000 pv", "Crossing 1,000 d"),
}

#: (breakdown, group value of the durations mart) -> words
GROUPS: dict[tuple[str, str], tuple[str, str]] = {
    ("sex", "male"): ("miehet", "men"),
    ("sex", "female"): ("naiset", "women"),
    ("age_band", "under_25"): ("alle 25-vuotiaat", "under 25"),
    ("age_band", "25_54"): ("25–54-vuotiaat", "aged 25–54"),
    ("age_band", "over_54"): ("yli 54-vuotiaat", "over 54"),
    ("education", "isced_0_2"): ("perusaste (ISCED 0–2)", "basic (ISCED 0–2)"),
    ("education", "isced_3_4"): ("toinen aste (ISCED 3–4)", "upper secondary (ISCED 3–4)"),
    ("education", "isced_5_8"): ("korkea-aste (ISCED 5–8)", "tertiary (ISCED 5–8)"),
    ("education", "unknown"): ("tuntematon", "unknown"),
    ("municipality", "unknown"): ("tuntematon", "unknown"),
}

MONTHS = {
    "fi": (
        "tammi",
        "helmi",
        "maalis",
        "huhti",
        "touko",
        "kesä",
        "heinä",
        "elo",
        "syys",
        "loka",
        "marras",
        "joulu",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


class Translator:
    def __init__(self, lang: str = "fi") -> None:
        if lang not in LANGS:
            raise ValueError(f"Report language must be one of {', '.join(LANGS)}, got {lang!r}.")
        self.lang = lang
        self._i = LANGS.index(lang)

    def __call__(self, key: str, **kwargs: object) -> str:
        pair = TEXT.get(key)
        text = pair[self._i] if pair else key
        return text.format(**kwargs) if kwargs else text

    def maybe(self, key: str, fallback: str) -> str:
        pair = TEXT.get(key)
        return pair[self._i] if pair else fallback

    def group(self, breakdown: str, value: str) -> str:
        """A group value of the durations mart in words (the code itself if it has none)."""
        pair = GROUPS.get((breakdown, value))
        return pair[self._i] if pair else value

    def integer(self, n: int) -> str:
        s = f"{n:,}"
        return s.replace(",", "\u00a0") if self.lang == "fi" else s

    def decimal(self, x: float, places: int = 1) -> str:
        s = f"{x:,.{places}f}"
        if self.lang == "fi":
            s = s.replace(",", "\u00a0").replace(".", ",")
        return s

    def percent(self, share: float, places: int = 1) -> str:
        """`share` is 0..1."""
        return f"{self.decimal(share * 100, places)}\u00a0%"

    def month(self, d: dt.date) -> str:
        return (
            f"{MONTHS[self.lang][d.month - 1]} {d.year}"
            if self.lang == "en"
            else (f"{d.month}/{d.year}")
        )

    def date(self, d: dt.date | str | None) -> str:
        if d is None:
            return ""
        if isinstance(d, str):
            d = dt.date.fromisoformat(d[:10])
        return f"{d.day}.{d.month}.{d.year}" if self.lang == "fi" else d.isoformat()
