"""The vectorised identity-code rules agree with `askel.identity.parse_hetu`, the reference."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from askel.identity import (
    CENTURY_SIGNS,
    CHECK_CHARACTERS,
    InvalidHetu,
    check_character,
    parse_hetu,
    pseudonymise,
)
from askel.ingest import hetu

KEY = b"identity-test-key"


def _with_sign(date: dt.date, sign: str, individual: int, check: str | None = None) -> str:
    ddmmyy = date.strftime("%d%m") + f"{date.year % 100:02d}"
    nnn = f"{individual:03d}"
    return f"{ddmmyy}{sign}{nnn}{check or check_character(ddmmyy, nnn)}"


def _cases() -> list[str | None]:
    rng = random.Random(7)
    cases: list[str | None] = [None, "", "   "]
    for sign, century in CENTURY_SIGNS.items():
        for _ in range(12):
            day = dt.date(century, 1, 1) + dt.timedelta(days=rng.randrange(36500))
            cases.append(_with_sign(day, sign, rng.randrange(900, 1000)))
        # 29 February: real in 2000 and 1904, impossible in 1900, 1800, 1901
        cases.append(f"2902{(century % 100):02d}{sign}9002")
        cases.append(_with_sign(dt.date(century + 4, 2, 29), sign, 901))
        cases.append(f"290201{sign}900X")
    good = _with_sign(dt.date(1985, 6, 15), "-", 923)
    cases += [
        good,
        good.lower(),
        f"  {good}  ",
        good[:-1] + ("A" if good[-1] != "A" else "B"),  # wrong check character
        good[:10],  # too short
        good + "0",  # too long
        good.replace("-", "Q"),  # unknown century sign
        good.replace("-", "G"),  # G is not a sign
        "31048" + "5-923" + "X",  # 31 April
        "150685-9O3X",  # letter in individual number
        "1506A5-923X",  # letter in date
        _with_sign(dt.date(1985, 6, 15), "-", 0),  # individual 000
        _with_sign(dt.date(1985, 6, 15), "-", 1),  # individual 001
        _with_sign(dt.date(1985, 6, 15), "-", 2),  # individual 002 is the first valid
        _with_sign(dt.date(2005, 1, 1), "a", 950),  # lower-case century sign
        _with_sign(dt.date(2005, 1, 1), "b", 950),
        _with_sign(dt.date(1999, 12, 31), "y", 951),
    ]
    for check in CHECK_CHARACTERS + "GIOQZ":
        cases.append(_with_sign(dt.date(1970, 3, 3), "-", 955, check))
    return cases


def _reference(value: str | None) -> tuple[str | None, dt.date | None, str | None]:
    try:
        parsed = parse_hetu(value)
    except InvalidHetu as exc:
        return str(exc), None, None
    return None, parsed.birth_date, parsed.sex


def test_vectorised_validation_agrees_with_parse_hetu_on_every_case() -> None:
    cases = _cases()
    assert len(cases) > 200
    code = hetu.normalised(pl.col("raw"))
    got = (
        pl.DataFrame({"raw": cases}, schema={"raw": pl.String})
        .with_columns(code.alias("code"))
        .with_columns(hetu.birth_date(pl.col("code")).alias("born"))
        .select(
            hetu.invalid_reason(pl.col("code"), pl.col("born")).alias("reason"),
            hetu.is_valid(pl.col("code"), pl.col("born")).alias("ok"),
            pl.when(hetu.is_valid(pl.col("code"), pl.col("born"))).then(pl.col("born")),
            pl.when(hetu.is_valid(pl.col("code"), pl.col("born"))).then(hetu.sex(pl.col("code"))),
        )
        .rows()
    )
    for value, (reason, ok, born, sex) in zip(cases, got, strict=True):
        expected = _reference(value)
        assert (reason, born, sex) == expected, value
        assert ok == (expected[0] is None), value


def test_both_valid_and_invalid_cases_are_exercised() -> None:
    reasons = {_reference(v)[0] for v in _cases()}
    assert None in reasons
    assert {
        "identity code is empty",
        "identity code has an unknown century sign",
        "identity code holds an impossible birth date",
        "identity code has an individual number below 002",
        "identity code fails its check character",
        "identity code has a non-digit in its date or individual number",
    } <= reasons


def test_new_century_signs_give_the_right_birth_year() -> None:
    for sign, year in [("+", 1885), ("Y", 1985), ("A", 2005), ("B", 2005), ("F", 2005)]:
        code = _with_sign(dt.date(year, 7, 1), sign, 960)
        born = pl.select(hetu.birth_date(pl.lit(code))).item()
        assert born == dt.date(year, 7, 1)


def test_pseudonym_table_matches_the_reference_hmac() -> None:
    codes = [
        _with_sign(dt.date(1980, 1, 1) + dt.timedelta(days=i), "-", 900 + i) for i in range(50)
    ]
    table = hetu.pseudonym_table(pl.Series(codes + codes[:5] + [None]), KEY)
    assert table.height == 50
    expected = {c: pseudonymise(c, KEY) for c in codes}
    assert dict(table.iter_rows()) == expected
    long_key = b"k" * 100  # keys longer than a block are hashed first (RFC 2104)
    assert hetu.pseudonym_table(pl.Series(codes[:1]), long_key)["person_id"][0] == pseudonymise(
        codes[0], long_key
    )


def test_pseudonyms_remembered_across_files_stay_per_key() -> None:
    codes = [
        _with_sign(dt.date(1975, 3, 1) + dt.timedelta(days=i), "-", 930 + i) for i in range(20)
    ]
    hetu.forget_pseudonyms()
    first = hetu.pseudonym_table(pl.Series(codes[:12]), KEY)
    # a later file: some codes seen before, some new, under this key and under another one
    second = hetu.pseudonym_table(pl.Series(codes[8:]), KEY)
    other = hetu.pseudonym_table(pl.Series(codes[8:]), b"another-key")
    assert first.height == 12 and second.height == 12
    assert dict(second.iter_rows()) == {c: pseudonymise(c, KEY) for c in codes[8:]}
    assert dict(other.iter_rows()) == {c: pseudonymise(c, b"another-key") for c in codes[8:]}
    hetu.forget_pseudonyms()


def test_redact_text_replaces_every_code_like_token() -> None:
    code = _with_sign(dt.date(1990, 2, 3), "A", 977)
    text = f"note: {code} and {code.lower()};x"
    redacted = hetu.redact_text(text, KEY)
    assert code not in redacted and code.lower() not in redacted
    assert redacted.count("pseudonym:" + pseudonymise(code, KEY)) == 2
