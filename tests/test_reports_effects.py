"""The report's "Employment effect of services" section as readers meet it: the HTML text of its
tables (exact numbers, <5 marks where a count or an estimate rests on 1-4 persons, "too few"
where the mart left the estimate empty) in Finnish and English, the reading sentence, the forest
plot, the empty, absent and broken mart; and the written page opened in headless Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports import charts
from reports.html import render_html
from reports.marts import MartBroken
from reports.report import build_report, write_report
from tests.fixtures.reports.warehouse import RUN_META, build

LANGS = ("fi", "en")
NB = "\u00a0"


class _Tables(HTMLParser):
    """Per <table>: its caption and rows of cell texts; and the <svg> and <p> classes seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.svgs = 0
        self.paragraphs: list[tuple[str, str]] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._p: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "svg":
            self.svgs += 1
        elif tag == "p":
            self._p = (dict(attrs).get("class", ""), [])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = "".join(self._caption).strip()
            self._caption = None
        elif tag == "p" and self._p is not None:
            self.paragraphs.append((self._p[0], "".join(self._p[1]).strip()))
            self._p = None

    def handle_data(self, data):
        for buf in (self._cell, self._caption, self._p[1] if self._p else None):
            if buf is not None:
                buf.append(data)


def _section_html(html: str) -> str:
    match = re.search(r'<section id="effects">.*?</section>', html, flags=re.DOTALL)
    assert match, "no effects section"
    return match.group(0)


