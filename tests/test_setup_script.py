"""scripts/_env.sh on a fresh machine: no uv on PATH, an empty HOME.

The real installation (uv from PyPI, then `uv sync`) is what CI does on every clean clone; these
tests replace `python3` and `uv` by recording stand-ins, so they prove the script's logic (it
once defined a shell function `uv` that found itself and failed with "uv: command not found")
in a second and without the network.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FAKE_UV = """#!/usr/bin/env bash
echo "uv $*" >> "$CALLS"
"""

# python3 that knows no `-m uv`, and whose `-m venv` + `-m pip install uv` create .tools/uv
FAKE_PYTHON = """#!/usr/bin/env bash
echo "python3 $*" >> "$CALLS"
if [ "$1 $2" = "-m uv" ]; then exit 1; fi
if [ "$1 $2" = "-m venv" ]; then
    mkdir -p "$3/bin"
    cat > "$3/bin/python" <<'PY'
#!/usr/bin/env bash
echo "venv-python $*" >> "$CALLS"
if [ "$1 $2 $3" = "-m pip install" ]; then
    printf '#!/usr/bin/env bash\\necho "uv $*" >> "$CALLS"\\n' > "$(dirname "$0")/uv"
    chmod +x "$(dirname "$0")/uv"
fi
PY
    chmod +x "$3/bin/python"
fi
"""


def _executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "_env.sh", repo / "scripts" / "_env.sh")
    return repo


def _source(repo: Path, tmp_path: Path, bin_dir: Path) -> tuple[int, str, list[str]]:
    calls = tmp_path / "calls.txt"
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",  # no uv, no ~/.local/bin, no pyenv
        "HOME": str(home),
        "CALLS": str(calls),
    }
    result = subprocess.run(
        ["bash", "-c", f"source {repo / 'scripts' / '_env.sh'} && echo sourced"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    lines = calls.read_text().splitlines() if calls.exists() else []
    return result.returncode, result.stdout + result.stderr, lines


def test_without_uv_anywhere_it_installs_uv_privately_and_syncs_the_lock(
    checkout: Path, tmp_path: Path
):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _executable(bin_dir / "python3", FAKE_PYTHON)
    code, output, calls = _source(checkout, tmp_path, bin_dir)
    assert code == 0, output
    assert "command not found" not in output
    assert "python3 -m venv .tools/uv" in calls
    assert any(c.startswith("venv-python -m pip install") and c.endswith(" uv") for c in calls)
    assert "uv sync --frozen --extra dev --python 3.11 --quiet" in calls
    assert (checkout / ".tools" / "uv" / "bin" / "uv").is_file()


def test_uv_on_path_is_used_as_it_is(checkout: Path, tmp_path: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _executable(bin_dir / "uv", FAKE_UV)
    _executable(bin_dir / "python3", FAKE_PYTHON)
    code, output, calls = _source(checkout, tmp_path, bin_dir)
    assert code == 0, output
    assert calls == ["uv sync --frozen --extra dev --python 3.11 --quiet"]
    assert not (checkout / ".tools").exists()


def test_the_environment_it_leaves_puts_the_projects_venv_first(checkout: Path, tmp_path: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _executable(bin_dir / "uv", FAKE_UV)
    result = subprocess.run(
        ["bash", "-c", f"source {checkout / 'scripts' / '_env.sh'} && echo $PATH"],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "CALLS": os.devnull},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().split(":")[0] == str(checkout / ".venv" / "bin")
