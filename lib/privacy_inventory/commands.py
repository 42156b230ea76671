"""What each subcommand does, kept apart from argument parsing so notebooks can call the same code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from privacy_inventory.errors import InventoryError
from privacy_inventory.inventory import write_scan_outputs
from privacy_inventory.out_guard import config_paths, guard_output, output_lock, sqlite_files
from privacy_inventory.scan.database import ScanOptions
from privacy_inventory.scan.estate import failures, parse_sources, scan_estate, unreadable
from privacy_inventory.scan.executors import FanOut


def _options(args: argparse.Namespace) -> ScanOptions:
    from privacy_inventory.scan.scope import check_patterns

    scope = {"include": check_patterns(getattr(args, "include", []), "--include"), "exclude": check_patterns(getattr(args, "exclude", []), "--exclude")}
    return ScanOptions(sample_size=args.sample_size, timeout_s=args.timeout, schemas=tuple(args.schema), skip_views=bool(getattr(args, "skip_views", False)),
                       lexicons=_lexicons(getattr(args, "lexicon", [])), combiner="" if getattr(args, "learned", False) else "off", **scope)


def _lexicons(paths: list[Path]) -> tuple[str, ...]:
    """The DPO's lexicon files, each checked before any scan (one `file:line` error for a bad one)."""
    from privacy_inventory.classify.lexicon import check_file

    for path in paths:
        check_file(path)
    return tuple(str(p) for p in paths)


def _fanout(args: argparse.Namespace) -> FanOut:
    """--jobs, --executor, --scheduler, --shard-by (absent on commands without them: one job, in-process)."""
    return FanOut(
        jobs=getattr(args, "jobs", 1),
        executor=getattr(args, "executor", "local"),
        scheduler=getattr(args, "scheduler", None),
        shard_by=getattr(args, "shard_by", "auto"),
    )


