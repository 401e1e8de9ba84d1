"""The `askel` command (interface.md): demo, generate, run, check, report, export.

Errors reach the user as one sentence naming what to fix, never as a traceback; the exit
status says what happened: 0 published, 1 a blocking check failed, 2 bad usage or
configuration, 3 an input file was rejected whole.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import sys
import time
from pathlib import Path

from askel.config import ConfigError, load_config
from askel.lock import WarehouseBusy, stop_orphans, warehouse_lock
from askel.runner import EXIT_BLOCKED, EXIT_PUBLISHED, EXIT_USAGE

JOB_OF_COMMAND = {
    "run": "askel_run",
    "check": "askel_check",
    "report": "askel_publish",
    "export": "askel_publish",
}


class UsageError(Exception):
    """Bad usage (exit status 2)."""


class BlockedError(Exception):
    """Publication refused because a blocking check failed (exit status 1)."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _add_run_options(p: argparse.ArgumentParser, *, demo: bool = False) -> None:
    if not demo:
        p.add_argument("--landing", type=Path, help="landing folder of extracts")
        p.add_argument("--warehouse", type=Path, help="DuckDB warehouse file")
        p.add_argument("--out", type=Path, help="output folder (report, export, quality)")
    p.add_argument(
        "--as-of", type=_date, help="reference day YYYY-MM-DD (rebuild an earlier report)"
    )
    p.add_argument("--config", type=Path, help="configuration file (default ./askel.toml)")
    p.add_argument("--lang", choices=("fi", "en"), default="fi", help="report language")
    p.add_argument("--quiet", action="store_true", help="no progress output")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="askel",
        description="Monitoring warehouse of the joint employment service: extracts in, "
        "exact indicators out.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="generate a synthetic area and run everything on it")
    demo.add_argument(
        "--out", type=Path, default=Path("demo"), help="output folder (default ./demo)"
    )
    demo.add_argument("--persons", type=int, default=5000)
    demo.add_argument("--seed", type=int, default=1)
    _add_run_options(demo, demo=True)

    gen = sub.add_parser("generate", help="write synthetic extracts in the landing layout")
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--persons", type=int, default=5000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--start", type=_date, default=dt.date(2019, 1, 1))
    gen.add_argument("--end", type=_date, default=dt.date(2022, 12, 31))
    gen.add_argument("--defects", type=float, default=0.0, help="defect rate, e.g. 0.01")
    gen.add_argument("--config", type=Path)
    gen.add_argument("--quiet", action="store_true")

    for name, text in (
        ("run", "ingest, build, check and publish"),
        ("check", "ingest, build and check (no publication)"),
        ("report", "render and publish the report from the warehouse"),
        ("export", "render and publish the funder export from the warehouse"),
    ):
        _add_run_options(sub.add_parser(name, help=text))
    return parser


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def cmd_generate(args: argparse.Namespace) -> int:
    from askel.synth import generate

    config = load_config(args.config)
    if args.persons < 1:
        raise UsageError("--persons must be at least 1.")
    if not 0.0 <= args.defects < 1.0:
        raise UsageError("--defects must be a rate from 0 to below 1, e.g. 0.01.")
    if args.end <= args.start:
        raise UsageError("--end must be after --start.")
    summary = generate(
        args.out,
        persons=args.persons,
        seed=args.seed,
        start=args.start,
        end=args.end,
        defects=args.defects,
        config=config,
    )
    rows = sum(summary.rows.values())
    print(
        f"Synthetic extracts written to {args.out}: {len(summary.files)} files, {rows} rows"
        + (f", {summary.defects} defects listed in defects.json" if args.defects else "")
    )
    return EXIT_PUBLISHED


def _settings(args: argparse.Namespace, landing: Path, warehouse: Path, out: Path):
    from pipelines.resources import AskelSettings

    quiet = args.quiet or not sys.stderr.isatty()
    return AskelSettings(
        landing=str(landing),
        warehouse=str(warehouse),
        out=str(out),
        config_file=str(args.config) if args.config else None,
        as_of=args.as_of.isoformat() if args.as_of else None,
        quiet=quiet,
        lang=args.lang,
        publish_parts=args.command if args.command in ("report", "export") else "all",
    )


