"""Scan every source given (databases and config files) into one Inventory; a failed source is recorded, not fatal."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Inventory, SourceScan
from privacy_inventory.progress import progress_bar
from privacy_inventory.scan.database import ScanOptions
from privacy_inventory.scan.disclosures import scan_disclosures
from privacy_inventory.scan.executors import AUTO, FanOut, InlineRunner, Pending, ShardRunner, auto_jobs, open_runner, usable_cores
from privacy_inventory.scan.shards import SHARD_BY, Failed, crash_message, failed_source, merge_parts, plan_source, scan_part, scan_whole, split_plan, table_shard_count
from privacy_inventory.scan.sources import SourceSpec, parse_source

log = logging.getLogger(__name__)
DEFAULT_APP = "app"


def parse_sources(dbs: Sequence[str]) -> list[SourceSpec]:
    """Parse every --db argument first, so a typo fails before any scanning starts."""
    specs = [parse_source(db) for db in dbs]
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise InventoryError(spec.name, "two sources have the same name; name them with NAME=URL")
        seen.add(spec.name)
    return specs


def scan_estate(specs: Sequence[SourceSpec], config_paths: Sequence[Path | str] = (), options: ScanOptions = ScanOptions(), fanout: FanOut = FanOut()) -> Inventory:
    """Scan databases (as shards, maybe concurrently) then config files; each failure lands in the inventory."""
    inventory = Inventory(sample_size=options.sample_size)
    if specs:
        inventory.sources.extend(scan_databases(specs, options, fanout))
        inventory.disclosures.extend(scan_disclosures(specs, inventory.sources, options.timeout_s))
    if config_paths:
        from privacy_inventory.scan.integrations import scan_config_paths

        for name, paths in group_config_paths(config_paths).items():
            integrations, findings, files = scan_config_paths(paths, source=name)
            inventory.integrations.extend(integrations)
            inventory.config_findings.extend(findings)
            inventory.config_sources.extend(f"{name}:{f}" for f in files)
    return inventory.sorted()


def scan_databases(specs: Sequence[SourceSpec], options: ScanOptions = ScanOptions(), fanout: FanOut = FanOut()) -> list[SourceScan]:
    """Every source as shards on the runner the FanOut names; the result does not depend on how it ran."""
    if fanout.shard_by not in SHARD_BY:
        raise InventoryError("shard-by", f"unknown shard kind {fanout.shard_by!r}; choose one of {', '.join(SHARD_BY)}")
    plans: dict[str, Pending] = {}
    if fanout.jobs == AUTO:
        fanout, plans = resolve_auto(specs, options, fanout)
    runner = open_runner(fanout, planned=bool(plans))
    try:
        return _run_shards(runner, specs, options, fanout.shard_by, plans)
    finally:
        runner.close()


def resolve_auto(specs: Sequence[SourceSpec], options: ScanOptions, fanout: FanOut) -> tuple[FanOut, dict[str, Pending]]:
    """--jobs auto: plan the sources here, then one job per core if they hold enough columns, else one.

    The plans are kept (a source is never read twice); a Dask cluster brings its own workers (one job here).
    """
    if fanout.executor != "local" or usable_cores() == 1:
        return replace(fanout, jobs=1), {}
    if fanout.shard_by == "source":  # whole sources: as many jobs as sources can use
        return replace(fanout, jobs=min(auto_jobs(1 << 30), len(specs))), {}
    plans = {s.name: InlineRunner().plan(plan_source, s, replace(options, progress=False), key=f"{s.name}-plan") for s in specs}
    columns = 0
    for spec in specs:
        try:
            plan = plans[spec.name].result()
        except Exception:  # noqa: BLE001 - reported by _run_shards like any crashed plan
            continue
        if not isinstance(plan, Failed):
            columns += sum(len(t.columns) for t in plan.tables)
    return replace(fanout, jobs=auto_jobs(columns)), plans


def _run_shards(runner: ShardRunner, specs: Sequence[SourceSpec], options: ScanOptions, shard_by: str,
                plans: dict[str, Pending] | None = None) -> list[SourceScan]:
    """Whole sources and plans first (or the plans made already), then the parts of each planned source; in source order."""
    inline = runner.inline
    opts = options if inline else replace(options, progress=False)
    split = shard_by if shard_by != "auto" else ("source" if runner.slots == 1 and not plans else "tables")
    if split == "source":
        first = {s.name: runner.submit(scan_whole, s, opts, key=f"{s.name}-whole") for s in specs}
    elif plans:
        first = plans
    else:
        first = {s.name: runner.plan(plan_source, s, opts, key=f"{s.name}-plan") for s in specs}
    if split == "source":
        return [_whole(spec, first[spec.name]) for spec in specs]
    pending = []
    for spec in specs:
        plan = _outcome(spec, first[spec.name])
        if isinstance(plan, Failed):
            pending.append((spec, plan, [], []))
            continue
        shards = 1 if plans and runner.slots == 1 else table_shard_count(len(plan.tables), runner.slots)  # auto, small: one part
        parts = split_plan(plan, split, shards)
        futures = [runner.submit(scan_part, spec, p.tables, plan.person_tables, opts, runner.private_args, key=f"{spec.name}-{p.index}") for p in parts]
        pending.append((spec, plan, parts, futures))
    out = []
    for spec, plan, parts, futures in pending:
        if isinstance(plan, Failed):
            out.append(failed_source(spec, plan.message))
            continue
        shown = progress_bar(futures, desc=f"scan {spec.name}", unit="shard", enabled=options.progress and not inline and len(futures) > 1)
        out.append(merge_parts(spec, plan, parts, [_outcome(spec, f) for f in shown]))
    return out


def _whole(spec: SourceSpec, future: Pending) -> SourceScan:
    """A whole-source shard's scan, or the source recorded as failed."""
    result = _outcome(spec, future)
    return failed_source(spec, result.message) if isinstance(result, Failed) else result


def _outcome(spec: SourceSpec, future: Pending) -> Any:
    """A shard's result; a shard that raised (a bug, a lost worker) becomes a Failed with a masked reason."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - one shard's crash must not lose the others
        log.debug("%s: shard crashed", spec.name, exc_info=True)
        return Failed(crash_message(spec, exc))


def group_config_paths(config_paths: Sequence[Path | str]) -> dict[str, list[Path]]:
    """`--config [NAME=]PATH`: NAME is the application the config belongs to (default `app`)."""
    groups: dict[str, list[Path]] = {}
    for raw in config_paths:
        text = str(raw)
        name, sep, rest = text.partition("=")
        if sep and name and "/" not in name and not Path(text).exists():
            groups.setdefault(name, []).append(Path(rest))
        else:
            groups.setdefault(DEFAULT_APP, []).append(Path(text))
    return groups


def failures(inventory: Inventory) -> list[str]:
    """One line per source that could not be scanned, for the command line's exit status."""
    return [f"{s.name}: {s.error}" for s in inventory.sources if s.status == "failed"]


def unreadable(inventory: Inventory) -> list[str]:
    """One line per table or view of a scanned source that could not be read (the rest of the source was)."""
    return [f"{s.name}: {t.qualified_name}: {t.error}" for s in inventory.sources if s.status != "failed" for t in s.tables if t.error]
