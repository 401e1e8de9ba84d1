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


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise WarehouseBusy(
                f"Another askel run (pid {holder}) is using the warehouse {warehouse}; "
                "wait for it to finish, then run again."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def stop_orphans(warehouse: Path) -> list[int]:
    """Stop processes left writing `warehouse` by a run that was killed (e.g. its dbt child).

    Called with the lock held, so no live run owns them: a `kill -9` of askel does not reach
    the dbt process it started, which would otherwise keep DuckDB's file lock. They are found
    by the `ASKEL_WAREHOUSE` variable askel gives them.
    """
    import psutil

    target = f"ASKEL_WAREHOUSE={warehouse.resolve()}"
    stopped = []
    for proc in psutil.process_iter(["pid"]):
        if proc.pid == os.getpid():
            continue
        try:
            environ = proc.environ()
        except (psutil.Error, OSError):
            continue
        if f"ASKEL_WAREHOUSE={environ.get('ASKEL_WAREHOUSE', '')}" == target:
            try:
                proc.kill()
                proc.wait(timeout=10)
                stopped.append(proc.pid)
            except psutil.Error:
                pass
    return stopped
