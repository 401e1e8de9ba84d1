"""The project managers' report as data and as HTML text: every section from the marts,
disclosure control on every cell, words instead of codes, targets, a broken mart stops the run.
(tests/test_reports_report_opened.py opens the written files in Chromium and reads the PDF.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from reports.html import render_html
from reports.marts import MART_COLUMNS, MartBroken
from reports.report import build_report
from tests.fixtures.reports.warehouse import RUN_META, build

SMALL_COUNT = re.compile(r"^[1-4]$")


class _Cells(HTMLParser):
    """Text of every <td> and <th>, and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.loads: list[str] = []
        self.tags: set[str] = set()
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if (
                name in ("src", "href", "xlink:href", "data", "poster", "srcset")
                and value
                and (not value.startswith("#"))
            ):
                self.loads.append(value)
        if tag in ("td", "th"):
            self._in, self._buf = tag, []

    def handle_endtag(self, tag):
        if tag == self._in:
            self.cells.append("".join(self._buf).strip())
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)


@pytest.fixture(scope="module")
def reports() -> dict:
    con = build()
    return {lang: build_report(con, RUN_META, lang) for lang in ("fi", "en")}


@pytest.fixture(scope="module")
def html(reports) -> dict[str, str]:
    return {lang: render_html(report) for lang, report in reports.items()}


def _parse(text: str) -> _Cells:
    parser = _Cells()
    parser.feed(text)
    return parser


def test_html_is_self_contained(html):
    text = html["fi"]
    parsed = _parse(text)
    assert parsed.loads == []
    assert "script" not in parsed.tags and "img" not in parsed.tags and "link" not in parsed.tags
    assert not re.search(r"(src=|href=|url\(|@import)\s*['\"]?\s*(https?:)?//", text)
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "https://" not in text
    assert text.count("<svg") >= 7  # every chart inline


def test_no_report_cell_shows_one_to_four(html):
    for lang in ("fi", "en"):
        cells = _parse(html[lang]).cells
        assert len(cells) > 500
        assert [c for c in cells if SMALL_COUNT.match(c.replace("\u00a0", ""))] == []
        assert "<5" in cells and "x" in cells  # the fixture has small counts, so both marks appear


def test_every_section_is_present_in_both_languages(html):
    fi, en = html["fi"], html["en"]
    for heading in (
        "Yhteenveto",
        "Työttömyyden varannot ja virrat",
        "Ennakoidut virrat",
        "Työttömyyden kesto",
        "Palvelupolut ja katkokset",
        "Palvelujen tulokset",
        "Palvelujen työllisyysvaikutus",
        "ESR-indikaattorit vuosittain",
        "Työmarkkinatuen kuntaosuus",
    ):
        assert heading in fi
    for heading in (
        "Summary",
        "Unemployment stocks and flows",
        "Anticipated flows",
        "Duration of unemployment",
        "Service paths and gaps",
        "Outcomes of services",
        "Employment effect of services",
        "ESF indicators by year",
        "Municipal share of the labour market subsidy",
    ):
        assert heading in en
    assert '<html lang="fi">' in fi and '<html lang="en">' in en


def test_summary_shows_participants_against_target_and_latest_stocks(reports):
    summary = reports["en"].sections[0]
    table = summary.tables[0]
    # S21001: TOTAL cumulative of the fixture, target 400 from run_meta
    s21001 = table.rows[0]
    assert s21001[0] == "S21001 City of Kuopio"
    assert s21001[1] == "214" and s21001[2] == "400" and s21001[3] == "54\u00a0%"
    assert table.rows[1][2] == "no target configured"
    labels = [k.label for k in summary.kpis]
    assert labels == [
        "Unemployed",
        "Long-term unemployed",
        "Structural unemployment",
        "In services",
        "Activation rate",
    ]
    assert summary.kpis[0].value == "2,832"
    assert summary.kpis[4].value == "25.9\u00a0%"


def test_a_missing_mart_reads_not_available_and_the_rest_still_renders():
    con = build(skip=("municipal_subsidy_cost", "service_outcomes_summary"))
    report = build_report(con, RUN_META, "en")
    text = render_html(report)
    assert text.count("Not available in this run.") == 2
    assert [s.key for s in report.sections if not s.available] == ["outcomes", "subsidy"]
    assert "Unemployment stocks and flows" in text


def test_a_mart_missing_a_column_stops_the_report_naming_mart_and_column():
    con = build(skip=tuple(MART_COLUMNS))
    con.execute("create table marts.service_process (person_id varchar, episode_count integer)")
    with pytest.raises(MartBroken, match=r"marts\.service_process lacks the column\(s\) episodes"):
        build_report(con, RUN_META, "en")


