"""What a person reads about a check: a short title, a description and the reason for its
severity, in Finnish or English; and each count of a check in words.

:func:`check_text` is a pure function of a check record (`name`, `asset`, `metadata`,
`description`, as the Dagster job records them (pipelines/run_record.py)) and the dbt manifest:
- a check of `quality/` takes the title and texts written next to its definition
  (quality/registry.py; `PIPELINE_CHECK_TEXTS` there for the checks defined in pipelines/);
- a dbt test takes its title from the test's metadata in dbt's manifest (test name, model,
  column, arguments): `monthly_flows.inflow ei ole tyhjä` / `monthly_flows.inflow is never
  empty`; a singular dbt test from the `meta` written beside it (dbt_project/tests/*.yml);
- anything else falls back to its machine name and recorded description (`known` is False, so
  a test can insist that every check of a run is known).

The manifest is read from `askel.dbt_manifest.MANIFEST` (once per file version) unless the
caller hands over the test nodes itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGS = ("fi", "en")

#: a dbt test node of the manifest, reduced to what the texts need
DbtTest = dict[str, Any]


@dataclass(frozen=True)
class CheckText:
    title: str
    description: str
    why: str = ""
    known: bool = True


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[LANGS.index(lang)]


# -- dbt tests ----------------------------------------------------------------------------------


def dbt_tests_of(manifest: Mapping[str, Any]) -> dict[str, DbtTest]:
    """test name -> {test, kwargs, model, column, meta, description} from a parsed manifest."""
    out: dict[str, DbtTest] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "test":
            continue
        meta = node.get("test_metadata") or {}
        attached = node.get("attached_node") or ""
        parents = (node.get("depends_on") or {}).get("nodes") or []
        model = attached.rsplit(".", 1)[-1] if attached else ""
        if not model and len(parents) == 1:
            model = parents[0].rsplit(".", 1)[-1]
        out[node["name"]] = {
            "test": meta.get("name"),
            "kwargs": dict(meta.get("kwargs") or {}),
            "model": model,
            "column": node.get("column_name"),
            "meta": dict((node.get("config") or {}).get("meta") or {}),
            "description": node.get("description") or "",
        }
    return out


@lru_cache(maxsize=4)
def _read_manifest_tests(path: str, mtime: float) -> dict[str, DbtTest]:
    return dbt_tests_of(json.loads(Path(path).read_text(encoding="utf-8")))


def manifest_tests() -> dict[str, DbtTest]:
    """The dbt tests of the project's current manifest ({} when there is none)."""
    from askel.dbt_manifest import MANIFEST

    try:
        return _read_manifest_tests(str(MANIFEST), MANIFEST.stat().st_mtime)
    except (OSError, ValueError):
        return {}


def _ref_name(text: Any) -> str:
    """`ref('x')` -> x; `source('a', 'b')` -> a.b; anything else as it is."""
    found = re.search(r"ref\(\s*['\"]([^'\"]+)['\"]\s*\)", str(text))
    if found:
        return found.group(1)
    found = re.search(r"source\(\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]\s*\)", str(text))
    return f"{found.group(1)}.{found.group(2)}" if found else str(text)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _values(values: Any) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, list | tuple) else str(values)


