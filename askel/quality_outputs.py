"""quality/results.json and quality/quality.html: written after every run, published or not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from askel.runner import now_iso


def previous_summary(quality_dir: Path) -> dict[str, Any] | None:
    """The summary of the previous run's results.json, for the trend."""
    path = quality_dir / "results.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data.get("summary")


def write_quality_outputs(out: Path, checks: list[dict[str, Any]], *, publishable: bool) -> None:
    from reports import render_quality

    quality_dir = out / "quality"
    quality_dir.mkdir(parents=True, exist_ok=True)
    summary = {
        "generated_at": now_iso(),
        "checks": len(checks),
        "passed": sum(c["passed"] for c in checks),
        "failed_blocking": sum(not c["passed"] and c["severity"] == "blocking" for c in checks),
        "failed_warning": sum(not c["passed"] and c["severity"] == "warning" for c in checks),
        "publishable": publishable,
    }
    results = {
        "summary": summary,
        "previous": previous_summary(quality_dir),
        "checks": checks,
    }
    render_quality(results, quality_dir)
