"""The exit statuses of interface.md, and how a run's checks and failed steps map onto them.

Pure data in, data out: the Dagster job (pipelines/run_record.py) turns its own events into
check records and failed steps, calls :func:`classify`, and writes the result into run.json;
the `askel` command exits with what the job wrote. Nothing here knows Dagster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

EXIT_PUBLISHED = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3

EXIT_CODES = {
    EXIT_PUBLISHED: "published (or, for `askel check`, every blocking check passed)",
    EXIT_BLOCKED: "a blocking check failed or a step failed: nothing was published "
    "(quality/quality.html says why)",
    EXIT_USAGE: "bad usage or configuration (one sentence says what to fix)",
    EXIT_REJECTED: "an input file was rejected whole, or a required source has no snapshot: "
    "the rest was processed, nothing was published",
}

#: checks whose failure means "the input was unusable" (exit 3) rather than "a number is wrong"
REJECTED_FILES_CHECK = "no_rejected_files"
MISSING_SOURCES_CHECK = "required_sources_present"
INPUT_CHECKS = (REJECTED_FILES_CHECK, MISSING_SOURCES_CHECK)

#: exception class names that mean bad usage or configuration when a step fails with them
USAGE_ERRORS = frozenset(
    {"ConfigError", "PseudonymKeyMismatch", "WarehouseBusy", "UsageError", "PdfPrinterMissing"}
)


class UsageError(Exception):
    """Bad usage or configuration (exit status 2); the message is one sentence for a person."""


class PublicationRefused(Exception):
    """`askel report` / `askel export` on a warehouse whose last checks did not pass (exit 1)."""


#: a step stopped from outside (Dagster's terminate, SIGINT/SIGTERM)
INTERRUPTIONS = frozenset({"DagsterExecutionInterruptedError", "KeyboardInterrupt"})


@dataclass(frozen=True)
class StepFailure:
    """A failed step: its innermost error's class name and one line of message."""

    error_class: str
    message: str


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    message: str


def _rejected_sentence(check: Mapping[str, Any]) -> str:
    files = check.get("metadata", {}).get("rejected", []) or []
    # the ledger's reason names the file and says what is wrong with it
    parts = [str(f.get("reason") or f.get("file")).rstrip(".") for f in files]
    listed = "; ".join(parts) or "a file"
    return f"An input file was rejected whole: {listed}; nothing was published."


def _missing_sentence(check: Mapping[str, Any]) -> str:
    return str(
        check.get("metadata", {}).get("sentence")
        or "A required source has no usable snapshot; nothing was published."
    )


def classify(
    checks: Sequence[Mapping[str, Any]],
    failed_steps: Mapping[str, StepFailure],
    *,
    publishes: bool = True,
) -> Outcome:
    """Exit status and one message.

    - 2 when a step failed with a usage or configuration error (wrong key, busy warehouse);
    - 1 when a blocking check failed (other than the input checks) or a step failed for
      another reason;
    - 3 when the only thing wrong is the input: a file rejected whole, or a required source
      with no usable snapshot;
    - else 0.

    A blocking check that fails also fails the step that evaluated it; such step failures are
    explained by the check and are not reported twice. `publishes` says whether this job
    publishes (the message for a passed `askel check` says so).
    """
    usage = [f for f in failed_steps.values() if f.error_class in USAGE_ERRORS]
    if usage:
        return Outcome(EXIT_USAGE, usage[0].message)
    refused = [f for f in failed_steps.values() if f.error_class == "PublicationRefused"]
    if refused:
        return Outcome(EXIT_BLOCKED, refused[0].message)
    if any(f.error_class in INTERRUPTIONS for f in failed_steps.values()):
        return Outcome(
            EXIT_BLOCKED,
            "The run was interrupted (stopped by hand or by the system); nothing was published. "
            "Run it again: loads are idempotent.",
        )
    failed_blocking = [c for c in checks if not c["passed"] and c["severity"] == "blocking"]
    explained = {c.get("step") for c in failed_blocking}
    unexplained = {k: v for k, v in failed_steps.items() if k not in explained}
    input_failures = [c for c in failed_blocking if c["name"] in INPUT_CHECKS]
    others = [c for c in failed_blocking if c["name"] not in INPUT_CHECKS]
    if others:
        reasons = "; ".join(f"{c.get('title') or c['name']} ({c['asset']})" for c in others[:5])
        more = f" and {len(others) - 5} more" if len(others) > 5 else ""
        return Outcome(
            EXIT_BLOCKED, f"A blocking check failed, nothing was published: {reasons}{more}."
        )
    if unexplained:
        causes = "; ".join(f"{step}: {f.message}" for step, f in list(unexplained.items())[:5])
        return Outcome(EXIT_BLOCKED, f"The run failed, nothing was published: {causes}")
    if input_failures:
        missing = [c for c in input_failures if c["name"] == MISSING_SOURCES_CHECK]
        rejected = [c for c in input_failures if c["name"] == REJECTED_FILES_CHECK]
        sentences = [_missing_sentence(c) for c in missing]
        sentences += [_rejected_sentence(c) for c in rejected]
        return Outcome(EXIT_REJECTED, " ".join(sentences))
    if publishes:
        return Outcome(EXIT_PUBLISHED, "Published.")
    return Outcome(EXIT_PUBLISHED, "Every blocking check passed.")