def run_pipeline(
    command: str, args: argparse.Namespace, landing: Path, warehouse: Path, out: Path
) -> int:
    """Run a job with the run lock held; write the quality report and run.json; exit status."""
    from askel.quality_outputs import write_quality_outputs
    from askel.runner import execute, now_iso, peak_memory_mib, write_run_json

    config = load_config(args.config)
    config.pseudonym_key()  # fail early, with the one-sentence message, when there is no key
    if command in ("run", "check") and not landing.is_dir():
        raise UsageError(f"The landing folder {landing} does not exist.")
    if command in ("report", "export") and not warehouse.exists():
        raise UsageError(f"The warehouse {warehouse} does not exist; run `askel run` first.")
    if command in ("report", "export"):
        _require_passed_checks(out)
    settings = _settings(args, landing, warehouse, out)
    started_at, t0 = now_iso(), time.perf_counter()
    with warehouse_lock(warehouse):
        for pid in stop_orphans(warehouse):
            _say(settings.quiet, f"Stopped process {pid} left by an interrupted run.")
        outcome = execute(JOB_OF_COMMAND[command], settings)
    summary = _warehouse_summary(warehouse, landing)
    if command in ("run", "check"):
        write_quality_outputs(
            out,
            outcome.checks,
            publishable=outcome.exit_code == EXIT_PUBLISHED,
            published=outcome.exit_code == EXIT_PUBLISHED and command == "run",
            message=outcome.message,
            started_at=started_at,
            as_of=summary.get("as_of"),
            lang=args.lang,
        )
    write_run_json(
        out / "run.json",
        {
            "command": command,
            "started_at": started_at,
            "seconds": round(time.perf_counter() - t0, 3),
            "exit_code": outcome.exit_code,
            "message": outcome.message,
            "landing": str(landing),
            "warehouse": str(warehouse),
            "as_of_given": args.as_of.isoformat() if args.as_of else None,
            "step_seconds": outcome.step_seconds,
            "step_windows": outcome.step_windows,
            "step_peak_memory_mib": outcome.step_peak_mib,
            "peak_memory_mib": peak_memory_mib(),
            **summary,
            "checks": {
                "total": len(outcome.checks),
                "failed": [c["name"] for c in outcome.checks if not c["passed"]],
            },
        },
    )
    if outcome.exit_code == EXIT_PUBLISHED:
        if command != "check":
            _say(
                args.quiet,
                f"Published: report {out / 'report' / 'indicators.html'}, "
                f"export {out / 'export' / 'esf_indicators.csv'}",
            )
        else:
            _say(
                args.quiet, f"All checks passed; quality report {out / 'quality' / 'quality.html'}"
            )
    else:
        print(f"askel: {outcome.message} See {out / 'quality' / 'quality.html'}.", file=sys.stderr)
    return outcome.exit_code


def _require_passed_checks(out: Path) -> None:
    """`askel report` / `askel export` publish only what the last `askel check` passed."""
    import json

    results = out / "quality" / "results.json"
    try:
        run = json.loads(results.read_text(encoding="utf-8"))["run"]
    except (OSError, ValueError, KeyError):
        raise UsageError(f"No check results in {results}; run `askel check` first.") from None
    if not run.get("publishable"):
        raise BlockedError(
            f"The last checks did not pass (see {out / 'quality' / 'quality.html'}); "
            "nothing was published."
        )


