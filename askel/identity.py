"""Finnish personal identity codes (hetu): validation, derivation and pseudonymisation.

This is the only module that ever sees a plain identity code. Ingestion calls
:func:`parse_hetu` on every row, keeps the derived birth date and sex, and replaces the code
with :func:`pseudonymise`. Nothing here logs or formats a code into a message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

#: century sign -> first year of the century
CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}


@dataclass(frozen=True, slots=True)
class Hetu:
    """What is kept of a valid identity code once the code itself is dropped."""

    birth_date: dt.date
    sex: str  # "male" | "female"
    #: upper-cased and stripped; the caller pseudonymises and forgets it (never in a repr)
    normalised: str = field(repr=False)


class InvalidHetu(ValueError):
    """Raised with a reason that never contains the code itself."""


def check_character(ddmmyy: str, individual: str) -> str:
    """The check character of a code from its birth-date digits and individual number."""
    return CHECK_CHARACTERS[int(ddmmyy + individual) % 31]


def parse_hetu(value: str | None) -> Hetu:
    """Validate a code per sources.md and derive birth date and sex.

    Raises :class:`InvalidHetu` whose message names the rule broken, not the code.
    """
    if value is None:
        raise InvalidHetu("identity code is empty")
    code = value.strip().upper()
    if not code:
        raise InvalidHetu("identity code is empty")
    if len(code) != 11:
        raise InvalidHetu(f"identity code has {len(code)} characters, expected 11")
    ddmmyy, sign, individual, check = code[:6], code[6], code[7:10], code[10]
    if not ddmmyy.isdigit() or not individual.isdigit():
        raise InvalidHetu("identity code has a non-digit in its date or individual number")
    if sign not in CENTURY_SIGNS:
        raise InvalidHetu("identity code has an unknown century sign")
    year = CENTURY_SIGNS[sign] + int(ddmmyy[4:6])
    try:
        birth_date = dt.date(year, int(ddmmyy[2:4]), int(ddmmyy[0:2]))
    except ValueError:
        raise InvalidHetu("identity code holds an impossible birth date") from None
    number = int(individual)
    if number < 2:
        raise InvalidHetu("identity code has an individual number below 002")
    if check != check_character(ddmmyy, individual):
        raise InvalidHetu("identity code fails its check character")
    return Hetu(birth_date=birth_date, sex="male" if number % 2 else "female", normalised=code)


def make_hetu(birth_date: dt.date, individual: int) -> str:
    """Build a valid code (used by the synthetic generator and by tests; 900-999 only there)."""
    if birth_date.year >= 2000:
        sign = "A"
    elif birth_date.year >= 1900:
        sign = "-"
    else:
        sign = "+"
    ddmmyy = birth_date.strftime("%d%m") + f"{birth_date.year % 100:02d}"
    nnn = f"{individual:03d}"
    return f"{ddmmyy}{sign}{nnn}{check_character(ddmmyy, nnn)}"


def pseudonymise(normalised_code: str, key: bytes) -> str:
    """Keyed HMAC-SHA-256 of the normalised code, hex, truncated to 128 bits.

    The same key always gives the same pseudonym, so a warehouse can be rebuilt; 128 bits keep
    collisions out of reach for any population while halving the column's size.
    """
    return hmac.new(key, normalised_code.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


#: the fixed text whose keyed hash identifies a key (changing it orphans every warehouse)
FINGERPRINT_TEXT = b"askel pseudonym key fingerprint v1"


def key_fingerprint(key: bytes) -> str:
    """HMAC-SHA-256 of a fixed text under `key`, hex: tells two keys apart without revealing
    either (the key cannot be recovered from it, and it is no pseudonym of any person)."""
    return hmac.new(key, FINGERPRINT_TEXT, hashlib.sha256).hexdigest()
