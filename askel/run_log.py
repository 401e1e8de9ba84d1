"""The progress lines of a run: one file per run under `out/logs/`, and stderr unless quiet.

Operators read them after the fact (cron, Dagster's run worker), so every line goes to the
file whether or not stderr is a terminal, with a timestamp and without colour codes. The
folder and files are readable by their owner only; the newest `KEEP` run logs are kept.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from askel.private_files import FILE_MODE, private_dir

KEEP = 30
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


class RunLog:
    """Append-only progress log of one run."""

    def __init__(self, folder: Path, name: str, *, echo: bool) -> None:
        private_dir(folder)
        self.path = folder / name
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        self._file = os.fdopen(fd, "a", encoding="utf-8")
        self.echo = echo
        prune(folder, keep=KEEP)

    def line(self, message: str) -> None:
        text = f"[{time.strftime('%H:%M:%S')}] {strip_ansi(message)}"
        if not self._file.closed:
            self._file.write(text + "\n")
            self._file.flush()
        if self.echo:
            print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        self._file.close()


def prune(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the newest `keep` run logs (`run-*.log`)."""
    logs = sorted(folder.glob("run-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in logs[keep:]:
        old.unlink(missing_ok=True)
