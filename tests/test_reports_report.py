"""The project managers' report: self-contained HTML and A4 PDF from the marts, disclosure
control on every cell, tolerant of missing marts, Finnish and English."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from reports import render_report
from reports.html import render_html
from reports.marts import MartBroken
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
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = {}
    con = build()
    for lang in ("fi", "en"):
        staging = tmp_path_factory.mktemp(lang)
        html, pdf = render_report(con, staging, RUN_META, lang=lang)
        out[f"{lang}_html"], out[f"{lang}_pdf"] = html, pdf
    return out


def _parse(path: Path) -> _Cells:
    parser = _Cells()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_report_files_are_written_under_report(rendered):
    assert rendered["fi_html"].name == "indicators.html"
    assert rendered["fi_html"].parent.name == "report"
    assert rendered["fi_pdf"].name == "indicators.pdf"


def test_html_is_self_contained(rendered):
    text = rendered["fi_html"].read_text("utf-8")
    parsed = _parse(rendered["fi_html"])
    assert parsed.loads == []
    assert "script" not in parsed.tags and "img" not in parsed.tags and "link" not in parsed.tags
    assert not re.search(r"(src=|href=|url\(|@import)\s*['\"]?\s*(https?:)?//", text)
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "https://" not in text
    assert text.count("<svg") >= 7  # every chart inline


def test_no_report_cell_shows_one_to_four(rendered):
    for lang in ("fi", "en"):
        cells = _parse(rendered[f"{lang}_html"]).cells
        assert len(cells) > 500
        assert [c for c in cells if SMALL_COUNT.match(c.replace("\u00a0", ""))] == []
        assert "<5" in cells and "x" in cells  # the fixture has small counts, so both marks appear


def test_every_section_is_present_in_both_languages(rendered):
    fi = rendered["fi_html"].read_text("utf-8")
    en = rendered["en_html"].read_text("utf-8")
    for heading in (
        "Yhteenveto",
        "Työttömyyden varannot ja virrat",
        "Työttömyyden kesto",
        "Palvelupolut ja katkokset",
        "Palvelujen tulokset",
        "ESR-indikaattorit vuosittain",
        "Työmarkkinatuen kuntaosuus",
    ):
        assert heading in fi
    for heading in (
        "Summary",
        "Unemployment stocks and flows",
        "Duration of unemployment",
        "Service paths and gaps",
        "Outcomes of services",
        "ESF indicators by year",
        "Municipal share of the labour market subsidy",
    ):
        assert heading in en
    assert '<html lang="fi">' in fi and '<html lang="en">' in en


def test_summary_shows_participants_against_target_and_latest_stocks():
    report = build_report(build(), RUN_META, "en")
    summary = report.sections[0]
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
    text = render_html(report, "Not available in this run.")
    assert text.count("Not available in this run.") == 2
    assert [s.key for s in report.sections if not s.available] == ["outcomes", "subsidy"]
    assert "Unemployment stocks and flows" in text


def test_a_mart_missing_a_column_stops_the_report_naming_mart_and_column():
    con = build()
    con.execute("alter table marts.service_process rename column episodes to episode_count")
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


def test_an_empty_warehouse_still_gives_a_report(tmp_path):
    import duckdb

    html, pdf = render_report(duckdb.connect(), tmp_path, {"as_of": "2022-04-30"}, lang="fi")
    assert html.read_text("utf-8").count("Ei saatavilla tässä ajossa.") == 7
    assert len(pypdf.PdfReader(pdf).pages) >= 1


def test_pdf_is_a4_with_a_page_per_section_and_vector_charts(rendered):
    reader = pypdf.PdfReader(rendered["fi_pdf"])
    assert 7 <= len(reader.pages) <= 16
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    first = reader.pages[0].extract_text()
    assert "ASKEL-seurantaraportti" in first and "Yhteenveto" in first
    all_text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Siilinjärvi" in all_text  # ä survives: the font is embedded
    fonts = {f for p in reader.pages for f in (p["/Resources"].get("/Font") or {}).values()}
    assert fonts
    # charts are vector drawings, not raster images
    assert not any(p.images for p in reader.pages)


def test_report_is_reproducible(rendered, tmp_path):
    html, pdf = render_report(build(), tmp_path, RUN_META, lang="fi")
    assert html.read_bytes() == rendered["fi_html"].read_bytes()
    assert pdf.read_bytes() == rendered["fi_pdf"].read_bytes()


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(
        "Chromium is not installed: `apt-get install -y chromium` (the report test needs it)"
    )


def test_html_renders_in_headless_chromium_without_errors(rendered, tmp_path):
    chromium = _chromium()
    shot = tmp_path / "report.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,2000",
        "--enable-logging=stderr",
        "--v=0",
    ]
    url = rendered["fi_html"].resolve().as_uri()
    done = subprocess.run(
        [chromium, *flags, f"--screenshot={shot}", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    image = Image.open(shot).convert("L")
    low, high = image.getextrema()
    assert high - low > 100  # not blank: dark header and light page
    histogram = image.histogram()
    assert max(histogram) < 0.95 * sum(histogram)
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "ASKEL-seurantaraportti" in dom.stdout
    assert dom.stdout.count("<svg") >= 7


def test_finnish_esf_labels_come_from_the_catalogue_and_say_not_available_once():
    report = build_report(build(), RUN_META, "fi")
    esf = next(s for s in report.sections if s.key == "esf")
    labels = [row[0] for row in esf.tables[0].rows]
    assert "CR07 Parantunut työmarkkina-asema (ei saatavilla)" in labels
    assert "CO11 Korkea-aste (ISCED 5–8)" in labels
    assert not [label for label in labels if label.count("(ei saatavilla)") > 1]