# test name -> (title fi, title en, description fi, description en); fields: model, column,
# target (model.column or model), and the test's own arguments
DBT_TEST_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "not_null": (
        "{target} ei ole tyhjä",
        "{target} is never empty",
        "Sarakkeessa {column} ei ole yhtään tyhjää (NULL) arvoa.",
        "No value of {column} is empty (NULL).",
    ),
    "unique": (
        "{target} on yksilöllinen",
        "{target} is unique",
        "Jokainen sarakkeen {column} arvo esiintyy vain kerran.",
        "Every value of {column} occurs once.",
    ),
    "accepted_values": (
        "{target} saa vain sallitut arvot",
        "{target} takes only its listed values",
        "Sallitut arvot: {values}.",
        "Allowed values: {values}.",
    ),
    "relationships": (
        "{target} löytyy taulusta {to}",
        "{target} exists in {to}",
        "Jokainen sarakkeen {column} arvo löytyy taulun {to} sarakkeesta {field}.",
        "Every value of {column} is found in {to}.{field}.",
    ),
    "expression_is_true": (
        "{model}: {expression_short}",
        "{model}: {expression_short}",
        "Ehto {expression} pätee jokaisella rivillä.",
        "The condition {expression} holds on every row.",
    ),
    "unique_combination": (
        "{model}: ({columns}) on yksilöllinen",
        "{model}: ({columns}) is unique",
        "Sarakkeet {columns} yksilöivät yhdessä rivin (taulun rakeisuus).",
        "The columns {columns} together identify a row (the table's grain).",
    ),
    "between_bounds": (
        "{target} on välillä {min_value}–{max_value}",
        "{target} lies between {min_value} and {max_value}",
        "Jokainen sarakkeen {column} arvo on välillä {min_value}–{max_value} (tyhjä sallitaan).",
        "Every value of {column} lies from {min_value} to {max_value} (empty passes).",
    ),
    "not_overlapping": (
        "{model}: jaksot eivät mene päällekkäin",
        "{model}: periods do not overlap",
        "Saman {partition_by} -arvon jaksot ({start_column}–{end_column}) eivät jaa yhtään "
        "päivää{merged_fi}.",
        "Periods ({start_column}–{end_column}) of one {partition_by} share no day{merged_en}.",
    ),
}

DBT_WHY = (
    "dbt-testi: malli ei vastaa dokumentoitua sopimustaan, ja sen varaan rakennetut luvut "
    "ovat kyseenalaisia",
    "a dbt test: the model breaks its documented contract, and the figures built on it are in "
    "doubt",
)


def _dbt_text(test: DbtTest, lang: str) -> CheckText | None:
    meta = test.get("meta") or {}
    title = meta.get("title")
    if isinstance(title, Mapping) and title.get(lang):
        description = meta.get(f"description_{lang}") or (
            test.get("description") if lang == "en" else ""
        )
        return CheckText(
            str(title[lang]).strip(), " ".join(str(description or "").split()), _pick(DBT_WHY, lang)
        )
    texts = DBT_TEST_TEXTS.get(str(test.get("test")))
    if texts is None:
        return None
    kwargs = dict(test.get("kwargs") or {})
    model = test.get("model") or _ref_name(kwargs.get("model", ""))
    column = test.get("column") or kwargs.get("column_name") or ""
    merged = bool(kwargs.get("merged"))
    fields = {
        **{k: v for k, v in kwargs.items() if k != "model"},
        "model": model,
        "column": column,
        "target": f"{model}.{column}" if column else model,
        "to": _ref_name(kwargs.get("to", "")),
        "field": kwargs.get("field", ""),
        "values": _values(kwargs.get("values", "")),
        "columns": _values(kwargs.get("columns", "")),
        "expression": " ".join(str(kwargs.get("expression", "")).split()),
        # the title stays within 90 characters whatever the model's name
        "expression_short": _short(kwargs.get("expression", ""), max(30, 88 - len(model))),
        "merged_fi": " eivätkä edes kosketa toisiaan" if merged else "",
        "merged_en": ", nor even touch" if merged else "",
    }
    i = LANGS.index(lang)
    try:
        return CheckText(
            texts[i].format(**fields), texts[2 + i].format(**fields), _pick(DBT_WHY, lang)
        )
    except (KeyError, IndexError):
        return None


# -- the checks of quality/ and pipelines/ ------------------------------------------------------


def _quality_text(name: str, lang: str) -> CheckText | None:
    from quality.registry import BY_NAME, PIPELINE_CHECK_TEXTS

    check = BY_NAME.get(name)
    if check is not None and check.title[0]:
        fi = lang == "fi"
        return CheckText(
            _pick(check.title, lang),
            check.description_fi if fi else check.description,
            check.why_fi if fi else check.why,
        )
    texts = PIPELINE_CHECK_TEXTS.get(name)
    if texts is not None:
        title, description, why = texts
        return CheckText(_pick(title, lang), _pick(description, lang), _pick(why, lang))
    return None


