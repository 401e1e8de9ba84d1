"""Test session set-up: a fixed test key, and a current dbt manifest before anything imports
the Dagster definitions (`@dbt_assets` reads it at import)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("ASKEL_PSEUDONYM_KEY", "test-key-not-secret")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "0")


def pytest_configure(config: pytest.Config) -> None:
    """Before collection: test modules import `pipelines.definitions` at module level."""
    from askel.dbt_manifest import ensure_manifest

    ensure_manifest()
