"""The `askel` command's contract: subcommands, one-sentence errors, exit statuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from askel.cli import main
from askel.lock import WarehouseBusy, warehouse_lock

SUBCOMMANDS = ("demo", "generate", "run", "check", "report", "export")


def test_help_lists_every_subcommand_of_the_interface():
    result = subprocess.run(
        [sys.executable, "-m", "askel.cli", "--help"], capture_output=True, text=True, check=True
    )
    for name in SUBCOMMANDS:
        assert f"    {name}" in result.stdout


def test_run_without_a_key_stops_with_exit_2_and_says_how_to_give_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.delenv("ASKEL_PSEUDONYM_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "landing").mkdir()
    code = main(["run", "--landing", "landing", "--warehouse", "w.duckdb", "--out", "out"])
    err = capsys.readouterr().err
    assert code == 2
    assert "ASKEL_PSEUDONYM_KEY" in err
    assert "Traceback" not in err
    assert not (tmp_path / "w.duckdb").exists()


def test_key_file_readable_by_others_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.delenv("ASKEL_PSEUDONYM_KEY", raising=False)
    key = tmp_path / "key"
    key.write_text("secret")
    key.chmod(0o644)
    config = tmp_path / "askel.toml"
    config.write_text(f'pseudonym_key_file = "{key}"\n')
    (tmp_path / "landing").mkdir()
    code = main(
        [
            "run",
            "--config",
            str(config),
            "--landing",
            str(tmp_path / "landing"),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    assert "chmod 600" in capsys.readouterr().err


def test_missing_landing_folder_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(
        [
            "run",
            "--landing",
            str(tmp_path / "nope"),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_unknown_config_file_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(
        [
            "run",
            "--config",
            str(tmp_path / "missing.toml"),
            "--landing",
            str(tmp_path),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    assert "missing.toml" in capsys.readouterr().err


def test_a_second_run_on_a_busy_warehouse_stops_at_once_with_the_lock_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    warehouse = tmp_path / "w.duckdb"
    (tmp_path / "landing").mkdir()
    # the lock is held by another process, as a concurrent run would hold it
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from askel.lock import warehouse_lock\n"
            f"with warehouse_lock(Path({str(warehouse)!r})):\n"
            "    print('locked', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code = main(
            [
                "run",
                "--landing",
                str(tmp_path / "landing"),
                "--warehouse",
                str(warehouse),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        err = capsys.readouterr().err
        assert code == 2
        assert "Another askel run" in err and str(holder.pid) in err
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from pathlib import Path; from askel.lock import warehouse_lock\n"
            f"with warehouse_lock(Path({str(warehouse)!r})):\n"
            "    print('locked', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(WarehouseBusy), warehouse_lock(warehouse):
        pass
    holder.kill()  # SIGKILL: no clean-up code runs
    holder.wait()
    with warehouse_lock(warehouse):
        pass
