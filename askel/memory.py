"""Peak memory per step: a background thread samples the resident memory of this process and
its children (dbt runs as one) while a job executes, and each step gets the highest sample
taken inside its (start, end) window. Sampling every 0.2 s misses only shorter peaks."""

from __future__ import annotations

import threading
import time

import psutil

INTERVAL_S = 0.2


class MemorySampler:
    """Use as a context manager around the job; then :meth:`peaks` for the step windows."""

    def __init__(self, interval_s: float = INTERVAL_S) -> None:
        self.interval_s = interval_s
        self.samples: list[tuple[float, float]] = []  # (Unix time, MiB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="askel-memory", daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                tree = [me, *me.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree if p.is_running())
                self.samples.append((time.time(), rss / 2**20))
            except psutil.Error:
                pass  # a child that ended between listing and reading
            self._stop.wait(self.interval_s)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peaks(self, windows: dict[str, tuple[float, float]]) -> dict[str, float]:
        """Step -> peak MiB of the samples inside its window (0.0 when none fell inside)."""
        return {
            step: round(max((m for t, m in self.samples if start <= t <= end), default=0.0), 1)
            for step, (start, end) in windows.items()
        }
