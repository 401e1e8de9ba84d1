"""Atomic publication: nothing changes under --out until every file is ready, then all at once."""

from __future__ import annotations

import os

import duckdb
import pytest

from reports import publish, render_export
from reports import publishing as publish_module


def _previous(out):
    (out / "export").mkdir(parents=True)
    (out / "export" / "esf_indicators.csv").write_text("old csv\n")
    (out / "report").mkdir()
    (out / "report" / "indicators.html").write_text("old html\n")


def _staged(staging):
    (staging / "export").mkdir(parents=True)
    (staging / "export" / "esf_indicators.csv").write_text("new csv\n")
    (staging / "report").mkdir()
    (staging / "report" / "indicators.html").write_text("new html\n")


def test_publish_moves_every_staged_file_into_place(tmp_path):
    out, staging = tmp_path / "out", tmp_path / "out" / ".staging"
    _previous(out)
    _staged(staging)
    publish(staging, out)
    assert (out / "export" / "esf_indicators.csv").read_text() == "new csv\n"
    assert (out / "report" / "indicators.html").read_text() == "new html\n"
    assert not [p for p in out.rglob("*.askel-tmp")]


def test_a_run_that_fails_while_rendering_leaves_the_previous_outputs_untouched(tmp_path):
    out, staging = tmp_path / "out", tmp_path / "out" / ".staging"
    _previous(out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(Exception):  # noqa: B017 - any failure before publish
        render_export(duckdb.connect(), staging, {})  # no marts: the export cannot be rendered
        publish(staging, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_failure_half_way_through_publishing_changes_no_published_file(tmp_path, monkeypatch):
    out, staging = tmp_path / "out", tmp_path / "out" / ".staging"
    _previous(out)
    _staged(staging)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:  # the second file cannot be staged next to its target
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", flaky_replace)
    monkeypatch.setattr(
        publish_module.shutil, "copy2", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full"))
    )
    with pytest.raises(OSError):
        publish(staging, out)
    assert (out / "export" / "esf_indicators.csv").read_text() == "old csv\n"
    assert (out / "report" / "indicators.html").read_text() == "old html\n"
    assert not [p for p in out.rglob("*.askel-tmp")]