def test_a_mart_whose_query_fails_stops_the_report_instead_of_reading_not_available():
    con = build(skip=("service_gaps_summary",))
    # a view over a table that is gone: the mart is listed, but reading it fails
    con.execute("create table marts.gone (gap_end_year integer)")
    con.execute(
        "create view marts.service_gaps_summary as select gap_end_year, 'all' as scope, "
        "1 as gaps, 1 as gaps_within_14_days, 1.0 as share from marts.gone"
    )
    con.execute("drop table marts.gone")
    with pytest.raises(MartBroken, match=r"Reading the mart marts\.service_gaps_summary failed"):
        build_report(con, RUN_META, "en")


def test_an_empty_mart_reads_not_available_like_an_absent_one():
    con = build()
    con.execute("delete from marts.municipal_subsidy_cost")  # Kela data never delivered
    report = build_report(con, RUN_META, "en")
    assert [s.key for s in report.sections if not s.available] == ["subsidy"]


def _section(report, key: str):
    return next(s for s in report.sections if s.key == key)


def test_finnish_esf_labels_come_from_the_catalogue_and_say_not_available_once(reports):
    labels = [row[0] for row in _section(reports["fi"], "esf").tables[0].rows]
    assert "CR07 Parantunut työmarkkina-asema (ei saatavilla)" in labels
    assert "CO11 Korkea-aste (ISCED 5–8)" in labels
    assert not [label for label in labels if label.count("(ei saatavilla)") > 1]


def test_finnish_report_names_the_lead_organisations_in_finnish(reports):
    fi, en = reports["fi"], reports["en"]
    assert [t.caption for t in _section(fi, "esf").tables] == [
        "S21001 Kuopion kaupunki",
        "S21002 työ- ja elinkeinohallinto",
    ]
    assert [r[0] for r in _section(fi, "summary").tables[0].rows] == [
        "S21001 Kuopion kaupunki",
        "S21002 työ- ja elinkeinohallinto",
    ]
    assert [t.caption for t in _section(en, "esf").tables] == [
        "S21001 City of Kuopio",
        "S21002 employment administration",
    ]


def test_configured_targets_show_progress_and_the_period_elapsed(reports):
    fi = _section(reports["fi"], "summary")
    overview, targets = fi.tables
    assert overview.rows[0][1:4] == ["214", "400", "54\u00a0%"]
    assert overview.rows[1][2:4] == ["tavoitetta ei asetettu", "–"]
    assert targets.header == ["Hanke", "Indikaattori", "Tavoite", "Toteuma", "Tavoitteesta"]
    assert targets.rows == [
        ["S21001 Kuopion kaupunki", "TOTAL Osallistujat yhteensä", "400", "214", "54\u00a0%"],
        ["S21001 Kuopion kaupunki", "CR04 Työllistyneet poistuessa", "60", "46", "77\u00a0%"],
        ["S21001 Kuopion kaupunki", "CR06 Työllisenä 6 kk poistumisesta", "80", "28", "35\u00a0%"],
    ]
    assert (
        targets.note == "Hankeaikaa kulunut tilannepäivänä: S21001 100\u00a0%, S21002 100\u00a0%."
    )


def test_a_target_against_a_hidden_count_is_hidden_too():
    s21002 = {**RUN_META["projects"][1], "targets": {"NA_CO16": 10, "CR04": 5}}
    report = build_report(build(), {**RUN_META, "projects": [s21002]}, "en")
    rows = {r[1].split()[0]: r[2:] for r in _section(report, "summary").tables[1].rows}
    # the fixture's S21002 NA_CO16 cumulative total is 1-4: its progress would give it back
    assert rows["NA_CO16"] == ["10", "<5", "<5"]
    assert rows["CR04"] == ["5", "7", "140\u00a0%"]


def test_durations_show_only_years_followed_from_their_start_and_no_unreachable_horizon(
    reports,
):
    # as_of 2022-04-30: a spell begun on 1.1.2022 has lasted at most 120 days, one begun on
    # 1.1.2021 at most 485 and one begun on 1.1.2020 at most 851 (3/6/12/24 m = 91/182/365/730)
    durations = _section(reports["en"], "durations")
    overall, groups = durations.tables
    assert [r[0] for r in overall.rows] == ["2019", "2020", "2021", "2022"]  # no 2017
    assert overall.rows[0][3:7] == ["70.5\u00a0%", "49.4\u00a0%", "31.7\u00a0%", "17.6\u00a0%"]
    assert overall.rows[1][6] == "17.5\u00a0%"
    assert overall.rows[2][3:7] == ["62.9\u00a0%", "44.0\u00a0%", "28.3\u00a0%", ""]
    assert overall.rows[3][3:7] == ["67.2\u00a0%", "", "", ""]
    assert "Only years whose spells the data follow from their start" in overall.note
    assert "reference day 2022-04-30" in overall.note
    assert groups.header[2:] == ["2019", "2020", "2021", "2022"]
    assert {r[-1] for r in groups.rows} == {""} and "could have lasted 12 months" in groups.note


