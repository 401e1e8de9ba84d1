"""scripts/_env.sh installs headless Chromium (it prints the report's PDF) when it is missing:
with apt-get, as root or through sudo; and leaves a machine that has it alone. Recording
stand-ins replace uv, id, sudo and apt-get, and PATH holds nothing else, so the tests never
install anything."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_setup_script import _executable

ROOT = Path(__file__).resolve().parents[1]
RECORD = '#!/bin/bash\necho "{name} $*" >> "$CALLS"\n'
SUDO = '#!/bin/bash\necho "sudo $*" >> "$CALLS"\nexec "$@"\n'


def _run(tmp_path: Path, uid: int, have_chromium: bool) -> list[str]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "_env.sh", repo / "scripts" / "_env.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dirname").symlink_to(shutil.which("dirname"))
    _executable(bin_dir / "uv", RECORD.format(name="uv"))
    _executable(bin_dir / "id", f"#!/bin/bash\necho {uid}\n")
    _executable(bin_dir / "sudo", SUDO)
    _executable(bin_dir / "apt-get", RECORD.format(name="apt-get"))
    if have_chromium:
        _executable(bin_dir / "chromium", RECORD.format(name="chromium"))
    calls = tmp_path / "calls.txt"
    result = subprocess.run(
        ["/bin/bash", "-c", f"source {repo / 'scripts' / '_env.sh'} && echo sourced"],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path), "CALLS": str(calls)},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0 and "sourced" in result.stdout, result.stderr
    lines = calls.read_text().splitlines()
    assert lines[0] == "uv sync --frozen --extra dev --python 3.11 --quiet"
    return lines[1:]


@pytest.mark.parametrize(("uid", "prefix"), [(1000, ["sudo "]), (0, [])])
def test_a_machine_without_chromium_gets_the_debian_package(tmp_path, uid, prefix):
    calls = _run(tmp_path, uid, have_chromium=False)
    sudo = [f"sudo apt-get {a}" for a in ("update -qq", "install -y -qq chromium")]
    apt = ["apt-get update -qq", "apt-get install -y -qq chromium"]
    assert calls == ([sudo[0], apt[0], sudo[1], apt[1]] if prefix else apt)


def test_a_machine_with_chromium_is_left_alone(tmp_path):
    assert _run(tmp_path, 1000, have_chromium=True) == []
