"""Split a database scan into independent shards (a source, a schema, a range of tables) and merge them back deterministically.

A whole-source shard is `scan_source`. A source split into parts is planned once (structure and
person tables, which the classifier needs across the whole source), then each part samples and
classifies its own tables on its own connection; merging sorts the tables and recomputes the
fingerprint, so the inventory is the same bytes whatever the split, the executor or the jobs.
The functions run by workers are top-level and take only picklable plain data.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import scrub
from privacy_inventory.models import SourceScan, TableScan
from privacy_inventory.quiet import route_library_warnings
from privacy_inventory.scan.connect import check_connection, create_readonly_engine
from privacy_inventory.scan.database import ScanOptions, introspect_source, scan_tables, scan_source, schema_fingerprint, use_knowledge, assign_roles
from privacy_inventory.scan.sources import SourceSpec

route_library_warnings()  # every process that scans (command line, workers, notebook kernels) imports this module

SHARD_BY = ("auto", "source", "schema", "tables")
OVERBOOK = 3  # table shards per free slot, so a slow range does not leave the other workers idle
MIN_TABLES_PER_SHARD = 16  # below this, a shard's own connection costs more than it saves


@dataclass(frozen=True)
class Failed:
    """What a shard returns instead of raising: the one-line reason, already free of secrets."""

    message: str


@dataclass
class SourcePlan:
    """A source's structure read once: every table (unscanned) and which of them hold people."""

    name: str
    dialect: str
    url: str  # masked
    tables: list[TableScan] = field(default_factory=list)
    person_tables: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Part:
    """One shard of a planned source: its tables and a label without secrets (for the error of a failed shard)."""

    index: int
    label: str
    tables: tuple[TableScan, ...]


def scan_whole(spec: SourceSpec, options: ScanOptions) -> SourceScan:
    """Worker: a whole source as one shard; a source that cannot be scanned comes back as failed."""
    try:
        return scan_source(spec, options)
    except InventoryError as exc:
        return failed_source(spec, exc.message)


def plan_source(spec: SourceSpec, options: ScanOptions) -> SourcePlan | Failed:
    """Worker: connect, read the structure of every scanned schema, and mark the person tables."""
    use_knowledge(options)
    try:
        engine = create_readonly_engine(spec, timeout_s=options.timeout_s)
        try:
            check_connection(engine, spec)
            with engine.connect() as conn:
                tables = introspect_source(conn, spec, options)
        finally:
            engine.dispose()
        if not tables:
            raise InventoryError(spec.name, "no tables or views found (empty database, or wrong database/schema?)")
    except InventoryError as exc:
        return Failed(exc.message)
    person = assign_roles(tables)
    return SourcePlan(name=spec.name, dialect=spec.dialect, url=spec.masked, tables=tables, person_tables=person)


def scan_part(spec: SourceSpec, tables: Sequence[TableScan], person_tables: frozenset[str], options: ScanOptions,
              private: bool = False) -> list[TableScan] | Failed:
    """Worker: sample and classify some tables of a planned source on a connection of its own.

    `private`: the tables are this call's own copy (unpickled in a pool worker), so they are scanned in place;
    otherwise they are copied first, so the plan's tables stay unscanned whatever happens here (a deep copy of
    1,000 tables costs about a tenth of their scan).
    """
    mine = list(tables) if private else copy.deepcopy(list(tables))
    use_knowledge(options)
    try:
        engine = create_readonly_engine(spec, timeout_s=options.timeout_s)
        try:
            check_connection(engine, spec)
            scan_tables(engine, spec, [t for t in mine if t.error is None], set(person_tables), options)
        finally:
            engine.dispose()
    except InventoryError as exc:
        return Failed(exc.message)
    return mine


def split_plan(plan: SourcePlan, shard_by: str, shards: int) -> list[Part]:
    """Parts of a planned source: one per schema, or `shards` runs of consecutive sorted tables of even width."""
    ordered = sorted(plan.tables, key=lambda t: (t.schema or "", t.name))
    if shard_by == "schema":
        groups: dict[str, list[TableScan]] = {}
        for table in ordered:
            groups.setdefault(table.schema or "", []).append(table)
        return [Part(i, f"schema {schema or '(default)'}", tuple(group)) for i, (schema, group) in enumerate(sorted(groups.items()))]
    runs = table_runs([len(t.columns) + 1 for t in ordered], shards)
    return [Part(i, f"tables {ordered[a].qualified_name} .. {ordered[b - 1].qualified_name}", tuple(ordered[a:b])) for i, (a, b) in enumerate(runs)]


def table_runs(weights: Sequence[int], shards: int) -> list[tuple[int, int]]:
    """Cut a sequence into at most `shards` consecutive, non-empty [start, end) runs of about equal total weight."""
    count = len(weights)
    shards = max(1, min(shards, count))
    total = sum(weights) or 1
    runs: list[tuple[int, int]] = []
    start, acc = 0, 0
    for i, weight in enumerate(weights):
        acc += weight
        left_after = count - i - 1
        wanted_after = shards - len(runs) - 1
        if wanted_after and (acc * shards >= total * (len(runs) + 1) or left_after == wanted_after):
            runs.append((start, i + 1))
            start = i + 1
    runs.append((start, count)) if start < count else None
    return runs


def table_shard_count(tables: int, slots: int) -> int:
    """How many table ranges a big source is cut into for `slots` concurrent workers."""
    return max(1, min(slots * OVERBOOK, tables // MIN_TABLES_PER_SHARD))


def merge_parts(spec: SourceSpec, plan: SourcePlan, parts: Sequence[Part], outcomes: Sequence[list[TableScan] | Failed]) -> SourceScan:
    """One SourceScan from its parts: sorted tables, fingerprint over all of them, failed parts recorded."""
    tables: list[TableScan] = []
    problems: list[str] = []
    for part, outcome in zip(parts, outcomes):
        if isinstance(outcome, Failed):
            problems.append(f"{part.label}: {outcome.message}")
            for table in copy.deepcopy(list(part.tables)):
                table.error = table.error or f"not read: {outcome.message}"
                tables.append(table)
        else:
            tables.extend(outcome)
    tables.sort(key=lambda t: (t.schema or "", t.name))
    result = SourceScan(name=plan.name, dialect=plan.dialect, url=plan.url, tables=tables, fingerprint=schema_fingerprint(tables))
    if problems:
        result.status = "failed" if len(problems) == len(parts) else "partial"
        result.error = scrub(f"{len(problems)} of {len(parts)} shard(s) not scanned: " + "; ".join(problems), spec.secrets)
    elif any(t.error for t in tables):
        result.status = "partial"
    return result


def failed_source(spec: SourceSpec, message: str) -> SourceScan:
    """The inventory's record of a source that could not be scanned at all."""
    return SourceScan(name=spec.name, dialect=spec.dialect, url=spec.masked, status="failed", error=scrub(message, spec.secrets))


def crash_message(spec: SourceSpec, exc: BaseException) -> str:
    """A shard that raised (a bug, a lost worker): its type and first line, with the source's secrets masked."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return scrub(f"scan shard crashed: {type(exc).__name__}" + (f": {text}" if text else ""), spec.secrets)