def test_group_values_read_as_words_in_both_languages(reports):
    expected = {
        "fi": [
            "miehet",
            "naiset",
            "alle 25-vuotiaat",
            "25–54-vuotiaat",
            "yli 54-vuotiaat",
            "Kuopio (297)",
            "Siilinjärvi (749)",
            "perusaste (ISCED 0–2)",
            "tuntematon",
        ],
        "en": [
            "men",
            "women",
            "under 25",
            "aged 25–54",
            "over 54",
            "Kuopio (297)",
            "Siilinjärvi (749)",
            "basic (ISCED 0–2)",
            "unknown",
        ],
    }
    for lang, words in expected.items():
        groups = _section(reports[lang], "durations").tables[1]
        assert [r[1] for r in groups.rows] == words


def test_services_are_named_in_words_and_gaps_start_at_the_extract_scope(reports):
    fi_outcomes = _section(reports["fi"], "outcomes").tables[0]
    labels = {r[0] for r in fi_outcomes.rows}
    assert "TVK työvoimakoulutus (TE)" in labels
    assert "KTT kuntouttava työtoiminta (kunta)" in labels
    en_outcomes = _section(reports["en"], "outcomes").tables[0]
    assert "VAL coaching: job search, career or work coaching (TE)" in {
        r[0] for r in en_outcomes.rows
    }
    gaps = _section(reports["en"], "services").tables[0]
    assert [r[0] for r in gaps.rows if r[1] == "all"] == ["2019", "2020", "2021", "2022"]
    assert gaps.note.startswith("Only years from 2019")


def test_every_table_knows_the_disclosure_marks_it_uses(reports):
    tables = [t for s in reports["fi"].sections for t in s.tables]
    with_marks = [t for t in tables if t.marks()]
    assert with_marks and len(with_marks) < len(tables)
    for table in tables:
        used = {c for row in table.rows for c in row if c in ("<5", "x")}
        assert set(table.marks()) == used
    assert reports["fi"].marks_key["<5"].startswith("<5 = 1–4 henkilöä")
    assert reports["en"].marks_key["x"].startswith("x = hidden")


def _forecast_section(con=None, lang: str = "en"):
    report = build_report(con or build(), RUN_META, lang)
    return next(s for s in report.sections if s.key == "forecast")


def test_forecast_shows_the_fan_and_the_expected_new_long_term_unemployed():
    section = _forecast_section()
    assert [c.alt for c in section.charts] == [
        "Anticipated flows: Whole area",
        "Anticipated flows: Kuopio (297)",
        "Anticipated flows: Siilinjärvi (749)",
    ]
    new = section.tables[0]
    assert new.header[:4] == ["Month", "Whole area", "80 %: low", "80 %: high"]
    assert new.header[7] == "Siilinjärvi (749)"
    # the fixture: ALL 42.4 * 1.01 = 42.8 -> 43 (40-46); 749 2.4 * 1.01 and its bounds -> <5
    assert new.rows[0] == ["May 2022", "43", "40", "46", "40", "38", "43", "<5", "<5", "<5"]
    assert new.rows[5][7:] == ["<5", "<5", "5"]
    assert new.marks() == ["<5"]
    whole = section.tables[1]
    assert whole.caption == "Forecast: Whole area"
    assert whole.rows[0] == [
        "May 2022", "2,384", "2,311", "2,457", "904", "875", "933", "707", "684", "730"
    ]  # fmt: skip
    kpis = [(k.label, k.value, k.sub) for k in section.kpis]
    assert kpis[0] == ("New long-term unemployed next month", "43", "May 2022, 80 % interval 40–46")
    assert kpis[1][:2] == ("Long-term unemployed in 6 months", "742")


def test_forecast_states_the_backtest_errors_plainly():
    table = _forecast_section().tables[-1]
    assert table.header == ["Measure", "Method", "1 mo ahead", "3 mo ahead", "6 mo ahead"]
    assert table.rows[:4] == [
        ["Long-term unemployed", "Forecast", "12", "21", "29"],
        ["Long-term unemployed", "Naive: no change", "12", "36", "72"],
        ["Long-term unemployed", "Naive: last year's change", "18", "18", "18"],
        ["Long-term unemployed", "80 % interval held", "80\u00a0%", "80\u00a0%", "80\u00a0%"],
    ]
    assert table.note.startswith(
        "The forecast of the number of long-term unemployed missed by 21 persons on average 3 "
        "months ahead; the naive ones by 36 (no change) and 18 (last year's change), over 10 "
        "backtests."
    )
    fi = _forecast_section(lang="fi").tables[-1].note
    assert fi.startswith("Pitkäaikaistyöttömien määrä: ennuste meni 3 kuukauden päähän")


def test_forecast_errors_about_fewer_than_five_persons_read_under_five():
    con = build()
    con.execute("update marts.structural_forecast_accuracy set mean_actual = 3.5")
    table = _forecast_section(con).tables[-1]
    assert table.rows[0] == ["Long-term unemployed", "Forecast", "<5", "<5", "<5"]


def test_forecast_is_not_available_without_its_mart():
    con = build(skip=("structural_forecast",))
    section = _forecast_section(con)
    assert not section.available
