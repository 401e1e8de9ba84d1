"""The quality report: `quality/quality.html` and `quality/results.json`, written on EVERY run,
published or not (a blocked run is exactly when people need it).

`results` (the input of :func:`render_quality`) is a plain dict:

```
{
  "run": {"as_of": "2022-04-30", "published": False, "message": "...", "software_version": "...",
          "started_at": "..."},                          # every key optional
  "checks": [{
      "name": "stock_flow_identity", "asset": "marts/monthly_flows",
      "severity": "blocking" | "warning", "passed": bool,
      "counts": {"rows_failing": 3, ...},                # numbers, optional
      "examples": ["municipality 297, 2021-03: 120 ≠ 118 + 7 − 4", ...],   # pseudonymised
      "description": "unemployed_end(m) = unemployed_end(m-1) + inflow(m) - outflow(m)",
  }, ...],
  "previous": {...} | None,   # the previous run's summary: `previous_summary(out_dir)`
  "lang": "en" | "fi",        # optional, default en
}
```

Check records of `askel.runner` (name, asset, passed, severity, description, metadata) are
turned into this shape by :func:`check_from_record`. Examples and descriptions are scrubbed of
anything shaped like a Finnish identity code before they are written, as a last safeguard.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2

from reports.i18n import Translator
from reports.publishing import atomic_write_bytes

HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
MAX_EXAMPLES = 10


def scrub(text: Any) -> str:
    return HETU.sub("[identity code removed]", str(text))


def check_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """A check of the shape above from a runner record (`metadata` holds counts and examples)."""
    metadata = dict(record.get("metadata") or {})
    examples = metadata.pop("examples", None) or record.get("examples") or []
    counts = dict(record.get("counts") or {})
    for key, value in metadata.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            counts.setdefault(key, value)
    return {
        "name": str(record.get("name", "")),
        "asset": str(record.get("asset", "")),
        "severity": "blocking" if record.get("severity") == "blocking" else "warning",
        "passed": bool(record.get("passed")),
        "counts": counts,
        "examples": examples if isinstance(examples, list) else [examples],
        "description": str(record.get("description") or ""),
    }


def _key(check: dict[str, Any]) -> str:
    return f"{check.get('asset', '')}:{check.get('name', '')}"


def summarise(checks: list[dict[str, Any]]) -> dict[str, Any]:
    failed = [c for c in checks if not c["passed"]]
    return {
        "total": len(checks),
        "passed": len(checks) - len(failed),
        "failed": len(failed),
        "failed_blocking": sum(1 for c in failed if c["severity"] == "blocking"),
        "failed_warning": sum(1 for c in failed if c["severity"] != "blocking"),
    }


def previous_summary(out_dir: Path) -> dict[str, Any] | None:
    """The summary of the run whose quality/results.json is in `out_dir`, for the trend."""
    path = Path(out_dir) / "quality" / "results.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {
        "as_of": (data.get("run") or {}).get("as_of"),
        "started_at": (data.get("run") or {}).get("started_at"),
        "published": (data.get("run") or {}).get("published"),
        **(data.get("summary") or {}),
        "checks": {_key(c): bool(c.get("passed")) for c in data.get("checks", [])},
    }


def _normalise(check: dict[str, Any]) -> dict[str, Any]:
    c = check_from_record(check) if "metadata" in check else dict(check)
    c.setdefault("counts", {})
    c.setdefault("examples", [])
    c.setdefault("description", "")
    c["severity"] = "blocking" if c.get("severity") == "blocking" else "warning"
    c["passed"] = bool(c.get("passed"))
    c["examples"] = [scrub(e) for e in list(c["examples"])[:MAX_EXAMPLES]]
    c["description"] = scrub(c["description"])
    return c


def _trend(check: dict[str, Any], previous: dict[str, Any] | None) -> str:
    if not previous:
        return ""
    before = (previous.get("checks") or {}).get(_key(check))
    if before is None:
        return "new"
    if before and not check["passed"]:
        return "newly failing"
    if not before and check["passed"]:
        return "fixed"
    return "unchanged"


TEMPLATE = (Path(__file__).parent / "templates" / "quality.html.j2").read_text(encoding="utf-8")


def render_quality(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write `out_dir/quality/quality.html` and `results.json` (each atomically)."""
    t = Translator(results.get("lang", "en"))
    run = dict(results.get("run") or {})
    checks = [_normalise(c) for c in results.get("checks", [])]
    # failures first (blocking, then warnings), then by asset and name
    checks.sort(key=lambda c: (c["passed"], c["severity"] != "blocking", c["asset"], c["name"]))
    previous = results.get("previous")
    for c in checks:
        c["trend"] = _trend(c, previous)
    summary = summarise(checks)
    ok = summary["failed_blocking"] == 0 and run.get("published", True) is not False
    message = scrub(
        run.get("message")
        or (
            "All blocking checks passed."
            if summary["failed_blocking"] == 0
            else f"{summary['failed_blocking']} blocking check(s) failed; nothing was published."
        )
    )
    folder = Path(out_dir) / "quality"
    payload = {
        "run": run,
        "summary": summary,
        "checks": checks,
        "previous": {k: v for k, v in (previous or {}).items() if k != "checks"} or None,
    }
    json_path = folder / "results.json"
    atomic_write_bytes(
        json_path, (json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n").encode()
    )
    env = jinja2.Environment(autoescape=True)
    html = env.from_string(TEMPLATE).render(
        t=t,
        lang=t.lang,
        s=summary,
        checks=checks,
        previous=previous,
        ok=ok,
        message=message,
        run_items=[
            (k, v)
            for k, v in run.items()
            if k in ("as_of", "started_at", "software_version", "published")
        ],
    )
    html_path = folder / "quality.html"
    atomic_write_bytes(html_path, html.encode("utf-8"))
    return [html_path, json_path]
