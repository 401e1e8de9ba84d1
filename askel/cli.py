"""The `askel` command (interface.md): demo, generate, run, check, report, export.

`run`, `check`, `report` and `export` are a thin way of starting askel's Dagster jobs: the
command checks what it can check at once (configuration, key, paths: exit 2 in one sentence),
starts the job in this process, and exits with the status the job wrote into run.json. Errors
reach the user as one sentence naming what to fix, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import sys
from pathlib import Path

from askel.config import ConfigError, load_config
from askel.outcome import (
    EXIT_BLOCKED,
    EXIT_CODES,
    EXIT_PUBLISHED,
    EXIT_USAGE,
    USAGE_ERRORS,
    UsageError,
)

JOB_OF_COMMAND = {
    "run": "askel_run",
    "check": "askel_check",
    "report": "askel_publish",
    "export": "askel_publish",
}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _version() -> str:
    from askel.run_meta import software_version

    return software_version()


def _add_run_options(p: argparse.ArgumentParser, *, demo: bool = False) -> None:
    if not demo:
        p.add_argument(
            "--landing", type=Path, help="landing folder of the extracts (default: askel.toml)"
        )
        p.add_argument("--warehouse", type=Path, help="DuckDB warehouse file (default: askel.toml)")
        p.add_argument(
            "--out",
            type=Path,
            help="output folder: report/, export/, quality/, logs/, run.json (default: askel.toml)",
        )
    p.add_argument(
        "--as-of",
        type=_date,
        help="reference day YYYY-MM-DD: use only snapshots extracted on or before it "
        "(rebuilds an earlier report exactly)",
    )
    p.add_argument(
        "--config", type=Path, help="configuration file (default ./askel.toml when present)"
    )
    p.add_argument(
        "--lang", choices=("fi", "en"), default="fi", help="report language (default fi)"
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help="no progress lines on stderr (the run log under OUT/logs/ is still written)",
    )


def _epilog() -> str:
    lines = ["exit status:"] + [f"  {code}  {text}" for code, text in EXIT_CODES.items()]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="askel",
        description="Monitoring warehouse of the joint employment service: extracts in, "
        "exact indicators out. `run`, `check`, `report` and `export` start the Dagster job of "
        "the same name (askel_run, askel_check, askel_publish).",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"askel {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=text,
            description=text,
            epilog=_epilog(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    demo = add("demo", "generate a synthetic area and run everything on it")
    demo.add_argument(
        "--out", type=Path, default=Path("demo"), help="output folder (default ./demo)"
    )
    demo.add_argument(
        "--persons", type=int, default=5000, help="persons in the area (default 5000)"
    )
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    _add_run_options(demo, demo=True)

    gen = add("generate", "write synthetic extracts in the landing layout of sources.md")
    gen.add_argument("--out", type=Path, required=True, help="landing folder to write into")
    gen.add_argument("--persons", type=int, default=5000, help="persons in the area (default 5000)")
    gen.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    gen.add_argument(
        "--start", type=_date, default=dt.date(2019, 1, 1), help="first day (default 2019-01-01)"
    )
    gen.add_argument(
        "--end", type=_date, default=dt.date(2022, 12, 31), help="last day (default 2022-12-31)"
    )
    gen.add_argument(
        "--defects",
        type=float,
        default=0.0,
        help="rate of injected defects, e.g. 0.01; lists them in OUT/defects.json",
    )
    gen.add_argument(
        "--effect",
        metavar="CODE=PP[,CODE=PP...]",
        help="plant an effect of PP percentage points (-100..100) on the employment of service "
        "CODE's participants 3, 6 and 12 months after entry, e.g. TVA=10,KTT=-3; writes the "
        "true effect to OUT/truth.json",
    )
    gen.add_argument("--config", type=Path, help="configuration file (projects and municipalities)")
    gen.add_argument("--quiet", action="store_true", help="print nothing but errors")

    for name, text in (
        ("run", "ingest, build, check and publish (the Dagster job askel_run)"),
        ("check", "ingest, build and check, no publication (the Dagster job askel_check)"),
        ("report", "publish the report from the warehouse the last check passed (askel_publish)"),
        ("export", "publish the funder export from the warehouse the last check passed"),
    ):
        _add_run_options(add(name, text))
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
    effects = None
    if args.effect is not None:
        from askel.synth.effects import parse_effects

        try:
            effects = parse_effects(args.effect)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    summary = generate(
        args.out,
        persons=args.persons,
        seed=args.seed,
        start=args.start,
        end=args.end,
        defects=args.defects,
        config=config,
        effects=effects,
    )
    rows = sum(summary.rows.values())
    if not args.quiet:
        planted = ", ".join(f"{c}={pp:+g}" for c, pp in sorted((effects or {}).items()))
        print(
            f"Synthetic extracts written to {args.out}: {len(summary.files)} files, {rows} rows"
            + (f", {summary.defects} defects listed in defects.json" if args.defects else "")
            + (f", effects {planted} with the truth in truth.json" if effects else "")
        )
    return EXIT_PUBLISHED


def _writable_folder(path: Path, option: str) -> None:
    """`path` is (or can be made) a folder this process can write into; else exit 2."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path} is a file, not a folder.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{option} {path} cannot be created ({exc.strerror}).") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path} is not writable by this user.")