def _ensure_writable(out: Path) -> None:
    """Fail before scanning when the output directory cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise InventoryError(str(out), f"output directory is not writable ({exc.strerror or exc})") from None


def cmd_scan(args: argparse.Namespace) -> int:
    """Scan databases and config files into DIR; exit 1 when a source, table or view could not be read."""
    if not args.db and not args.config:
        raise InventoryError("scan", "nothing to scan: give at least one --db URL or --config PATH")
    specs = parse_sources(args.db)
    fanout = _fanout(args)
    inputs = [("--config", p) for p in config_paths(list(args.config))] + [("--db", p) for p in sqlite_files(list(args.db))]
    if getattr(args, "review", None) is not None:
        inputs.append(("--review", Path(args.review)))
    guard_output(args.out, inputs, replaces=False)
    with output_lock(args.out):
        return _scan_locked(args, specs, fanout)


def _scan_locked(args: argparse.Namespace, specs: list, fanout: FanOut) -> int:  # type: ignore[type-arg]
    """The scan itself, once its output directory is known to be safe and is locked."""
    _ensure_writable(args.out)
    review = None
    if getattr(args, "review", None) is not None:  # --review PATH: the DPO's overrides.yaml, checked before scanning
        from privacy_inventory.review import honour_review, load_review

        review = load_review(args.review)
    inventory = scan_estate(specs, list(args.config), _options(args), fanout)
    failed = failures(inventory)
    if failed and len(failed) == len(specs) and not args.config:
        for line in failed:
            print(f"privacy-inventory: error: {line}", file=sys.stderr)
        return 2
    if review is not None:
        inventory, stale = honour_review(inventory, review, args.out)
        if stale:
            print(f"privacy-inventory: warning: {len(stale)} review decision(s) no longer fit the scan, see {args.out / 'stale-review.json'}", file=sys.stderr)
    try:
        write_scan_outputs(inventory, args.out)
    except OSError as exc:
        raise InventoryError(str(args.out), f"cannot write outputs ({exc.strerror or exc})") from None
    for line in failed:
        print(f"privacy-inventory: error: {line}", file=sys.stderr)
    hidden = unreadable(inventory)
    for line in hidden:
        print(f"privacy-inventory: warning: {line}", file=sys.stderr)
    cols = sum(len(t.columns) for s in inventory.sources for t in s.tables)
    personal = sum(1 for s in inventory.sources for t in s.tables for c in t.columns if c.category)
    print(f"scanned {len(specs) - len(failed)} source(s), {cols} columns ({personal} personal), {len(inventory.integrations)} integration(s) -> {args.out}")
    return 1 if failed or hidden else 0


def cmd_init(args: argparse.Namespace) -> int:
    """Scan and draft a starter declared inventory into DIR; exit 1 when a source could not be scanned."""
    from privacy_inventory.onboarding import org_name, summary_lines, write_starter
    from privacy_inventory.paths import from_cwd

    if not args.db:
        raise InventoryError("init", "nothing to scan: give at least one --db URL (and --config PATH for the application's config)")
    specs = parse_sources(args.db)
    directory = from_cwd(args.directory)
    inventory = scan_estate(specs, [str(from_cwd_arg(c)) for c in args.config], _options(args), FanOut())
    failed = failures(inventory)
    for line in failed:
        print(f"privacy-inventory: error: {line}", file=sys.stderr)
    if failed and len(failed) == len(specs):
        return 2
    result = write_starter(directory, inventory, org_name(args.org, inventory))
    for line in summary_lines(result):
        print(line)
    return 1 if failed else 0


def from_cwd_arg(arg: str) -> str:
    """`[NAME=]PATH` with PATH made absolute against the current directory."""
    from privacy_inventory.paths import from_cwd

    name, sep, rest = arg.partition("=")
    if sep and name and "/" not in name and not Path(arg).exists():
        return f"{name}={from_cwd(rest)}"
    return str(from_cwd(arg))


def cmd_notebooks(args: argparse.Namespace) -> int:
    """Copy the suite's notebooks (without outputs) into a working directory for JupyterLab."""
    from privacy_inventory.notebook_copy import copy_notebooks
    from privacy_inventory.paths import from_cwd

    target = from_cwd(args.directory)
    written, kept = copy_notebooks(target)
    print(f"copied {len(written)} notebook(s) to {target}" + (f"; kept {len(kept)} existing" if kept else ""))
    print(f"open them with: jupyter lab {target}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the IMVBox demo database."""
    from privacy_inventory.demo.imvbox import build_imvbox
    from privacy_inventory.demo.schema import TABLES
    from privacy_inventory.out_guard import check_replaceable_demo

    check_replaceable_demo(Path(args.out), [name for name, _ in TABLES])
    try:
        summary = build_imvbox(args.out, scale=args.scale, seed=args.seed)
    except OSError as exc:
        raise InventoryError(str(args.out), f"cannot write the demo database ({exc.strerror or exc})") from None
    print(f"wrote {summary.path} ({sum(summary.tables.values())} rows in {len(summary.tables)} tables)")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run the suite; with no sources it builds and assesses the IMVBox demo organisation."""
    from privacy_inventory.run import run_suite

    if getattr(args, "lexicon", []):
        raise InventoryError("--lexicon", "`run` reads the organisation's vocabulary from <inventory>/lexicon.yaml; "
                             "put the file there (`scan --lexicon FILE` takes it directly)")
    return run_suite(args)


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare two assessments and print what changed; exit 0 whether or not anything did."""
    from privacy_inventory.changes import diff_assessments
    from privacy_inventory.changes_report import summary_lines, write_changes

    if args.out is not None:
        guard_output(args.out, [("OLD", Path(args.old)), ("NEW", Path(args.new))], replaces=False)
    changes = diff_assessments(args.old, args.new)
    for line in summary_lines(changes):
        print(line)
    if args.out is not None:
        with output_lock(args.out):
            written = write_changes(changes, args.out)
        print(f"changes written to {written[0].parent}")
    return 0
