"""Errors of the reports that stop a run: each message is one sentence for a person."""

from __future__ import annotations


class ReportError(Exception):
    """A report or export cannot be written as the contract says; nothing is published."""