def _check_paths(command: str, landing: Path, warehouse: Path, out: Path) -> None:
    if command in ("run", "check") and not landing.is_dir():
        raise UsageError(f"The landing folder {landing} does not exist.")
    if warehouse.exists() and warehouse.is_dir():
        raise UsageError(f"--warehouse {warehouse} is a folder, not a DuckDB file.")
    if command in ("report", "export") and not warehouse.exists():
        raise UsageError(f"The warehouse {warehouse} does not exist; run `askel run` first.")
    _writable_folder(warehouse.parent, "--warehouse's folder")
    if warehouse.exists() and not os.access(warehouse, os.R_OK | os.W_OK):
        raise UsageError(f"--warehouse {warehouse} is not writable by this user.")
    _writable_folder(out, "--out")


def run_pipeline(
    command: str, args: argparse.Namespace, landing: Path, warehouse: Path, out: Path
) -> int:
    """Start the job of `command` and exit with the status it wrote into run.json."""
    config = load_config(args.config)
    config.pseudonym_key()  # fail early, with the one-sentence message, when there is no key
    _check_paths(command, landing, warehouse, out)

    from pipelines.launch import run_job
    from pipelines.resources import AskelSettings

    settings = AskelSettings(
        landing=str(landing),
        warehouse=str(warehouse),
        out=str(out),
        config_file=str(args.config) if args.config else None,
        as_of=args.as_of.isoformat() if args.as_of else None,
        quiet=args.quiet,
        lang=args.lang,
        publish_parts=command if command in ("report", "export") else "all",
    )
    launched = run_job(JOB_OF_COMMAND[command], settings, command)
    if launched.record is None:  # the run never started (e.g. a busy warehouse)
        error_class, message = launched.start_error or ("", "the Dagster run did not start")
        print(f"askel: {message}", file=sys.stderr)
        return EXIT_USAGE if error_class in USAGE_ERRORS else EXIT_BLOCKED
    code = int(launched.record["exit_code"])
    message = launched.record["message"]
    if code == EXIT_PUBLISHED:
        if command == "check":
            report = out / "quality" / "quality.html"
            _say(args.quiet, f"All checks passed; quality report {report}")
        else:
            _say(
                args.quiet,
                f"Published: report {out / 'report' / 'indicators.html'}, "
                f"export {out / 'export' / 'esf_indicators.csv'}",
            )
    else:
        where = f" See {out / 'quality' / 'quality.html'}." if command in ("run", "check") else ""
        print(f"askel: {message}{where}", file=sys.stderr)
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    from askel.synth import generate

    out: Path = args.out
    landing = out / "landing"
    key_file = out / "pseudonym.key"
    _writable_folder(out, "--out")
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
    except (ConfigError, UsageError) as exc:
        print(f"askel: {exc}", file=sys.stderr)
        return EXIT_USAGE
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
