"""Exit statuses of interface.md from a run's checks and failed steps."""

from __future__ import annotations

from askel.outcome import Outcome, StepFailure, classify


def check(name: str, passed: bool, severity: str = "blocking", step: str = "s", **meta) -> dict:
    return {
        "name": name,
        "asset": "a/b",
        "passed": passed,
        "severity": severity,
        "metadata": meta,
        "step": step,
    }


def outcome_of(checks, failed_steps=None, **kwargs) -> Outcome:
    failed = {k: StepFailure("Failure", v) for k, v in (failed_steps or {}).items()}
    return classify(checks, failed, **kwargs)


def test_all_passed_publishes():
    assert outcome_of([check("x", True)]).exit_code == 0


def test_a_failed_warning_still_publishes():
    assert outcome_of([check("x", False, severity="warning")]).exit_code == 0


def test_a_rejected_file_alone_gives_3_naming_the_file_and_why():
    rejected = check(
        "no_rejected_files",
        False,
        step="raw__sel",
        rejected=[{"file": "f.csv", "reason": "te/f.csv lacks the required column alkupvm."}],
    )
    outcome = outcome_of([rejected], {"raw__sel": "check failed"})
    assert outcome.exit_code == 3
    assert outcome.message == (
        "An input file was rejected whole: te/f.csv lacks the required column alkupvm; "
        "nothing was published."
    )


def test_a_required_source_without_a_snapshot_gives_3_with_its_sentence():
    missing = check(
        "required_sources_present",
        False,
        step="raw__sel",
        sentence="No usable snapshot of te/palvelut in the landing folder; nothing was published.",
    )
    outcome = outcome_of([missing], {"raw__sel": "check failed"})
    assert outcome.exit_code == 3
    assert outcome.message.startswith("No usable snapshot of te/palvelut")


def test_another_blocking_failure_beside_a_rejected_file_gives_1():
    checks = [
        check("no_rejected_files", False, step="raw__sel", rejected=[{"file": "f.csv"}]),
        check("monthly_flows_stock_flow_identity", False, step="quality_monthly_flows"),
    ]
    outcome = outcome_of(checks, {"raw__sel": "x", "quality_monthly_flows": "y"})
    assert outcome.exit_code == 1
    assert "stock_flow_identity" in outcome.message


def test_a_step_failing_for_another_reason_gives_1_with_its_cause():
    outcome = outcome_of(
        [check("no_rejected_files", False, step="raw__sel", rejected=[])],
        {"raw__sel": "x", "publish__outputs": "OSError: disk full"},
    )
    assert outcome.exit_code == 1
    assert "disk full" in outcome.message


def test_a_configuration_error_in_a_step_gives_2_with_its_sentence():
    failed = {"raw__te": StepFailure("PseudonymKeyMismatch", "The key differs.")}
    outcome = classify([check("x", True)], failed)
    assert (outcome.exit_code, outcome.message) == (2, "The key differs.")


def test_publication_refused_gives_1_with_the_refusal():
    failed = {"publish__outputs": StepFailure("PublicationRefused", "The last checks failed.")}
    outcome = classify([], failed)
    assert (outcome.exit_code, outcome.message) == (1, "The last checks failed.")


def test_a_passed_check_run_says_it_did_not_publish():
    assert "passed" in classify([check("x", True)], {}, publishes=False).message


def test_an_interrupted_run_says_so_and_to_run_again():
    failed = {"publish__outputs": StepFailure("DagsterExecutionInterruptedError", "x")}
    outcome = classify([check("x", True)], failed)
    assert outcome.exit_code == 1
    assert outcome.message.startswith("The run was interrupted")
