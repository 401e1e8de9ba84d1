"""Identity codes, vectorised: the rules of `askel.identity.parse_hetu` as polars expressions.

`askel.identity` stays the reference (tests check that both agree); this module exists because
ingestion must validate millions of rows without a Python call per row. The keyed hash is
computed once per distinct code. Nothing here formats a code into a message.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import polars as pl

from askel.identity import CENTURY_SIGNS, CHECK_CHARACTERS, InvalidHetu, parse_hetu

_CENTURY_PREFIX = {sign: str(year // 100) for sign, year in CENTURY_SIGNS.items()}
_CHECK = {i: c for i, c in enumerate(CHECK_CHARACTERS)}

#: the shape of an identity code anywhere in a text, glued to other characters or not: a cheap
#: vectorised test for "may hold a code"; `code_spans` then decides on the few that match
CANDIDATE = r"(?i)[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Z]"
#: overlapping matches (a lookahead), so that a code is found even right after a near-miss
_CANDIDATE_RE = re.compile(r"(?i)(?=([0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Z]))")
#: no cell shorter than a code can hold one: columns whose longest value is shorter are skipped
CODE_LENGTH = 11
#: what stands for a code in a message
PLACEHOLDER = "[identity code]"
#: looser pattern for messages: digits around a sign, with or without separators
_LOOSE_RE = r"(?i)[0-9]{6}\s*[-+A-Z]?\s*[0-9]{3}\s*[0-9A-Z]?"
_LOOSE_PY = re.compile(_LOOSE_RE)


def normalised(expr: pl.Expr) -> pl.Expr:
    """Surrounding spaces stripped and letters upper-cased (sources.md, Identity)."""
    return expr.str.strip_chars().str.to_uppercase()


def invalid_reason(code: pl.Expr, born: pl.Expr | None = None) -> pl.Expr:
    """NULL for a valid normalised code, else why not (the same rules and order as parse_hetu).

    `born` is `birth_date(code)` when the caller has it already (saves computing it twice).
    """
    length = code.str.len_chars()
    individual = code.str.slice(7, 3)
    digits_ok = code.str.slice(0, 6).str.contains(r"^[0-9]{6}$") & individual.str.contains(
        r"^[0-9]{3}$"
    )
    born = birth_date(code) if born is None else born
    return (
        pl.when(code.is_null() | (length == 0))
        .then(pl.lit("identity code is empty"))
        .when(length != 11)
        .then(pl.format("identity code has {} characters, expected 11", length))
        .when(~digits_ok)
        .then(pl.lit("identity code has a non-digit in its date or individual number"))
        .when(~code.str.slice(6, 1).is_in(list(CENTURY_SIGNS)))
        .then(pl.lit("identity code has an unknown century sign"))
        .when(born.is_null())
        .then(pl.lit("identity code holds an impossible birth date"))
        .when(individual.cast(pl.Int32, strict=False) < 2)
        .then(pl.lit("identity code has an individual number below 002"))
        .when(code.str.slice(10, 1) != expected_check(code))
        .then(pl.lit("identity code fails its check character"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def is_valid(code: pl.Expr, born: pl.Expr) -> pl.Expr:
    """Cheap validity test for every row (the reason is worked out only for invalid rows)."""
    return (
        code.str.contains(r"^[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]$").fill_null(False)
        & born.is_not_null()
        & (code.str.slice(7, 3).cast(pl.Int32, strict=False) >= 2)
        & (code.str.slice(10, 1) == expected_check(code))
    ).fill_null(False)


def birth_date(code: pl.Expr) -> pl.Expr:
    """The birth date of a normalised code (NULL when the century or date is impossible)."""
    prefix = code.str.slice(6, 1).replace_strict(
        _CENTURY_PREFIX, default=None, return_dtype=pl.String
    )
    text = pl.concat_str([prefix, code.str.slice(4, 2), code.str.slice(2, 2), code.str.slice(0, 2)])
    return text.str.strptime(pl.Date, "%Y%m%d", strict=False)


def expected_check(code: pl.Expr) -> pl.Expr:
    number = pl.concat_str([code.str.slice(0, 6), code.str.slice(7, 3)]).cast(
        pl.Int64, strict=False
    )
    return (number % 31).replace_strict(_CHECK, default=None, return_dtype=pl.String)


def sex(code: pl.Expr) -> pl.Expr:
    odd = code.str.slice(7, 3).cast(pl.Int32, strict=False) % 2 == 1
    return pl.when(odd).then(pl.lit("male")).otherwise(pl.lit("female"))


def _hmac_pads(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
    return inner, outer


#: Pseudonyms already computed in this process, per key: the same persons recur in every
#: snapshot and in each of Kela's monthly files, so each code is hashed once per run, not once
#: per file (at a million persons this saved most of the ingest time; benchmarks/RESULTS.md).
#: It lives only in this process's memory, like the file being read.
_KNOWN: dict[bytes, pl.DataFrame] = {}


def pseudonym_table(codes: pl.Series, key: bytes) -> pl.DataFrame:
    """(code, person_id) for every distinct non-null code: one keyed hash per distinct code.

    Same value as `askel.identity.pseudonymise` (tests check it). HMAC-SHA-256 is computed
    from the precomputed inner and outer key states (RFC 2104), about 1 us per code.
    """
    cache_key = hashlib.sha256(key).digest()
    known = _KNOWN.get(cache_key, pl.DataFrame(schema={"code": pl.String, "person_id": pl.String}))
    unique = codes.drop_nulls().unique().to_frame("code")
    new = unique.join(known, on="code", how="anti")["code"]
    if new.len():
        inner, outer = _hmac_pads(key)
        ids = []
        for c in new.to_list():
            i = inner.copy()
            i.update(c.encode("utf-8"))
            o = outer.copy()
            o.update(i.digest())
            ids.append(o.hexdigest()[:32])
        known = pl.concat([known, pl.DataFrame({"code": new, "person_id": ids})], rechunk=True)
        _KNOWN[cache_key] = known
    return unique.join(known, on="code", how="left")


def forget_pseudonyms() -> None:
    """Drop the pseudonyms computed so far (after ingestion, and between tests)."""
    _KNOWN.clear()


def pseudonym(code: str, key: bytes) -> str:
    return hmac.digest(key, code.strip().upper().encode("utf-8"), "sha256").hex()[:32]


def _standalone(text: str, start: int, end: int) -> bool:
    """The match is a word of its own (no letter, digit or `_` glued to either side)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds an identity code: every code-shaped part that is a valid code
    (wherever it stands) or a word of its own (a mistyped code is still someone's code).
    Spans do not overlap; overlapping ones are merged."""
    spans: list[tuple[int, int]] = []
    for m in _CANDIDATE_RE.finditer(text):
        start, end = m.start(), m.start() + CODE_LENGTH
        if _standalone(text, start, end) or _is_valid_code(m.group(1).upper()):
            if spans and start < spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def _is_valid_code(code: str) -> bool:
    try:
        parse_hetu(code)
    except InvalidHetu:
        return False
    return True


def redact_text(text: str, key: bytes) -> str:
    """Every identity code in free text (`code_spans`) replaced by its pseudonym, marked as
    such; merged overlapping codes by a placeholder."""
    out, last = [], 0
    for start, end in code_spans(text):
        part = text[start:end]
        label = f"pseudonym:{pseudonym(part, key)}" if end - start == CODE_LENGTH else PLACEHOLDER
        out += [text[last:start], label]
        last = end
    return "".join(out) + text[last:] if out else text


def has_code(text: str) -> bool:
    return bool(code_spans(text))


def may_hold_code(expr: pl.Expr) -> pl.Expr:
    """Vectorised pre-test: true where a text has a code-shaped part (confirm with has_code)."""
    return expr.str.contains(CANDIDATE)


def scrub_message(expr: pl.Expr) -> pl.Expr:
    """Belt and braces for finding details: anything code-shaped becomes a placeholder."""
    return expr.str.replace_all(_LOOSE_RE, PLACEHOLDER)


def scrub(text: str) -> str:
    """`scrub_message` for one Python string (file and column names in messages)."""
    return _LOOSE_PY.sub(PLACEHOLDER, text)
