"""Asset checks: reconciliations of the ledger and the data-quality suites (quality/)."""

from pipelines.checks.ledger import ledger_checks

all_checks = [*ledger_checks]
