"""The quality report: `quality/quality.html` and `quality/results.json`, written on EVERY run,
published or not (a blocked run is exactly when people need it).

`results` (the input of :func:`render_quality`) is a plain dict:

```
{
  "run": {"as_of": "2022-04-30", "published": False, "publishable": False, "message": "...",
          "software_version": "...", "started_at": "..."},   # every key optional
  "checks": [{
      "name": "stock_flow_identity", "asset": "marts/monthly_flows",
      "severity": "blocking" | "warning", "passed": bool,
      "counts": {"rows_failing": 3, ...},                # numbers, optional
      "examples": ["municipality 297, 2021-03: 120 ≠ 118 + 7 − 4", ...],   # pseudonymised
      "description": "unemployed_end(m) = unemployed_end(m-1) + inflow(m) - outflow(m)",
  }, ...],
  "previous": {...} | None,   # the previous run's summary: `previous_summary(out_dir)`
  "lang": "fi" | "en",        # optional, default fi (the command's --lang)
}
```

Check records of the Dagster job (pipelines/run_record.py: name, asset, passed, severity,
description, metadata) are turned into this shape by :func:`check_from_record`. Every word of
the page is in the run's language: each check's title, description and severity reason come from
:func:`quality.check_text.check_text`, its counts are named in words
(:func:`quality.check_text.count_label`; timings are left to results.json), and the machine name
stays visible in a smaller line for whoever greps the logs. The recorded (English) description
is kept in results.json. Examples and descriptions are scrubbed of anything shaped like a
Finnish identity code before they are written, as a last safeguard.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from quality.check_text import NOT_COUNTS, SHARE, check_text, count_label, manifest_tests
from reports.i18n import Translator
from reports.publishing import atomic_write_bytes

#: metadata lists that name what a check found, shown as its examples: the ledger checks of
#: pipelines/checks/ledger.py list the files rejected whole / the required sources missing
LISTED_AS_EXAMPLES = ("rejected", "missing")

HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
MAX_EXAMPLES = 10

#: every word of the page: key -> (Finnish, English)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Laaduntarkistukset", "Quality checks"),
    "check": ("Tarkistus", "Check"),
    "asset": ("Kohde", "Asset"),
    "result": ("Tulos", "Result"),
    "counts": ("Määrät", "Counts"),
    "examples": ("Esimerkit", "Examples"),
    "trend": ("Muutos", "Change"),
    "why": ("Miksi", "Why"),
    "tile_checks": ("tarkistusta", "checks"),
    "tile_passed": ("läpäisty", "passed"),
    "tile_blocking": ("estävää virhettä", "blocking failures"),
    "tile_warnings": ("varoitusta", "warnings"),
    "tile_previous": ("epäonnistui edellisessä ajossa", "failed in the previous run"),
    "as_of": ("Tilannepäivä", "Reference day"),
    "started_at": ("Aloitettu", "Started"),
    "software_version": ("Ohjelmistoversio", "Software version"),
    "published": ("Julkaistu", "Published"),
    "yes": ("kyllä", "yes"),
    "no": ("ei", "no"),
    "blocking": ("estävä", "blocking"),
    "warning": ("varoitus", "warning"),
    "badge_passed": ("läpäisty", "passed"),
    "badge_failed": ("epäonnistui", "failed"),
    "badge_warning": ("varoitus", "warning"),
    "trend_new": ("uusi", "new"),
    "trend_newly failing": ("uusi virhe", "newly failing"),
    "trend_fixed": ("korjautunut", "fixed"),
    "trend_unchanged": ("ennallaan", "unchanged"),
    "msg_published": (
        "Kaikki estävät tarkistukset läpäistiin; raportti ja vienti julkaistiin.",
        "All blocking checks passed; the report and the export were published.",
    ),
    "msg_publishable": (
        "Kaikki estävät tarkistukset läpäistiin (tarkistusajo: mitään ei julkaistu).",
        "All blocking checks passed (a check run: nothing was published).",
    ),
    "msg_passed": ("Kaikki estävät tarkistukset läpäistiin.", "All blocking checks passed."),
    "msg_blocked_1": (
        "1 estävä tarkistus epäonnistui; mitään ei julkaistu.",
        "1 blocking check failed; nothing was published.",
    ),
    "msg_blocked_n": (
        "{n} estävää tarkistusta epäonnistui; mitään ei julkaistu.",
        "{n} blocking checks failed; nothing was published.",
    ),
    "msg_failed": (
        "Ajo epäonnistui; mitään ei julkaistu. Tekninen syy:",
        "The run failed; nothing was published. Technical cause:",
    ),
    "previous_as_of": ("tilannepäivä {d}", "reference day {d}"),
}


class Words:
    """The page's words and numbers in one language."""

    def __init__(self, lang: str) -> None:
        self.numbers = Translator(lang)
        self.lang = lang
        self._i = 0 if lang == "fi" else 1

    def __call__(self, key: str, **kwargs: object) -> str:
        text = WORDS[key][self._i]
        return text.format(**kwargs) if kwargs else text

    def value(self, value: Any, kind: str) -> str:
        if value is None:
            return "–"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        if kind == SHARE:
            return self.numbers.percent(float(value), 1)
        if float(value).is_integer():
            return self.numbers.integer(int(value))
        return self.numbers.decimal(float(value), 2)

    def timestamp(self, text: Any) -> str:
        try:
            moment = dt.datetime.fromisoformat(str(text))
        except ValueError:
            return str(text)
        utc = " UTC" if moment.utcoffset() == dt.timedelta(0) else ""
        return f"{self.numbers.date(moment.date())} {moment:%H:%M}{utc}"


