"""Atomic publication: rendered files move from the staging folder into `--out` only at the end.

Two phases, so that a failure part-way leaves the previously published files untouched:
1. every staged file is moved (or, across file systems, copied) next to its destination under a
   temporary name (`.<name>.askel-tmp`); on any error the temporary files are removed and the
   error is raised, with nothing published;
2. every temporary file is renamed onto its final name with `os.replace`, which is atomic on
   POSIX: a reader sees either the old file or the new one, never half a file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

TMP_SUFFIX = ".askel-tmp"


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}{TMP_SUFFIX}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary name in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_name(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def publish(staging_dir: Path, out_dir: Path, umask: int | None = None) -> None:
    """Move every file under `staging_dir` to the same relative path under `out_dir`.

    With `umask`, the published files and the folders made for them get the modes that umask
    gives (a run renders them owner-only; the export and report are for people to read)."""
    staging_dir, out_dir = Path(staging_dir), Path(out_dir)
    files = sorted(p for p in staging_dir.rglob("*") if p.is_file())
    moved: list[tuple[Path, Path]] = []
    try:
        for source in files:
            target = out_dir / source.relative_to(staging_dir)
            if not target.parent.exists():
                target.parent.mkdir(parents=True)
                if umask is not None:
                    os.chmod(target.parent, 0o777 & ~umask)
            tmp = _temp_name(target)
            try:
                os.replace(source, tmp)
            except OSError:  # another file system: copy, then the rename below is still atomic
                shutil.copy2(source, tmp)
            if umask is not None:
                os.chmod(tmp, 0o666 & ~umask)
            moved.append((tmp, target))
    except BaseException:
        for tmp, _ in moved:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for tmp, target in moved:
        os.replace(tmp, target)
