"""What a quality check hands back: pass or fail, the figures behind it, a few examples.

Kept free of Dagster so the checks are plain functions of a DuckDB connection (tests and the
lead's end-to-end test call them directly); `pipelines/checks/quality.py` turns an outcome into
an `AssetCheckResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["blocking", "warning"]

#: examples shown per check: enough to find the rows, few enough to read
MAX_EXAMPLES = 5


@dataclass
class CheckOutcome:
    """The result of one check (one expectation group).

    - `counts`: flat name -> number (or short text) mapping, the figures the check judged:
      rows checked, violations per rule, observed rate and its threshold...
    - `examples`: at most :data:`MAX_EXAMPLES` flat dicts locating offending rows; persons
      appear by `person_id` (the pseudonym) only, never by an identity code.
    - `expectations`: the GX expectations evaluated (type, column, success, observed value).
    """

    passed: bool
    counts: dict[str, Any]
    examples: list[dict[str, Any]] = field(default_factory=list)
    expectations: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""
