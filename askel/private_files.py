"""Files and folders only their owner may read (0600 / 0700), whatever the process umask.

What holds personal data (pseudonymised rows, quarantined rows, copies of rejected files, the
warehouse, run logs) must not be world-readable on a shared server: interface.md promises that
no identity code leaves ingestion, and a pseudonym with a birth date and a service history is
still personal data. The published export and report follow the umask instead.

The modes are set explicitly (`chmod` after creating), because `mkdir(mode=...)` and
`open(..., mode)` are both filtered through the umask. A write goes to a private temporary
name in the same folder and is renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path, *, below: Path | None = None) -> Path:
    """Create `path` (and missing parents) and make it owner-only; return it.

    With `below`, every folder from `below` (exclusive) down to `path` is made owner-only too,
    created or not: e.g. `private_dir(quarantine / "te__palvelut", below=out / "quality")`.
    Folders above are created with the umask's mode and left as they are.
    """
    path.mkdir(parents=True, exist_ok=True)
    folders = [path]
    if below is not None:
        folders = [p for p in [path, *path.parents] if below in p.parents]
    for folder in folders:
        os.chmod(folder, DIR_MODE)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write `data` to `path` as an owner-only file, atomically (temporary name, rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # an existing tmp of a killed run kept its old mode
        with os.fdopen(fd, "wb") as out:
            fd = -1
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    return path


def make_private(path: Path) -> None:
    """Owner-only mode for an existing file or folder written by another library."""
    os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)
