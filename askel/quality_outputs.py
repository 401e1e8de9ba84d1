"""quality/results.json and quality/quality.html: written after every run, published or not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from askel.run_meta import software_version


def write_quality_outputs(
    out: Path,
    checks: list[dict[str, Any]],
    *,
    publishable: bool,
    published: bool,
    message: str,
    started_at: str,
    as_of: str | None,
    lang: str = "en",
) -> list[Path]:
    """Render the quality report of this run, with the previous run's summary for the trend.

    `publishable` says whether every blocking check passed (what `askel report` / `askel
    export` rely on); `published` whether this run replaced the report and export.
    """
    from reports import render_quality
    from reports.quality_report import previous_summary

    results = {
        "run": {
            "as_of": as_of,
            "published": published,
            "publishable": publishable,
            "message": message,
            "software_version": software_version(),
            "started_at": started_at,
        },
        "checks": checks,
        "previous": previous_summary(out),
        "lang": lang,
    }
    return render_quality(results, out)