def scrub(text: Any) -> str:
    return HETU.sub("[identity code removed]", str(text))


def check_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """A check of the shape above from a runner record (`metadata` holds counts and examples)."""
    metadata = dict(record.get("metadata") or {})
    examples = metadata.pop("examples", None) or record.get("examples") or []
    listed = next((metadata[k] for k in LISTED_AS_EXAMPLES if metadata.get(k)), None)
    if not examples and isinstance(listed, list):
        examples = [
            ", ".join(f"{k} {v}" for k, v in r.items()) if isinstance(r, dict) else str(r)
            for r in listed
        ]
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


LAYERS = ("raw", "reference", "staging", "intermediate", "marts")


def _layer(asset: str) -> int:
    head = asset.split("/", 1)[0]
    return LAYERS.index(head) if head in LAYERS else len(LAYERS)


def breakable(text: Any) -> Markup:
    """`text` escaped, with a line-break opportunity after each `/` and `_`, so that a long
    machine name wraps between its words rather than pushing its column wider."""
    escaped = str(escape(str(text)))
    return Markup(re.sub(r"([/_])", r"\1<wbr>", escaped))


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


def _for_people(
    check: dict[str, Any], record: dict[str, Any], w: Words, dbt_tests: dict
) -> dict[str, Any]:
    """What the page shows of one check, in the page's language."""
    text = check_text(
        {
            "name": check["name"],
            "asset": check["asset"],
            "metadata": record.get("metadata") or {},
            "description": check["description"],
        },
        w.lang,
        dbt_tests,
    )
    counts = []
    for key, value in check["counts"].items():
        if key in NOT_COUNTS:
            continue
        label, kind, _ = count_label(key, w.lang)
        counts.append((label, w.value(value, kind)))
    if check["passed"]:
        badge = ("pass", w("badge_passed"))
    elif check["severity"] == "blocking":
        badge = ("fail", w("badge_failed"))
    else:
        badge = ("warn", w("badge_warning"))
    return {
        "title": scrub(text.title),
        "description": scrub(text.description),
        # the reason for the severity matters when the check failed; on every passed row it
        # would only repeat itself
        "why": "" if check["passed"] else scrub(text.why),
        "known": text.known,
        "machine_name": check["name"],
        "asset": check["asset"],
        "severity": w(check["severity"]),
        "badge": badge,
        "counts": counts,
        "examples": check["examples"],
        "trend": w(f"trend_{check['trend']}") if check["trend"] else "",
    }


def _headline(run: dict[str, Any], summary: dict[str, Any], w: Words) -> tuple[str, str]:
    """(sentence, technical detail) saying what the run did, in the page's language."""
    blocked = summary["failed_blocking"]
    if blocked:
        return (w("msg_blocked_1") if blocked == 1 else w("msg_blocked_n", n=blocked)), ""
    if run.get("published") is True:
        return w("msg_published"), ""
    if run.get("published") is False and run.get("publishable") is not True:
        return w("msg_failed"), scrub(run.get("message") or "")
    if run.get("published") is False:
        return w("msg_publishable"), ""
    return w("msg_passed"), ""


def _run_items(run: dict[str, Any], w: Words) -> list[tuple[str, str]]:
    items = []
    if run.get("as_of"):
        items.append((w("as_of"), w.numbers.date(run["as_of"])))
    if run.get("started_at"):
        items.append((w("started_at"), w.timestamp(run["started_at"])))
    if run.get("software_version"):
        items.append((w("software_version"), str(run["software_version"])))
    if run.get("published") is not None:
        items.append((w("published"), w("yes") if run["published"] else w("no")))
    return items


TEMPLATE = (Path(__file__).parent / "templates" / "quality.html.j2").read_text(encoding="utf-8")


def render_quality(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write `out_dir/quality/quality.html` and `results.json` (each atomically)."""
    w = Words(results.get("lang") or "fi")
    run = dict(results.get("run") or {})
    pairs = [(_normalise(c), c) for c in results.get("checks", [])]
    # failures first (blocking, then warnings), then by layer (in lineage order), asset, name
    pairs.sort(
        key=lambda p: (
            p[0]["passed"],
            p[0]["severity"] != "blocking",
            _layer(p[0]["asset"]),
            p[0]["asset"],
            p[0]["name"],
        )
    )
    checks = [c for c, _ in pairs]
    previous = results.get("previous")
    for c in checks:
        c["trend"] = _trend(c, previous)
    summary = summarise(checks)
    ok = summary["failed_blocking"] == 0 and run.get("published", True) is not False
    headline, detail = _headline(run, summary, w)
    dbt_tests = manifest_tests()
    shown = [_for_people(c, record, w, dbt_tests) for c, record in pairs]
    for c, s in zip(checks, shown, strict=True):
        c["title"] = s["title"]
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
    previous_as_of = (previous or {}).get("as_of")
    env = jinja2.Environment(autoescape=True)
    env.filters["breakable"] = breakable
    html = env.from_string(TEMPLATE).render(
        w=w,
        lang=w.lang,
        s={k: w.numbers.integer(v) for k, v in summary.items()},
        checks=shown,
        previous=previous,
        previous_failed=(
            w.numbers.integer(previous["failed"])
            if previous and previous.get("failed") is not None
            else "–"
        ),
        previous_as_of=w("previous_as_of", d=w.numbers.date(previous_as_of))
        if previous_as_of
        else "",
        ok=ok,
        message=headline,
        detail=detail,
        run_items=_run_items(run, w),
    )
    html_path = folder / "quality.html"
    atomic_write_bytes(html_path, html.encode("utf-8"))
    return [html_path, json_path]
