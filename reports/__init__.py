"""Where data leaves the warehouse: the funder export, the project managers' report, the
quality report, and their atomic publication (see reports/README.md).

The entry points are imported on first use (PEP 562), so that `import reports.definitions` (the
ESF indicator catalogue, which the quality checks read) loads neither the renderers nor their
libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

_ENTRY_POINTS = {
    "publish": "reports.publishing",
    "render_export": "reports.export",
    "render_quality": "reports.quality_report",
    "render_report": "reports.report",
}

__all__ = sorted(_ENTRY_POINTS)


def __getattr__(name: str) -> Any:
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reports' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
