"""The quality report: written on every run, every check with counts and examples, a trend
against the previous run, and never an identity code."""

from __future__ import annotations

import json

from reports import render_quality
from reports.quality_report import check_from_record, previous_summary

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
    html = (tmp_path / "quality" / "quality.html").read_text("utf-8")
    assert "stock_flow_identity" in html and "esf_total_is_sum" in html
    assert "nothing was published" in html


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
