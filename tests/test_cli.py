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
            "    print('locked', flush=True); time.sleep(600)",
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
            "    print('locked', flush=True); time.sleep(600)",
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


def _run_args(tmp_path: Path, **paths: str) -> list[str]:
    (tmp_path / "landing").mkdir(exist_ok=True)
    defaults = {
        "landing": str(tmp_path / "landing"),
        "warehouse": str(tmp_path / "w.duckdb"),
        "out": str(tmp_path / "out"),
    }
    defaults.update(paths)
    return ["run", *(x for k, v in defaults.items() for x in (f"--{k}", v))]


def test_an_out_folder_that_is_a_file_is_bad_usage_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "file").write_text("x")
    code = main(_run_args(tmp_path, out=str(tmp_path / "file")))
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"askel: --out {tmp_path / 'file'} is a file, not a folder."
    assert not (tmp_path / "w.duckdb").exists()


def test_a_warehouse_under_a_file_is_bad_usage_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "file").write_text("x")
    code = main(_run_args(tmp_path, warehouse=str(tmp_path / "file" / "w.duckdb")))
    err = capsys.readouterr().err
    assert code == 2
    assert "is a file, not a folder" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_an_unknown_key_in_the_configuration_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    config = tmp_path / "askel.toml"
    config.write_text('lnding = "landing"\n')
    code = main([*_run_args(tmp_path), "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown key `lnding`" in err and "did you mean `landing`?" in err


def test_an_unknown_key_in_a_project_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    config = tmp_path / "askel.toml"
    config.write_text(
        '[[projects]]\ncode = "S1"\nstart = 2019-05-01\nend = 2022-04-30\nlaed = "City"\n'
    )
    code = main([*_run_args(tmp_path), "--config", str(config)])
    assert code == 2
    assert "unknown key `projects.laed`" in capsys.readouterr().err


def test_every_option_of_every_subcommand_has_a_help_text():
    from askel.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == set(SUBCOMMANDS)
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            assert action.help, f"askel {name} {action.option_strings} has no help text"


def test_version_and_exit_codes_are_in_the_help():
    from askel.outcome import EXIT_CODES
    from askel.run_meta import software_version

    version = subprocess.run(
        [sys.executable, "-m", "askel.cli", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0
    assert version.stdout.strip() == f"askel {software_version()}"
    help_text = subprocess.run(
        [sys.executable, "-m", "askel.cli", "--help"], capture_output=True, text=True
    ).stdout
    assert "exit status:" in help_text
    for code in EXIT_CODES:
        assert f"\n  {code}  " in help_text


def test_an_out_folder_that_cannot_be_created_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "file").write_text("x")
    code = main(_run_args(tmp_path, out=str(tmp_path / "file" / "out")))
    err = capsys.readouterr().err
    assert code == 2
    assert "--out" in err and "cannot be created" in err
