"""The quality report: written on every run, every check with a readable title, counts in words
and examples, one language throughout, a trend against the previous run, never an identity
code; opened in headless Chromium, where no column is pushed off screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quality.check_text import check_text, count_label, manifest_tests
from quality.registry import ALL_CHECKS, PIPELINE_CHECK_TEXTS
from reports import render_quality
from reports.quality_report import check_from_record, previous_summary
from tests.support.browser import layout, screenshot

LONGEST_DBT_NAME = (
    "expression_is_true_esf_indicators__status_ok_and_men_is_not_null_and_women_is_not_null_and_"
    "total_is_not_null_and_note_or_status_not_available_and_men_is_null_and_women_is_null_and_"
    "total_is_null_and_note_"
)

CHECKS = [
    {
        "name": "stock_flow_identity",
        "asset": "marts/monthly_flows",
        "severity": "blocking",
        "passed": False,
        "counts": {"rows_failing": 2},
        "examples": ["297, 2021-03: 120 != 118 + 7 - 4", "person 010190-912X overlaps"],
        "description": "unemployed_end(m) = unemployed_end(m-1) + inflow(m) - outflow(m)",
    },
    {
        "name": "esf_total_is_sum",
        "asset": "marts/esf_indicators",
        "severity": "warning",
        "passed": True,
        "counts": {},
        "examples": [],
        "description": "total = men + women",
    },
]


def _dbt_record(name: str, asset: str, passed: bool = True, failing: int = 0) -> dict:
    """A check record as the Dagster job records a dbt test (pipelines/run_record.py, with
    dagster-dbt's metadata)."""
    return {
        "name": name,
        "asset": asset,
        "passed": passed,
        "severity": "blocking",
        "description": "",
        "metadata": {"dagster_dbt/failed_row_count": failing, "Execution Duration": 0.02},
    }


#: records as a real run has them: dbt tests (the longest generated name among them), checks of
#: quality/ with their numeric metadata, a ledger check of pipelines/
RECORDS = [
    _dbt_record(LONGEST_DBT_NAME, "marts/esf_indicators", passed=False, failing=3),
    _dbt_record("not_null_monthly_flows_inflow", "marts/monthly_flows"),
    _dbt_record("assert_monthly_flows_stock_flow_identity", "marts/monthly_flows"),
    {
        "name": "esf_osallistujat_complete_records",
        "asset": "raw/snapshot_selection",
        "passed": False,
        "severity": "warning",
        "description": "esf/osallistujat: at least 80 % ... Result: 1 of 2 projects below.",
        "metadata": {
            "min_share": 0.8,
            "S21001_participants": 1234,
            "S21001_complete": 900,
            "S21001_complete_share": 0.7293,
            "seconds": 0.4,
            "examples": [
                "person_id 791bf0a5b0eeb52ce6494abc0d0eb58f, project_code S21001, file_name "
                "osallistujat_20221231.xlsx, row_number 20, status_missing True"
            ],
        },
    },
    {
        "name": "ledger_counts_add_up",
        "asset": "raw/load_ledger",
        "passed": True,
        "severity": "blocking",
        "description": "",
        "metadata": {"files_checked": 62, "files_failing": 0},
    },
]
RUN = {
    "as_of": "2022-12-31",
    "published": False,
    "publishable": False,
    "message": "A blocking check failed, nothing was published: marts/esf_indicators:...",
    "software_version": "0.1.0",
    "started_at": "2026-12-01T03:31:07+00:00",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for lang in ("fi", "en"):
        folder = tmp_path_factory.mktemp(f"quality-{lang}")
        previous = {"as_of": "2022-11-30", "failed": 0, "checks": {}}
        render_quality({"run": RUN, "checks": RECORDS, "lang": lang, "previous": previous}, folder)
        out[lang] = folder / "quality" / "quality.html"
    return out


def _text(html: Path) -> str:
    """The page's visible text (tags and the style block removed)."""
    body = html.read_text("utf-8")
    body = re.sub(r"<style>.*?</style>", " ", body, flags=re.S).replace("<wbr>", "")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_quality_files_are_written_even_when_nothing_is_published(tmp_path):
    written = render_quality(
        {"run": {"as_of": "2022-04-30", "published": False}, "checks": CHECKS}, tmp_path
    )
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "quality/quality.html",
        "quality/results.json",
    ]
    data = json.loads((tmp_path / "quality" / "results.json").read_text("utf-8"))
    assert data["summary"] == {
        "total": 2,
        "passed": 1,
        "failed": 1,
        "failed_blocking": 1,
        "failed_warning": 0,
    }
    assert [c["name"] for c in data["checks"]] == ["stock_flow_identity", "esf_total_is_sum"]
    assert data["checks"][0]["counts"] == {"rows_failing": 2}
    text = _text(tmp_path / "quality" / "quality.html")
    assert "stock_flow_identity" in text and "esf_total_is_sum" in text
    assert "1 estävä tarkistus epäonnistui; mitään ei julkaistu." in text


def test_identity_codes_are_scrubbed_from_examples(tmp_path):
    render_quality({"checks": CHECKS}, tmp_path)
    for name in ("quality.html", "results.json"):
        text = (tmp_path / "quality" / name).read_text("utf-8")
        assert "010190-912X" not in text
        assert "[identity code removed]" in text


def test_trend_compares_with_the_previous_run(tmp_path):
    first = [dict(CHECKS[0], passed=True), CHECKS[1]]
    render_quality({"run": {"as_of": "2022-03-31"}, "checks": first}, tmp_path)
    previous = previous_summary(tmp_path)
    assert previous["as_of"] == "2022-03-31" and previous["failed"] == 0
    render_quality(
        {"run": {"as_of": "2022-04-30"}, "checks": CHECKS, "previous": previous}, tmp_path
    )
    data = json.loads((tmp_path / "quality" / "results.json").read_text("utf-8"))
    assert [c["trend"] for c in data["checks"]] == ["newly failing", "unchanged"]
    assert data["previous"]["as_of"] == "2022-03-31"
    assert "checks" not in data["previous"]
    text = _text(tmp_path / "quality" / "quality.html")
    assert "uusi virhe" in text and "ennallaan" in text
    assert "epäonnistui edellisessä ajossa (tilannepäivä 31.3.2022)" in text


def test_runner_records_are_accepted_as_they_come():
    record = {
        "name": "no_rejected_files",
        "asset": "raw/ledger",
        "passed": False,
        "severity": "blocking",
        "description": "",
        "metadata": {
            "rejected_files": 1,
            "examples": ["kunta/palvelut_20220430.csv"],
            "note": "text",
        },
    }
    check = check_from_record(record)
    assert check["counts"] == {"rejected_files": 1}
    assert check["examples"] == ["kunta/palvelut_20220430.csv"]
    assert check["severity"] == "blocking" and check["passed"] is False
    # the ledger check names its rejected files under `rejected`: they are its examples
    record["metadata"] = {
        "files_rejected": 1,
        "rejected": [{"file": "palvelut_20220430.csv", "source": "kunta/palvelut", "reason": "x"}],
    }
    assert check_from_record(record)["examples"] == [
        "file palvelut_20220430.csv, source kunta/palvelut, reason x"
    ]


def test_a_dbt_test_is_titled_from_its_metadata_not_its_generated_name():
    assert len(LONGEST_DBT_NAME) == 203
    inflow = {"name": "not_null_monthly_flows_inflow"}
    assert check_text(inflow, "fi").title == "monthly_flows.inflow ei ole tyhjä"
    assert check_text(inflow, "en").title == "monthly_flows.inflow is never empty"
    assert check_text(inflow, "fi").description == (
        "Sarakkeessa inflow ei ole yhtään tyhjää (NULL) arvoa."
    )
    long_fi = check_text({"name": LONGEST_DBT_NAME}, "fi")
    assert long_fi.known and long_fi.title.startswith("esf_indicators: (status = 'ok' and men")
    assert len(long_fi.title) <= 90 and long_fi.title.endswith("…")
    assert long_fi.description.startswith("Ehto (status = 'ok' and men is not null")
    # the record may carry the test's metadata itself (a job that records it)
    carried = {
        "name": "x",
        "metadata": {
            "dbt_test": {"test": "unique", "model": "service_process", "column": "person_id"}
        },
    }
    assert check_text(carried, "en").title == "service_process.person_id is unique"


def test_every_dbt_test_and_quality_check_has_a_short_title_in_both_languages():
    tests = manifest_tests()
    assert len(tests) > 250  # the manifest was read
    names = [*tests, *(c.name for c in ALL_CHECKS), *PIPELINE_CHECK_TEXTS]
    for name in names:
        fi, en = check_text({"name": name}, "fi"), check_text({"name": name}, "en")
        assert fi.known and en.known, name
        assert fi.title != en.title or name.startswith("expression_is_true"), name
        assert 0 < len(fi.title) <= 110 and 0 < len(en.title) <= 110, name
        assert fi.description and en.description, name


def test_the_checks_of_quality_have_their_texts_next_to_their_definition():
    for check in ALL_CHECKS:
        assert all(check.title) and check.description_fi and check.why_fi, check.name
    from pipelines.checks.ledger import ledger_checks

    defined = {spec.name for c in ledger_checks for spec in c.check_specs}
    assert defined == set(PIPELINE_CHECK_TEXTS)


def test_counts_read_as_words_in_both_languages():
    assert count_label("dagster_dbt/failed_row_count", "fi")[:2] == ("virheellisiä rivejä", "count")
    assert count_label("dagster_dbt/failed_row_count", "en")[0] == "failing rows"
    assert count_label("koulutusaste_bad_rows", "fi")[0] == "rivejä, joilla koulutusaste ei kelpaa"
    assert count_label("S21001_complete_share", "en")[:2] == ("S21001: share complete", "share")
    assert count_label("long_term_within_unemployed", "fi")[0] == "CO02 ≤ CO01 ei päde"
    assert count_label("something_new", "fi") == ("something new", "count", False)


def test_each_check_shows_title_description_and_counts_in_the_chosen_language(pages):
    fi, en = _text(pages["fi"]), _text(pages["en"])
    assert "monthly_flows.inflow ei ole tyhjä" in fi
    assert "monthly_flows.inflow is never empty" in en
    assert "Kirjanpito täsmää: luetut = ladatut + karanteeni" in fi
    assert "virheellisiä rivejä: 3" in fi and "failing rows: 3" in en
    assert "S21001: täydellisten osuus: 72,9 %" in fi
    assert "S21001: share complete: 72.9 %" in en
    assert "S21001: osallistujia: 1 234" in fi and "S21001: participants: 1,234" in en
    # timings are for machines (results.json), not counts
    assert "Execution Duration" not in fi and "seconds" not in en
    assert "dagster_dbt/failed_row_count" not in fi + en


@pytest.mark.parametrize(
    ("lang", "foreign"),
    [
        (
            "fi",
            r"\b(checks?|passed|failed|blocking|warnings?|published|True|False|Result|Counts|"
            r"Examples|Asset|Reference day|is never empty|failing rows)\b",
        ),
        (
            "en",
            r"\b(tarkistus\w*|läpäisty|estäv\w*|varoitu\w*|julkaist\w*|Tilannepäivä|Määrät|"
            r"Esimerkit|Kohde|Tulos|ei ole tyhjä|virheellisiä)\b",
        ),
    ],
)
def test_one_language_throughout(pages, lang, foreign):
    # the examples are the offending rows' data as recorded (column names and values)
    html = re.sub(r'<tr class="examples">.*?</tr>', "", pages[lang].read_text("utf-8"), flags=re.S)
    page = pages[lang].with_name("no-examples.html")
    page.write_text(html, "utf-8")
    text = _text(page)
    # machine names (a smaller line) are the same in both languages
    for record in RECORDS:
        text = text.replace(record["name"], "")
    found = re.findall(foreign, text)
    assert found == [], found
    assert f'<html lang="{lang}">' in pages[lang].read_text("utf-8")


def test_a_failed_run_says_why_in_the_chosen_language(pages):
    fi, en = _text(pages["fi"]), _text(pages["en"])
    assert "1 estävä tarkistus epäonnistui; mitään ei julkaistu." in fi
    assert "1 blocking check failed; nothing was published." in en
    assert "Julkaistu: ei" in fi and "Published: no" in en
    assert "Tilannepäivä: 31.12.2022" in fi and "Reference day: 2022-12-31" in en


def test_no_column_is_pushed_off_screen_in_chromium(pages, tmp_path):
    """Seen by eye on the screenshots (1280 px and 800 px): the long generated dbt name wraps
    in a small grey line under a bold title, every column stays on screen, examples run under
    their check across the table; written down here as layout assertions."""
    for lang, page in pages.items():
        shot = screenshot(page, tmp_path / f"quality-{lang}.png", 1280, 1200)
        assert shot.stat().st_size > 10_000
        for width in (1280, 800):
            seen = layout(page, width)
            assert seen["scrollWidth"] <= seen["viewport"] == width
            assert seen["overflowing"] == [], seen["overflowing"][:3]
        seen = layout(page, 1280)
        assert len(seen["rows"]) == len(RECORDS)
        for row in seen["rows"]:
            # one line of cells side by side, all within the viewport
            lefts = [c["left"] for c in row["cells"]]
            assert lefts == sorted(lefts) and row["cells"][-1]["right"] <= 1280
            assert row["titleSize"] > row["machineSize"] and row["titleWeight"] in ("600", "700")
            assert row["title"] != row["machine"]
        first = seen["rows"][0]  # failures first: the 203-character dbt name
        assert first["machine"].replace("\n", "") == LONGEST_DBT_NAME
        assert first["cells"][0]["right"] - first["cells"][0]["left"] < 0.55 * 1280
        heads = {"fi": ["Tarkistus", "Kohde", "Tulos", "Määrät", "Muutos"]}
        heads["en"] = ["Check", "Asset", "Result", "Counts", "Change"]
        assert seen["headers"] == heads[lang]
        tiles = {
            "fi": ["5\ntarkistusta", "3\nläpäisty", "1\nestävää virhettä", "1\nvaroitusta"],
            "en": ["5\nchecks", "3\npassed", "1\nblocking failures", "1\nwarnings"],
        }
        assert seen["tiles"][:4] == tiles[lang]
