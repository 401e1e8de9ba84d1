"""Where data leaves the warehouse: the funder export, the project managers' report, the
quality report, and their atomic publication (see reports/README.md)."""

from reports.export import render_export
from reports.publishing import publish
from reports.quality_report import render_quality
from reports.report import render_report

__all__ = ["publish", "render_export", "render_quality", "render_report"]
