"""The written report opened as its readers open it: the HTML in headless Chromium (layout
measured in the page, screenshots) and the PDF's pages read back with pypdf. The assertions are
what the screenshots and printed pages were checked for by eye: nothing cut off at the right, the
`<5`/`x` key beside every table that uses a mark, legends clear of the lines, headers whole words,
a page per section, table headers repeated on every page a table spans."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import duckdb
import pypdf
import pytest
from PIL import Image

import reports.chromium
from reports import render_report
from reports.chromium import Browser
from reports.errors import PdfPrinterMissing
from reports.pdf import print_pdf
from reports.report import build_report, write_report
from tests.fixtures.reports.warehouse import RUN_META, build

LANGS = ("fi", "en")
NAVY = (31, 58, 95)


@pytest.fixture(scope="module")
def models() -> dict:
    con = build()
    return {lang: build_report(con, RUN_META, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def rendered(models, tmp_path_factory) -> dict[str, Path]:
    """The files `render_report` writes: its model (`models`) through `write_report`."""
    out = {}
    for lang in LANGS:
        folder = tmp_path_factory.mktemp(lang)
        html, pdf = write_report(models[lang], folder, RUN_META["as_of"])
        out[f"{lang}_html"], out[f"{lang}_pdf"] = html, pdf
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def pdf_pages(rendered) -> dict[str, list[str]]:
    return {
        lang: [p.extract_text() for p in pypdf.PdfReader(rendered[f"{lang}_pdf"]).pages]
        for lang in LANGS
    }


# -- the HTML in Chromium --------------------------------------------------------------------

#: every table: its caption, widths, and whether its box scrolls; the page's own width
LAYOUT = """(() => {
  const tables = [...document.querySelectorAll('.tablewrap')].map(wrap => {
    const table = wrap.querySelector('table');
    const lastHead = [...table.tHead.rows[0].cells].pop().getBoundingClientRect();
    return {caption: table.caption.textContent, table: table.scrollWidth,
            box: wrap.clientWidth, boxScroll: wrap.scrollWidth,
            overflow: getComputedStyle(wrap).overflowX,
            boxRight: wrap.getBoundingClientRect().right, lastHeadRight: lastHead.right};
  });
  return {viewport: document.documentElement.clientWidth,
          page: document.documentElement.scrollWidth, tables};
})()"""

#: per table: the marks in its cells and the text of the notes that follow it
KEYS = """(() => [...document.querySelectorAll('.tablewrap')].map(wrap => {
  const cells = [...wrap.querySelectorAll('td')].map(td => td.textContent.trim());
  const after = [];
  for (let el = wrap.nextElementSibling; el && el.tagName === 'P'; el = el.nextElementSibling)
    after.push({cls: el.className, text: el.textContent});
  return {caption: wrap.querySelector('caption').textContent,
          small: cells.includes('<5'), hidden: cells.includes('x'), after};
}))()"""

#: header words that the layout broke across lines (a word inside one line has one rectangle)
BROKEN_HEADER_WORDS = """(() => {
  const broken = [];
  for (const th of document.querySelectorAll('thead th')) {
    const node = th.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE) continue;
    const re = /\\S+/g; let m;
    while ((m = re.exec(node.data)) !== null) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
})()"""

#: the survival chart's legend and plotting area (matplotlib ids, prefixed when inlined)
LEGEND = """(() => {
  const box = id => document.getElementById(id).getBoundingClientRect();
  const legend = box('durations0-legend_1'), axes = box('durations0-patch_2');
  return {legendBottom: legend.bottom, axesTop: axes.top};
})()"""


@pytest.mark.parametrize("lang", LANGS)
def test_at_1280_pixels_every_table_shows_every_column(rendered, browser, lang):
    page = browser.open(rendered[f"{lang}_html"], width=1280)
    layout = browser.evaluate(page, LAYOUT)
    assert layout["page"] <= layout["viewport"] == 1280
    assert len(layout["tables"]) >= 14
    for table in layout["tables"]:
        assert table["table"] <= table["box"], table["caption"]
        assert table["lastHeadRight"] <= table["boxRight"] + 0.5, table["caption"]


@pytest.mark.parametrize("width", [800, 390])
def test_on_a_narrow_screen_a_wide_table_scrolls_in_its_box_and_the_page_does_not(
    rendered, browser, width
):
    page = browser.open(rendered["en_html"], width=width)
    layout = browser.evaluate(page, LAYOUT)
    assert layout["page"] <= layout["viewport"] == width
    wide = [t for t in layout["tables"] if t["table"] > t["box"]]
    assert wide  # the outcome tables do not fit 800 px
    for table in wide:
        assert table["overflow"] == "auto" and table["boxScroll"] > table["box"]
        assert table["boxRight"] <= width


@pytest.mark.parametrize("lang", LANGS)
def test_the_key_to_the_marks_follows_every_table_that_uses_them(rendered, browser, lang):
    small = {"fi": "<5 = 1–4 henkilöä", "en": "<5 = 1–4 persons"}[lang]
    hidden = {"fi": "x = piilotettu", "en": "x = hidden"}[lang]
    tables = browser.evaluate(browser.open(rendered[f"{lang}_html"]), KEYS)
    assert any(t["small"] for t in tables) and any(t["hidden"] for t in tables)
    for table in tables:
        keys = [p["text"] for p in table["after"] if p["cls"] == "key"]
        if not (table["small"] or table["hidden"]):
            assert keys == [], table["caption"]
            continue
        assert len(keys) == 1, table["caption"]
        assert (small in keys[0]) == table["small"], table["caption"]
        assert (hidden in keys[0]) == table["hidden"], table["caption"]


@pytest.mark.parametrize("lang", LANGS)
def test_header_words_are_never_broken_on_screen_or_in_print_layout(rendered, browser, lang):
    for width, media in ((1280, "screen"), (800, "screen"), (700, "print")):
        page = browser.open(rendered[f"{lang}_html"], width=width)
        if media == "print":
            browser.print_media(page)  # ~ the width of an A4 page between its margins
        assert browser.evaluate(page, BROKEN_HEADER_WORDS) == [], (width, media)


def test_the_survival_legend_sits_above_the_lines(rendered, browser):
    box = browser.evaluate(browser.open(rendered["fi_html"]), LEGEND)
    assert box["legendBottom"] <= box["axesTop"]


def test_group_values_and_finnish_leads_read_as_words_on_the_page(rendered, browser):
    page = browser.open(rendered["fi_html"])
    text = browser.evaluate(page, "document.body.innerText")
    for words in ("25–54-vuotiaat", "perusaste (ISCED 0–2)", "S21002 työ- ja elinkeinohallinto"):
        assert words in text
    assert not re.search(r"\b(25_54|over_54|under_25|isced_\d_\d|male|female)\b", text)
    assert "employment administration" not in text
    assert "(ei saatavilla) (ei saatavilla)" not in text


def test_screenshot_shows_the_report_from_its_header_down(rendered, browser, tmp_path):
    page = browser.open(rendered["fi_html"], width=1280, height=900)
    png = browser.screenshot(page)
    (tmp_path / "report.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    assert width == 1280 and height > 6000  # the whole page, not only the window
    assert image.getpixel((20, 20)) == NAVY  # the title band
    assert image.getpixel((20, 400)) == (255, 255, 255)  # white page beside the content
    histogram = image.convert("L").histogram()
    assert max(histogram) < 0.95 * sum(histogram)  # not blank


def test_the_html_loads_nothing_and_logs_no_error(rendered, browser):
    page = browser.open(rendered["en_html"])
    entries = browser.evaluate(
        page, "JSON.stringify(performance.getEntriesByType('resource').map(e => e.name))"
    )
    assert json.loads(entries) == []
    assert browser.evaluate(page, "document.querySelectorAll('svg.chart').length") >= 7


# -- the PDF ---------------------------------------------------------------------------------


def test_pdf_is_a4_vector_with_embedded_fonts_and_numbered_pages(rendered, pdf_pages):
    reader = pypdf.PdfReader(rendered["fi_pdf"])
    assert 7 <= len(reader.pages) <= 16
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            595,
            842,
        )
    fonts = {f for p in reader.pages for f in (p["/Resources"].get("/Font") or {}).values()}
    assert fonts
    assert not any(p.images for p in reader.pages)  # charts are vector drawings
    pages = pdf_pages["fi"]
    for number, text in enumerate(pages, start=1):
        assert f"Sivu {number}/{len(pages)}" in text
        assert "ASKEL-seurantaraportti · Tilannepäivä 30.4.2022" in text
    assert "Siilinjärvi" in "\n".join(pages)


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_starts_a_new_page(models, pdf_pages, lang):
    pages = pdf_pages[lang]
    titles = [s.title for s in models[lang].sections]
    assert pages[0].startswith(models[lang].title)
    starts = [next(i for i, text in enumerate(pages) if text.startswith(t)) for t in titles[1:]]
    assert starts == sorted(starts) and starts[0] > 0
    assert len(set(starts)) == len(titles) - 1
    assert titles[0] in pages[0]


@pytest.mark.parametrize("lang", LANGS)
def test_table_headers_are_whole_words_in_the_pdf(models, pdf_pages, lang):
    tokens = set(" ".join(pdf_pages[lang]).split())
    for section in models[lang].sections:
        for table in section.tables:
            for header in table.header:
                for word in header.replace("\u00a0", " ").split():
                    assert word in tokens, (table.caption, header, word)
    if lang == "fi":
        assert {"työhön", "palveluihin", "muu"} <= tokens  # broken by the old PDF path


def test_a_table_that_spans_pages_repeats_its_header_on_each(models, pdf_pages):
    flows = next(s for s in models["fi"].sections if s.key == "flows").tables[0]
    header = " ".join(flows.header).replace("\u00a0", " ")
    rows = {" ".join(row).replace("\u00a0", " ") for row in flows.rows}
    pages = [text.replace("\u00a0", " ") for text in pdf_pages["fi"]]
    spanned = [text for text in pages if rows & set(text.splitlines())]
    assert len(spanned) >= 2
    for text in spanned:
        assert header in text.splitlines()


def test_pdf_shows_targets_and_the_key_beside_tables(pdf_pages):
    text = "\n".join(pdf_pages["fi"]).replace("\u00a0", " ")
    assert "Tavoitteet ja toteuma, kertymä" in text
    assert "S21001 Kuopion kaupunki TOTAL Osallistujat yhteensä 400 214 54 %" in text
    assert "S21001 Kuopion kaupunki CR04 Työllistyneet poistuessa 60 46 77 %" in text
    assert text.count("<5 = 1–4 henkilöä") >= 5


def test_report_is_reproducible(rendered, tmp_path):
    html, pdf = render_report(build(), tmp_path, RUN_META, lang="fi")
    assert html.read_bytes() == rendered["fi_html"].read_bytes()
    assert pdf.read_bytes() == rendered["fi_pdf"].read_bytes()
    assert b"/CreationDate (D:20220430000000" in pdf.read_bytes()


def test_an_empty_warehouse_still_gives_a_report(tmp_path):
    html, pdf = render_report(duckdb.connect(), tmp_path, {"as_of": "2022-04-30"}, lang="fi")
    assert html.read_text("utf-8").count("Ei saatavilla tässä ajossa.") == 9
    assert len(pypdf.PdfReader(pdf).pages) >= 1


def test_without_chromium_the_run_stops_with_one_sentence(rendered, tmp_path, monkeypatch):
    monkeypatch.setattr(reports.chromium, "EXECUTABLES", ("askel-no-such-chromium",))
    with pytest.raises(PdfPrinterMissing) as caught:
        print_pdf(rendered["fi_html"], tmp_path / "x.pdf", "footer", "Sivu", "2022-04-30")
    message = str(caught.value)
    assert message.startswith("Headless Chromium, which prints report/indicators.pdf, is not")
    assert message.count(". ") == 0 and message.endswith(".") and "\n" not in message
    assert not (tmp_path / "x.pdf").exists()
