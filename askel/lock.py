"""One run per warehouse: an exclusive, non-blocking lock next to the DuckDB file.

`fcntl.flock` is released by the kernel when the process dies, even by `kill -9`, so a killed
run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(Exception):
    """Another run holds the warehouse."""


def acquire(warehouse: Path) -> int:
    """Take the warehouse's lock and return its file descriptor, or raise WarehouseBusy."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
        os.close(fd)
        raise WarehouseBusy(
            f"Another askel run (pid {holder}) is using the warehouse {warehouse}; "
            "wait for it to finish, then run again."
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def release(fd: int) -> None:
    """Give the lock back (closing the descriptor releases the flock)."""
    os.close(fd)


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    fd = acquire(warehouse)
    try:
        yield
    finally:
        release(fd)


def stop_orphans(warehouse: Path) -> list[int]:
    """Stop processes left writing `warehouse` by a run that was killed (e.g. its dbt child).

    Called with the lock held, so no live run owns them: a `kill -9` of askel does not reach
    the dbt process it started, which would otherwise keep DuckDB's file lock. They are found
    by the variable askel gives dbt's process alone (`askel.dbt_manifest.WAREHOUSE_ENV`).
    """
    import psutil

    from askel.dbt_manifest import WAREHOUSE_ENV

    target = str(warehouse.resolve())
    stopped = []
    for proc in psutil.process_iter(["pid"]):
        if proc.pid == os.getpid():
            continue
        try:
            environ = proc.environ()
        except (psutil.Error, OSError):
            continue
        if environ.get(WAREHOUSE_ENV) == target:
            try:
                proc.kill()
                proc.wait(timeout=10)
                stopped.append(proc.pid)
            except psutil.Error:
                pass
    return stopped