def _warehouse_summary(warehouse: Path, landing: Path) -> dict:
    """Files read (with hashes) and tables written (with row counts), from the warehouse."""
    import duckdb

    if not warehouse.exists():
        return {}
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:  # e.g. still held by a dbt process of a failed step
        return {}
    try:
        files = (
            [
                dict(
                    zip(
                        (
                            "file",
                            "source",
                            "sha256",
                            "status",
                            "rows_read",
                            "rows_loaded",
                            "rows_quarantined",
                        ),
                        r,
                        strict=True,
                    )
                )
                for r in con.execute(
                    "select file_name, source, content_hash, status, rows_read, rows_loaded, "
                    "rows_quarantined from raw.load_ledger order by load_seq"
                ).fetchall()
            ]
            if _has_table(con, "raw", "load_ledger")
            else []
        )
        tables = {}
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall():
            tables[f"{schema}.{name}"] = con.execute(
                f'select count(*) from "{schema}"."{name}"'
            ).fetchone()[0]
        as_of = (
            con.execute("select max(as_of) from raw.run_context").fetchone()[0]
            if _has_table(con, "raw", "run_context")
            else None
        )
    finally:
        con.close()
    present = {p.name for p in landing.rglob("*") if p.is_file()} if landing.is_dir() else set()
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "files_read": [f for f in files if f["file"] in present],
        "tables_written": tables,
    }


def _has_table(con, schema: str, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from askel.synth import generate

    out: Path = args.out
    landing = out / "landing"
    key_file = out / "pseudonym.key"
    out.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    os.chmod(key_file, 0o600)
    config_file = args.config or out / "askel.toml"
    if args.config is None:
        config_file.write_text(
            "# Written by `askel demo`: the demo's own pseudonymisation key.\n"
            'pseudonym_key_file = "pseudonym.key"\n',
            encoding="utf-8",
        )
        args.config = config_file
    if not landing.exists():
        _say(
            args.quiet, f"Generating a synthetic area of {args.persons} persons into {landing} ..."
        )
        generate(landing, persons=args.persons, seed=args.seed, config=load_config(args.config))
    os.environ.pop("ASKEL_PSEUDONYM_KEY", None)  # the demo uses its own key, never the caller's
    code = run_pipeline("run", args, landing, out / "warehouse.duckdb", out)
    if code == EXIT_PUBLISHED:
        print(f"Report written to {(out / 'report' / 'indicators.html').resolve()}")
    return code


def _paths(args: argparse.Namespace) -> tuple[Path, Path, Path]:
    config = load_config(args.config)
    landing = args.landing or config.landing
    warehouse = args.warehouse or config.warehouse
    out = args.out or config.out
    missing = [
        name
        for name, value in (("--landing", landing), ("--warehouse", warehouse), ("--out", out))
        if value is None and not (name == "--landing" and args.command in ("report", "export"))
    ]
    if missing:
        raise UsageError(f"Missing {', '.join(missing)} (give them as options or in askel.toml).")
    return landing or Path("landing"), warehouse, out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            return cmd_generate(args)
        if args.command == "demo":
            return cmd_demo(args)
        landing, warehouse, out = _paths(args)
        return run_pipeline(args.command, args, landing, warehouse, out)
    except (ConfigError, UsageError, WarehouseBusy) as exc:
        print(f"askel: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BlockedError as exc:
        print(f"askel: {exc}", file=sys.stderr)
        return EXIT_BLOCKED
    except KeyboardInterrupt:
        print(
            "askel: interrupted; the warehouse and the published outputs are unchanged.",
            file=sys.stderr,
        )
        return EXIT_BLOCKED
    except Exception as exc:  # never a bare traceback for the user; the details go to a log
        log = _write_error_log(exc)
        first_line = (str(exc).splitlines() or [""])[0][:300]
        print(
            f"askel: unexpected error ({type(exc).__name__}: {first_line}); details in {log}.",
            file=sys.stderr,
        )
        return EXIT_BLOCKED


def _write_error_log(exc: BaseException) -> Path:
    import tempfile
    import traceback

    fd, name = tempfile.mkstemp(prefix="askel-error-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("".join(traceback.format_exception(exc)))
    return Path(name)


if __name__ == "__main__":
    sys.exit(main())
