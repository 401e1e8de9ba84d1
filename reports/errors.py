"""Errors of the reports that stop a run; each message is one sentence for a person."""

from __future__ import annotations


class ReportError(Exception):
    """A report or export cannot be written as the contract says; nothing is published."""


class MartBroken(ReportError):
    """A mart exists but cannot be read as the contract says (missing column, failing query)."""


class PdfPrinterMissing(ReportError):
    """No headless Chromium to print report/indicators.pdf with (a set-up problem)."""


class PdfPrintFailed(ReportError):
    """Chromium started but did not print (crashed, timed out, refused a command)."""
