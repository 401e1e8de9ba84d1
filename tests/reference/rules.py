"""The spec's calendar rules and code tables, shared by every part of the reference.

indicators.md conventions (`add_months` clamped to the month's last day; age in whole years)
and sources.md code lists (statuses, LMP categories of the service codes).
"""

from __future__ import annotations

import calendar
import datetime as dt

ONE_DAY = dt.timedelta(days=1)

UNEMPLOYED = frozenset({"02", "03"})
EMPLOYED = frozenset({"00", "01", "04", "09"})
#: service codes of education type (§5, §6)
EDUCATION_SERVICES = frozenset({"TVK", "OMA", "OSA"})

#: sources.md: LMP category per (source, service code); None = not an active measure (1-7)
LMP_CATEGORY: dict[tuple[str, str], int | None] = {
    ("te", "TVK"): 2,
    ("te", "OMA"): 2,
    ("te", "TKO"): 2,
    ("te", "VAL"): 1,
    ("te", "PTU"): 4,
    ("te", "STA"): 7,
    ("kunta", "KTT"): 6,
    ("kunta", "TVA"): 1,
    ("kunta", "PTK"): 6,
    ("kunta", "OSA"): 2,
    ("kunta", "SOS"): None,
    ("kunta", "TER"): None,
    ("kunta", "PAM"): None,
    ("kunta", "TKA"): 5,
}


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of month, clamped to the target month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years: k years old on D when add_months(birth, 12k) <= D."""
    years = day.year - birth.year
    while years > 0 and add_months(birth, 12 * years) > day:
        years -= 1
    return years