def humanise(name: str) -> str:
    """A machine name made readable as a last resort: `no_rejected_files` -> "No rejected
    files"."""
    words = str(name).replace("__", " ").replace("_", " ").strip()
    return _short(words[:1].upper() + words[1:], 90)


def check_text(
    record: Mapping[str, Any], lang: str = "fi", dbt_tests: Mapping[str, DbtTest] | None = None
) -> CheckText:
    """Title, description and severity reason of the check `record` in `lang` (fi | en).

    `dbt_tests` (test name -> node, see :func:`dbt_tests_of`) defaults to the project's
    manifest; a record may carry its own under `metadata["dbt_test"]`.
    """
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    name = str(record.get("name", ""))
    found = _quality_text(name, lang)
    if found is not None:
        return found
    metadata = record.get("metadata") or {}
    test = metadata.get("dbt_test") if isinstance(metadata, Mapping) else None
    if test is None:
        test = (manifest_tests() if dbt_tests is None else dbt_tests).get(name)
    if test is not None:
        found = _dbt_text(test, lang)
        if found is not None:
            return found
    return CheckText(humanise(name), str(record.get("description") or ""), known=False)


# -- counts in words ----------------------------------------------------------------------------

#: metadata that is not a count of the check (timings): kept in results.json, not shown
NOT_COUNTS = frozenset({"seconds", "Execution Duration"})

COUNT = "count"
SHARE = "share"  # a proportion 0..1 (or a ratio), shown as a percentage