def _parsed(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(_section_html(html))
    return parser


@pytest.fixture(scope="module")
def models() -> dict:
    con = build()
    return {lang: build_report(con, RUN_META, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def html(models) -> dict[str, str]:
    return {lang: render_html(models[lang]) for lang in LANGS}


def _body(table: dict) -> list[list[str]]:
    return table["rows"][1:]  # the first row is the header


def test_the_section_follows_the_outcomes_in_both_languages(models, html):
    keys = [s.key for s in models["en"].sections]
    assert keys.index("effects") == keys.index("outcomes") + 1
    assert "<h2>Palvelujen työllisyysvaikutus</h2>" in _section_html(html["fi"])
    assert "<h2>Employment effect of services</h2>" in _section_html(html["en"])


def test_english_tables_show_counts_estimates_and_marks_exactly(html):
    tables = _parsed(html["en"]).tables
    assert [t["caption"] for t in tables] == [
        f"Effect {h} months after entry (effect and difference in percentage points)"
        for h in (3, 6, 12)
    ]
    assert tables[1]["rows"][0] == [
        "Service",
        "Entries",
        "Matched",
        "Comparisons",
        "Employed: participants",
        "Employed: comparisons",
        "Effect",
        "95 % CI",
        "Naive difference",
        "Largest |SMD| before",
        "Largest |SMD| after",
    ]
    too_few = "too few participants to estimate"
    assert _body(tables[0]) == [
        ["VAL coaching: job search, career or work coaching (TE)", "412", "400", "1,203",
         f"31.2{NB}%", f"26.5{NB}%", "+4.8", f"+1.1{NB}to{NB}+8.5", "+11.2", "0.42", "0.04"],
        ["TVA work coaching (municipal)", "160", "150", "480",
         f"22.0{NB}%", f"25.0{NB}%", "\u22123.0", f"\u22128.1{NB}to{NB}+2.0", "+4.4", "0.35",
         "0.08"],
        ["KTT rehabilitative work activity (municipal)", "<5", "<5", "<5",
         "–", "–", too_few, "–", "–", "0.90", "–"],
    ]  # fmt: skip
    assert _body(tables[1]) == [
        ["VAL coaching: job search, career or work coaching (TE)", "398", "390", "1,180",
         f"40.0{NB}%", f"33.8{NB}%", "+6.3", f"+2.1{NB}to{NB}+10.4", "+12.4", "0.41", "0.05"],
        # balance after matching above 0.1 is flagged in words
        ["TVA work coaching (municipal)", "158", "148", "470",
         f"30.0{NB}%", f"33.1{NB}%", "\u22123.1", f"\u22127.2{NB}to{NB}+1.1", "+5.5", "0.36",
         "0.14, above 0.1"],
        # 3 comparisons: their share, the effect and its interval rest on 1-4 persons
        ["TVK labour market training (TE)", "45", "40", "<5",
         f"45.0{NB}%", "<5", "<5", "<5", "+15.0", "0.50", "0.09"],
        # 2 of 35 participants employed: the share would give 2 back, and so would the effect
        ["PTU pay subsidy, private or third-sector employer (TE)", "38", "35", "90",
         "<5", f"12.0{NB}%", "<5", "<5", "\u22124.0", "0.30", "0.07"],
        # 20 matched entries: the counts stay, the estimate is too few
        ["OSA precision skills service (municipal)", "25", "20", "60",
         "–", "–", too_few, "–", "–", "0.25", "–"],
        ["KTT rehabilitative work activity (municipal)", "<5", "<5", "<5",
         "–", "–", too_few, "–", "–", "0.90", "–"],
    ]  # fmt: skip
    assert _body(tables[2]) == [
        ["VAL coaching: job search, career or work coaching (TE)", "350", "344", "1,100",
         f"50.0{NB}%", f"45.1{NB}%", "+4.9", f"\u22120.3{NB}to{NB}+10.0", "+9.0", "0.40",
         "0.06"],
    ]  # fmt: skip


def test_finnish_tables_use_finnish_numbers_and_words(html):
    tables = _parsed(html["fi"]).tables
    assert tables[1]["caption"] == (
        "Vaikutus 6 kk aloituksesta (vaikutus ja ero prosenttiyksikköinä)"
    )
    assert tables[1]["rows"][0][:4] == ["Palvelu", "Aloitukset", "Täsmäytetyt", "Vertailuhenkilöt"]
    too_few = "liian vähän osallistujia arvioon"
    assert _body(tables[1]) == [
        ["VAL valmennus (TE)", "398", "390", f"1{NB}180",
         f"40,0{NB}%", f"33,8{NB}%", "+6,3", "+2,1\u2026+10,4", "+12,4", "0,41", "0,05"],
        ["TVA työhönvalmennus (kunta)", "158", "148", "470",
         f"30,0{NB}%", f"33,1{NB}%", "\u22123,1", "\u22127,2\u2026+1,1", "+5,5", "0,36",
         "0,14, yli 0,1"],
        ["TVK työvoimakoulutus (TE)", "45", "40", "<5",
         f"45,0{NB}%", "<5", "<5", "<5", "+15,0", "0,50", "0,09"],
        ["PTU palkkatuki yksityiselle tai kolmannelle sektorille (TE)", "38", "35", "90",
         "<5", f"12,0{NB}%", "<5", "<5", "\u22124,0", "0,30", "0,07"],
        ["OSA osaamisen täsmäpalvelu (kunta)", "25", "20", "60",
         "–", "–", too_few, "–", "–", "0,25", "–"],
        ["KTT kuntouttava työtoiminta (kunta)", "<5", "<5", "<5",
         "–", "–", too_few, "–", "–", "0,90", "–"],
    ]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_no_cell_shows_one_to_four_and_the_key_explains_the_mark(html, lang):
    parsed = _parsed(html[lang])
    cells = [c for t in parsed.tables for row in _body(t) for c in row]
    assert [c for c in cells if re.fullmatch(r"[1-4]", c)] == []
    assert cells.count("<5") == 13  # KTT 3 + 3, TVK 4, PTU 3
    keys = [text for cls, text in parsed.paragraphs if cls == "key"]
    small = {"fi": "<5 = 1–4 henkilöä", "en": "<5 = 1–4 persons"}[lang]
    assert len(keys) == 2 and all(k.startswith(small) for k in keys)  # 3- and 6-month tables


def test_the_section_says_what_the_estimate_assumes_cannot_see_and_how_to_read_it(html):
    en = _parsed(html["en"]).paragraphs
    definition = next(text for cls, text in en if cls == "def")
    assert (
        "The estimate assumes that participants and comparisons are alike in everything that "
        "drives both who starts the service and who finds work, once they are alike on what "
        "the registers show: sex, age band, education, municipality, elapsed unemployment, "
        "unemployed days in the 24 months before, earlier active measures and the quarter of "
        "entry." in definition
    )
    assert "It cannot see what the registers do not hold, such as motivation, health" in (
        definition
    )
    assert definition.endswith(
        "Method: propensity score matching with jobseekers of the same entry day and as much "
        "earlier unemployment (0, 1–182, 183–365 or over 365 days in 24 months): the 5 nearest "
        "comparisons (one person may serve several participants), within 0.2 standard "
        "deviations of the score's logit; logistic regression (scikit-learn); 95 % interval "
        "from the Abadie-Imbens variance of the matching estimator, comparisons clustered by "
        "person."
    )
    notes = [text for cls, text in en if cls == "note"]
    assert notes[1].startswith(
        "How to read it: VAL coaching: job search, career or work coaching (TE) raised the "
        "share employed 6 months after entry by 6.3 points (95 % interval 2.1 to 10.4) "
        "compared with similar jobseekers who did not start it then. Entries:"
    )
    assert not notes[0].startswith("How to read") and not notes[2].startswith("How to read")
    assert notes[0].endswith("No estimate is made from fewer than 30 matched entries.")
    fi = _parsed(html["fi"]).paragraphs
    assert [text for cls, text in fi if cls == "note"][1].startswith(
        "Näin arviota luetaan: VAL valmennus (TE) nosti työllisten osuutta 6 kuukautta "
        "aloituksesta 6,3 prosenttiyksikköä (95 %:n luottamusväli 2,1\u202610,4) verrattuna "
        "samankaltaisiin työnhakijoihin, jotka eivät aloittaneet sitä silloin."
    )
    fi_def = next(text for cls, text in fi if cls == "def")
    assert "Se ei näe sitä, mitä rekistereissä ei ole, kuten motivaatiota, terveyttä" in fi_def


def test_a_negative_estimate_whose_interval_holds_zero_reads_so():
    con = build()
    con.execute("update marts.service_effects set entries_matched = 1 where service_code = 'VAL'")
    # VAL's estimates now rest on 1 matched entry (<5); TVA is the largest one left
    report = build_report(con, RUN_META, "en")
    table = next(s for s in report.sections if s.key == "effects").tables[1]
    assert table.note.startswith(
        "How to read it: TVA work coaching (municipal) lowered the share employed 6 months "
        "after entry by 3.1 points (95 % interval \u22127.2 to 1.1) compared with similar "
        "jobseekers who did not start it then. The interval includes zero, so the data do not "
        "rule out no effect. Entries:"
    )
    assert table.rows[0][1:9] == ["398", "<5", "1,180", "<5", f"33.8{NB}%", "<5", "<5", "+12.4"]


def test_the_forest_plot_draws_the_shown_estimates_per_horizon(models, html, monkeypatch):
    section = next(s for s in models["en"].sections if s.key == "effects")
    assert [c.alt for c in section.charts] == [
        "Effect on the share employed, percentage points: dot = estimate and line = 95 % "
        "confidence interval; diamond = naive difference from all the unemployed."
    ]
    assert _parsed(html["en"]).svgs == 1
    assert section.charts[0].svg.startswith("<svg")
    drawn = {}

    def record(labels, panels, legend, lang):
        drawn.update(labels=list(labels), panels=panels, legend=legend)
        return "<svg/>"

    monkeypatch.setattr(charts, "forest_plot", record)
    build_report(build(), RUN_META, "en")
    # TVK and PTU are hidden (<5), OSA and KTT too few: only VAL and TVA are drawn
    assert drawn["labels"] == ["VAL coaching: job search,\u2026", "TVA work coaching"]
    assert drawn["panels"] == {
        "3 months after entry": [(4.75, 1.05, 8.45, 11.2), (-3.0, -8.1, 2.0, 4.4)],
        "6 months after entry": [(6.25, 2.1, 10.4, 12.35), (-3.05, -7.2, 1.1, 5.5)],
        "12 months after entry": [(4.88, -0.3, 9.95, 9.0), None],
    }
    assert drawn["legend"] == {
        "effect": "Effect (95 % CI)",
        "naive": "Naive difference",
        "axis": "percentage points",
    }
    no_estimate = build()
    no_estimate.execute("update marts.service_effects set att_pp = null, ci_low_pp = null")
    bare = next(s for s in build_report(no_estimate, RUN_META, "en").sections if s.key == "effects")
    assert bare.charts == [] and len(bare.tables) == 3


def test_an_empty_mart_says_so_in_one_sentence():
    con = build()
    con.execute("delete from marts.service_effects")
    for lang, sentence in (
        ("en", "No service had an entry that could be followed up by the reference day."),
        ("fi", "Yhdelläkään palvelulla ei ollut aloituksia, joita olisi voitu seurata "
         "tilannepäivään mennessä."),
    ):  # fmt: skip
        report = build_report(con, RUN_META, lang)
        section = next(s for s in report.sections if s.key == "effects")
        assert not section.available and section.tables == [] and section.charts == []
        parsed = _parsed(render_html(report))
        assert [text for cls, text in parsed.paragraphs if cls == "na"] == [sentence]


def test_an_absent_mart_reads_not_available_and_a_broken_one_stops_the_report():
    report = build_report(build(skip=("service_effects",)), RUN_META, "en")
    section = next(s for s in report.sections if s.key == "effects")
    assert not section.available
    assert [t for c, t in _parsed(render_html(report)).paragraphs if c == "na"] == [
        "Not available in this run."
    ]
    con = build(skip=("service_effects",))
    con.execute("create table marts.service_effects (service_code varchar, att_pp double)")
    with pytest.raises(MartBroken, match=r"marts\.service_effects lacks the column\(s\) "):
        build_report(con, RUN_META, "en")


# -- opened in headless Chromium ------------------------------------------------------------

MEASURE = """(() => {
  const section = document.getElementById('effects');
  const svg = section.querySelector('figure svg.chart');
  const box = svg ? svg.getBoundingClientRect() : null;
  const tables = [...section.querySelectorAll('.tablewrap')].map(wrap => ({
    caption: wrap.querySelector('caption').textContent, table: wrap.querySelector('table')
      .scrollWidth, box: wrap.clientWidth, overflow: getComputedStyle(wrap).overflowX,
    right: wrap.getBoundingClientRect().right}));
  return {viewport: document.documentElement.clientWidth,
          page: document.documentElement.scrollWidth,
          plot: box && {width: box.width, height: box.height,
                        paths: svg.querySelectorAll('path').length},
          text: section.innerText, tables};
})()"""


@pytest.fixture(scope="module")
def written(models, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for lang in LANGS:
        html, _pdf = write_report(models[lang], tmp_path_factory.mktemp(lang), RUN_META["as_of"])
        out[lang] = html
    return out


@pytest.fixture(scope="module")
def browser():
    from reports.chromium import Browser

    with Browser() as b:
        yield b


@pytest.mark.parametrize("lang", LANGS)
def test_opened_at_1280_pixels_the_plot_shows_and_every_table_fits(written, browser, lang):
    page = browser.open(written[lang], width=1280)
    seen = browser.evaluate(page, MEASURE)
    assert seen["page"] <= seen["viewport"] == 1280
    assert seen["plot"]["width"] > 600 and seen["plot"]["height"] > 100
    assert seen["plot"]["paths"] > 50
    assert len(seen["tables"]) == 3
    for table in seen["tables"]:
        assert table["table"] <= table["box"], table["caption"]
    too_few = {"fi": "liian vähän osallistujia arvioon", "en": "too few participants to estimate"}
    assert seen["text"].count(too_few[lang]) == 3


def test_opened_on_a_phone_the_tables_scroll_in_their_boxes(written, browser):
    page = browser.open(written["en"], width=390)
    seen = browser.evaluate(page, MEASURE)
    assert seen["page"] <= seen["viewport"] == 390
    assert seen["plot"]["width"] <= 390
    for table in seen["tables"]:
        assert table["table"] > table["box"] and table["overflow"] == "auto"
        assert table["right"] <= 390


def test_the_method_reads_in_the_report_language_and_an_unknown_one_as_the_mart_wrote_it():
    con = build()
    fi = next(s for s in build_report(con, RUN_META, "fi").sections if s.key == "effects")
    en = next(s for s in build_report(con, RUN_META, "en").sections if s.key == "effects")
    assert "Menetelmä: propensiteettipistemäärällä kaltaistus saman aloituspäivän " in (
        fi.definition
    )
    assert "5 lähintä vertailuhenkilöä" in fi.definition and "0,2 keskihajontaa" in fi.definition
    assert "(0, 1–182, 183–365 tai yli 365 päivää 24 kuukauden aikana)" in fi.definition
    assert "nearest comparisons with replacement" not in fi.definition
    assert "Method: propensity score matching with jobseekers of the same entry day and " in (
        en.definition
    )
    con.execute("update marts.service_effects set method = 'exact matching on cells'")
    other = next(s for s in build_report(con, RUN_META, "fi").sections if s.key == "effects")
    assert other.definition.endswith("Menetelmä: exact matching on cells.")
