"""Exit statuses of interface.md from a run's checks and failed steps."""

from __future__ import annotations

from askel.runner import RunOutcome, classify


def check(name: str, passed: bool, severity: str = "blocking", step: str = "s", **meta) -> dict:
    return {
        "name": name,
        "asset": "a/b",
        "passed": passed,
        "severity": severity,
        "metadata": meta,
        "step": step,
    }


def outcome_of(checks, failed_steps, success=True) -> RunOutcome:
    outcome = RunOutcome(0, "", checks)
    classify(outcome, checks, failed_steps, success)
    return outcome


def test_all_passed_publishes():
    assert outcome_of([check("x", True)], {}).exit_code == 0


def test_a_failed_warning_still_publishes():
    assert outcome_of([check("x", False, severity="warning")], {}).exit_code == 0


def test_a_rejected_file_alone_gives_3_even_though_its_check_step_failed():
    rejected = check("no_rejected_files", False, step="raw__sel", rejected=[{"file": "f.csv"}])
    outcome = outcome_of([rejected], {"raw__sel": "check failed"}, success=False)
    assert outcome.exit_code == 3
    assert "f.csv" in outcome.message


def test_another_blocking_failure_beside_a_rejected_file_gives_1():
    checks = [
        check("no_rejected_files", False, step="raw__sel", rejected=[{"file": "f.csv"}]),
        check("monthly_flows_stock_flow_identity", False, step="quality_monthly_flows"),
    ]
    outcome = outcome_of(checks, {"raw__sel": "x", "quality_monthly_flows": "y"}, False)
    assert outcome.exit_code == 1
    assert "stock_flow_identity" in outcome.message


def test_a_step_failing_for_another_reason_gives_1_with_its_cause():
    outcome = outcome_of(
        [check("no_rejected_files", False, step="raw__sel", rejected=[])],
        {"raw__sel": "x", "publish__outputs": "OSError: disk full"},
        success=False,
    )
    assert outcome.exit_code == 1
    assert "disk full" in outcome.message