#: count name -> (Finnish, English, kind)
COUNT_LABELS: dict[str, tuple[str, str, str]] = {
    "dagster_dbt/failed_row_count": ("virheellisiä rivejä", "failing rows", COUNT),
    "rows_checked": ("tarkistettuja rivejä", "rows checked", COUNT),
    "rows_read": ("luettuja rivejä", "rows read", COUNT),
    "files_checked": ("tarkistettuja tiedostoja", "files checked", COUNT),
    "files_failing": ("täsmäämättömiä tiedostoja", "files that do not add up", COUNT),
    "files_rejected": ("kokonaan hylättyjä tiedostoja", "files rejected whole", COUNT),
    "sources_missing": ("puuttuvia pakollisia lähteitä", "required sources missing", COUNT),
    "columns_expected": ("odotettuja sarakkeita", "columns expected", COUNT),
    "columns_present": ("sarakkeita mukana", "columns present", COUNT),
    "columns_missing": ("puuttuvia sarakkeita", "columns missing", COUNT),
    "columns_wrong_type": ("väärän tyyppisiä sarakkeita", "columns of the wrong type", COUNT),
    "columns_extra": ("ylimääräisiä sarakkeita", "extra columns", COUNT),
    "duplicate_keys": ("toistuvia avaimia", "repeated keys", COUNT),
    "duplicate_rows": ("ylimääräisiä rivejä toistuvilla avaimilla", "extra rows on them", COUNT),
    "current_rows": ("rivejä nyt", "rows now", COUNT),
    "previous_rows": ("rivejä edellisessä", "rows in the previous", COUNT),
    "ratio": ("rivimäärä edelliseen verrattuna", "rows against the previous", SHARE),
    "min_ratio": ("vähimmäissuhde", "lowest allowed ratio", SHARE),
    "kept_share": ("rivejä tallella edellisestä", "rows kept from the previous", SHARE),
    "min_kept_share": ("pienin sallittu osuus", "lowest allowed share", SHARE),
    "snapshots_below_band": ("alittavia tilannekuvia", "snapshots below the band", COUNT),
    "invalid_hetu_rows": ("virheellisiä henkilötunnuksia", "invalid identity codes", COUNT),
    "invalid_rate": ("virheellisten osuus", "share invalid", SHARE),
    "max_rate": ("suurin sallittu osuus", "highest allowed share", SHARE),
    "files_above_threshold": ("rajan ylittäviä tiedostoja", "files above the limit", COUNT),
    "rate": ("osuus", "share", SHARE),
    "min_share": ("pienin sallittu osuus", "lowest allowed share", SHARE),
    "participants_unemployed_at_entry": (
        "aloittaessaan työttömiä osallistujia",
        "participants unemployed at entry",
        COUNT,
    ),
    "not_in_register": ("puuttuu rekisteristä", "missing from the register", COUNT),
    "te_rows": ("TE-palvelurivejä", "TE service rows", COUNT),
    "te_before_first_registration": (
        "TE-palveluja ennen ensimmäistä jaksoa",
        "TE services before the first period",
        COUNT,
    ),
    "te_never_registered": (
        "TE-palveluja ilman työnhakijajaksoa",
        "TE services of persons never registered",
        COUNT,
    ),
    "kunta_rows": ("kunnan palvelurivejä", "municipal service rows", COUNT),
    "kunta_before_first_registration": (
        "kunnan palveluja ennen ensimmäistä jaksoa",
        "municipal services before the first period",
        COUNT,
    ),
    "kunta_never_registered": (
        "kunnan palveluja ilman työnhakijajaksoa",
        "municipal services of persons never registered",
        COUNT,
    ),
    # row rules of the raw suites (quality/suites.py)
    "end_before_start": ("päättyy ennen alkua", "ends before it starts", COUNT),
    "start_before_birth": ("alkaa ennen syntymää", "starts before birth", COUNT),
    "start_after_extraction": ("alkaa poiminnan jälkeen", "starts after the extraction", COUNT),
    "ended_before_scope": ("päättyi ennen rajausta", "ended before the scope", COUNT),
    "attended_days_out_of_range": (
        "läsnäolopäiviä yli jakson",
        "attended days out of range",
        COUNT,
    ),
    "leaving_before_entry": ("lopetus ennen aloitusta", "leaving before entry", COUNT),
    "entry_before_project_start": (
        "aloitus ennen hankkeen alkua",
        "entry before the project's start",
        COUNT,
    ),
    "entry_before_birth": ("aloitus ennen syntymää", "entry before birth", COUNT),
    "entry_after_extraction": ("aloitus poiminnan jälkeen", "entry after the extraction", COUNT),
    "entry_after_project_end": (
        "aloitus hankkeen päättymisen jälkeen",
        "entry after the project's end",
        COUNT,
    ),
    "month_not_first_day": ("kuukausi ei ala 1. päivänä", "month not on its first day", COUNT),
    "month_differs_from_file": (
        "kuukausi eri kuin tiedoston",
        "month differs from the file's",
        COUNT,
    ),
    "paid_days_out_of_range": ("maksettuja päiviä yli rajan", "paid days out of range", COUNT),
    "negative_cumulative_days": (
        "negatiivisia kertyneitä päiviä",
        "negative cumulative days",
        COUNT,
    ),
    "negative_euros": ("negatiivisia euroja", "negative euros", COUNT),
    # mart checks (quality/mart_checks.py)
    "relation_missing": ("taulu puuttuu", "table missing", COUNT),
    "missing_row": ("puuttuvia rivejä", "missing rows", COUNT),
    "duplicate_row": ("kahdentuneita rivejä", "duplicate rows", COUNT),
    "unexpected_row": ("odottamattomia rivejä", "unexpected rows", COUNT),
    "row_outside_months": ("rivejä kuukausien ulkopuolella", "rows outside the months", COUNT),
    "wrong_reference_day": ("väärä viitepäivä", "wrong reference day", COUNT),
    "unknown_status": ("tuntematon tila", "unknown status", COUNT),
    "wrong_availability": ("väärä saatavuus", "wrong availability", COUNT),
    "identity_broken": ("yhtälö ei päde", "identity broken", COUNT),
    "previous_month_missing": ("edellinen kuukausi puuttuu", "previous month missing", COUNT),
    "split_does_not_sum": ("jakauma ei summaudu", "split does not add up", COUNT),
    "negative_count": ("negatiivisia lukuja", "negative counts", COUNT),
    "structural_parts_exceed_unemployed": (
        "rakenneosat yli työttömien",
        "structural parts above the unemployed",
        COUNT,
    ),
    "structural_below_its_parts": (
        "rakennetyöttömyys alle osiensa",
        "structural unemployment below its parts",
        COUNT,
    ),
    "structural_above_parts_plus_services": (
        "rakennetyöttömyys yli osien ja palvelujen",
        "structural unemployment above its parts and services",
        COUNT,
    ),
    "activation_rate_wrong": ("väärä aktivointiaste", "wrong activation rate", COUNT),
    "municipality_above_all": ("kunta yli koko alueen", "municipality above ALL", COUNT),
    "total_not_men_plus_women": ("yhteensä ≠ miehet + naiset", "total ≠ men + women", COUNT),
    "empty_count_when_ok": ("tyhjä luku laskettuna", "empty count when computed", COUNT),
    "count_when_not_available": (
        "luku, vaikka ei saatavilla",
        "count when not available",
        COUNT,
    ),
    "cumulative_not_sum_of_years": (
        "kertymä ≠ vuosien summa",
        "cumulative ≠ sum of the years",
        COUNT,
    ),
    # forecast check (quality/forecast_checks.py): measures, each counted once
    "worse_than_naive_last": (
        "mittareita, joissa naiivi 'ei muutosta' osui paremmin",
        "measures where the naive 'no change' did better",
        COUNT,
    ),
    "worse_than_naive_seasonal": (
        "mittareita, joissa naiivi 'vuoden muutos' osui paremmin",
        "measures where the naive 'last year's change' did better",
        COUNT,
    ),
    # balance check of the effect of services (quality/effects_checks.py)
    "unbalanced_rows": (
        "rivejä (palvelu, seuranta-aika), joilla |SMD| yli 0,1 täsmäytyksen jälkeen",
        "service and horizon rows with |SMD| above 0.1 after matching",
        COUNT,
    ),
    "largest_smd_after": (
        "suurin |SMD| täsmäytyksen jälkeen",
        "largest |SMD| after matching",
        COUNT,
    ),
    "max_smd_allowed": ("suurin sallittu |SMD|", "highest allowed |SMD|", COUNT),
}

