"""Asset checks: reconciliations of the ledger and the data-quality suites (quality/)."""

from pipelines.checks.ledger import ledger_checks
from pipelines.checks.quality import quality_checks

all_checks = [*ledger_checks, *quality_checks]
