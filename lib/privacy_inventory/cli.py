"""The `privacy-inventory` command: one-line errors for bad input, tracebacks only with --debug."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from privacy_inventory import __version__
from privacy_inventory.cli_types import harden
from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import scrub

DEFAULT_ORG = "imvbox"


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line (the tool's rule for every bad input), exit status 2."""

    def error(self, message: str) -> "NoReturn":  # type: ignore[name-defined]
        self.exit(2, f"privacy-inventory: error: {self.prog}: {message} (see --help)\n")


def _scan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", action="append", default=[], metavar="[NAME=]URL", help="SQLAlchemy database URL to scan (repeatable); ${VAR} reads the environment")
    p.add_argument("--config", action="append", default=[], metavar="[APP=]PATH", help="application config file or directory to scan for integrations (repeatable); APP names the application (default app)")
    p.add_argument("--sample-size", type=_non_negative_int, default=200, help="values sampled per column (default 200; 0 classifies by names and types only)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds before any one query is cancelled (default 30)")
    p.add_argument("--schema", action="append", default=[], help="only scan this schema (repeatable)")
    p.add_argument("--skip-views", action="store_true", help="list views, materialized views and foreign tables and classify them by name, but never read them (reading a view runs its query)")
    p.add_argument("--include", action="append", default=[], metavar="PATTERN", help="only scan what matches: table, schema.table or schema.table.column, globs allowed (repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="PATTERN", help="never scan what matches: table, schema.table or schema.table.column, globs allowed (repeatable)")
    p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="FILE", help="the organisation's own vocabulary (lexicon.yaml, repeatable; `run` also reads <inventory>/lexicon.yaml)")


def _fanout_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", type=_jobs, default="auto", metavar="N", help="scan N shards at once in local processes; a big source is cut into ranges of tables "
                   "(default auto: one per core, at most 4, when the sources hold 5,000 columns or more, else 1)")
    p.add_argument("--executor", choices=("local", "dask"), default="local", help="where shards run: this machine (default) or a Dask cluster (needs --scheduler)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address for --executor dask, e.g. tcp://host:8786")
    p.add_argument("--shard-by", choices=("auto", "source", "schema", "tables"), default="auto", help="unit of work: whole sources, schemas, or ranges of tables (default auto: sources with one job, tables otherwise)")


def build_parser() -> argparse.ArgumentParser:
    """The command line: scan, init, demo, run, notebooks and diff."""
    parser = _OneLineParser(prog="privacy-inventory", description="Find the personal data an organisation holds, where it flows, and how risky it is.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True)

    scan = sub.add_parser("scan", help="scan databases and config files into columns.csv, integrations.csv and inventory.json")
    _scan_args(scan)
    _fanout_args(scan)
    scan.add_argument("--out", required=True, type=Path, help="output directory")
    scan.add_argument("--learned", action="store_true", help="let the learned combiner (data/combiner.json) settle the columns the rules are unsure of (slower; see bench/RESULTS.md)")
    scan.add_argument("--review", type=Path, default=None, metavar="PATH", help="the DPO's overrides.yaml to apply (stale decisions -> stale-review.json)")

    demo = sub.add_parser("demo", help="generate the IMVBox demo database (deterministic)")
    demo.add_argument("--out", type=Path, default=Path("inventory/imvbox/imvbox.sqlite"), help="SQLite file to write")
    demo.add_argument("--scale", type=_positive_int, default=1, help="multiply the number of rows (default 1)")
    demo.add_argument("--seed", type=int, default=2018, help="random seed (default 2018)")

    run = sub.add_parser("run", help="run the whole suite (default: the IMVBox demo organisation)")
    _scan_args(run)
    run.add_argument("--inventory", type=Path, default=None, help="declared inventory directory (default: the IMVBox demo without --db; a discovery assessment with --db)")
    run.add_argument("--org", default=None, metavar="NAME", help="organisation name of a discovery assessment (--db without --inventory; default: the first database's name)")
    run.add_argument("--jobs", type=_jobs, default="auto", metavar="N",
                     help="shards scanned at once in worker processes; auto (default): one per core for a big source, else 1")
    run.add_argument("--policy", type=Path, default=None, help="published privacy policy (default <inventory>/privacy-policy.md)")
    run.add_argument("--previous", type=Path, default=None, help="an earlier assessment directory to compare with")
    run.add_argument("--out", type=Path, default=None, help="output directory (default reports/<org>)")

    init = sub.add_parser("init", help="scan an organisation's databases and config and draft its declared inventory into DIR")
    init.add_argument("directory", type=Path, metavar="DIR", help="the new inventory directory (existing files are never overwritten)")
    _scan_args(init)
    init.add_argument("--org", default=None, metavar="NAME", help="the organisation's name (default: the first database's name)")

    notebooks = sub.add_parser("notebooks", help="copy the suite's notebooks into DIR to open them in JupyterLab")
    notebooks.add_argument("directory", type=Path, metavar="DIR", help="working directory for the notebooks (existing notebooks are kept)")

    diff = sub.add_parser("diff", help="compare two assessment directories and list what changed")
    diff.add_argument("old", type=Path, help="the earlier assessment directory")
    diff.add_argument("new", type=Path, help="the later assessment directory")
    diff.add_argument("--out", type=Path, default=None, help="also write DIR/changes/changes.json and changes.csv")
    return harden(parser)


def _non_negative_int(text: str) -> int:
    return _positive_int(text, minimum=0)


def _jobs(text: str) -> int | str:
    return "auto" if text == "auto" else _positive_int(text)


def _positive_int(text: str, minimum: int = 1) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{value} must be at least {minimum}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a command and map every failure to one line and an exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _install_log_scrubber()
    from privacy_inventory.quiet import route_library_warnings

    route_library_warnings()
    try:
        if args.command == "scan":
            from privacy_inventory.commands import cmd_scan

            return cmd_scan(args)
        if args.command == "demo":
            from privacy_inventory.commands import cmd_demo

            return cmd_demo(args)
        if args.command == "run":
            from privacy_inventory.commands import cmd_run

            return cmd_run(args)
        if args.command == "init":
            from privacy_inventory.commands import cmd_init

            return cmd_init(args)
        if args.command == "notebooks":
            from privacy_inventory.commands import cmd_notebooks

            return cmd_notebooks(args)
        if args.command == "diff":
            from privacy_inventory.commands import cmd_diff

            return cmd_diff(args)
    except InventoryError as exc:
        if args.debug:
            raise
        print(f"privacy-inventory: error: {scrub(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("privacy-inventory: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback wall
        if args.debug:
            raise
        print(f"privacy-inventory: internal error: {type(exc).__name__}: {scrub(str(exc)).splitlines()[0] if str(exc) else ''} (rerun with --debug for details)", file=sys.stderr)
        return 3
    return 0


class _ScrubFilter(logging.Filter):
    """Mask URL credentials in every log record, whatever logger wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True


def _install_log_scrubber() -> None:
    for handler in logging.getLogger().handlers:
        handler.addFilter(_ScrubFilter())
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