_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (
        re.compile(r"(?P<x>.+)_bad_rows"),
        ("rivejä, joilla {x} ei kelpaa", "rows with a bad {x}", COUNT),
    ),
    (
        re.compile(r"(?P<x>.+)_complete_share"),
        ("{x}: täydellisten osuus", "{x}: share complete", SHARE),
    ),
    (re.compile(r"(?P<x>.+)_participants"), ("{x}: osallistujia", "{x}: participants", COUNT)),
    (re.compile(r"(?P<x>.+)_complete"), ("{x}: täydellisiä", "{x}: complete", COUNT)),
)


def _relation_label(key: str) -> tuple[str, str, str] | None:
    from quality.mart_checks import ESF_RELATIONS

    for name, left, op, right, _ in ESF_RELATIONS:
        if name == key:
            shown = f"{left} {'≤' if op == '<=' else op} {right}"
            return (f"{shown} ei päde", f"{shown} fails", COUNT)
    return None


def count_label(key: str, lang: str = "fi") -> tuple[str, str, bool]:
    """(label in `lang`, kind: "count" | "share", known) of the count `key` of a check."""
    entry = COUNT_LABELS.get(key) or _relation_label(key)
    if entry is None:
        for pattern, texts in _PATTERNS:
            match = pattern.fullmatch(key)
            if match:
                x = match.group("x")
                entry = (texts[0].format(x=x), texts[1].format(x=x), texts[2])
                break
    if entry is None:
        return humanise(key).lower(), COUNT, False
    return _pick((entry[0], entry[1]), lang), entry[2], True
