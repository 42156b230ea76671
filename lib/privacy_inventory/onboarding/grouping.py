"""Group scanned tables into candidate processing activities by what they hold and how they reference each other."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.models import Inventory, SourceScan, TableScan

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


@dataclass(frozen=True)
class Kind:
    """A family of processing activities (accounts, payments, HR, ...) and the signs that point to it."""

    key: str
    order: int
    name: str
    description: str
    tokens: frozenset[str]
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    legal_basis: tuple[str, ...]
    art9: str
    data_subjects: tuple[str, ...]
    vendor_purposes: tuple[str, ...] = ()


@dataclass
class Candidate:
    """One drafted activity: its kind and the tables (with why each was put there) it covers."""

    kind: Kind
    tables: list[tuple[SourceScan, TableScan]] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # table pattern -> why it is here

    @property
    def categories(self) -> list[str]:
        return sorted({c.category for _, t in self.tables for c in t.columns if c.category})

    @property
    def systems(self) -> list[str]:
        return sorted({s.name for s, _ in self.tables})


def _kind(raw: dict[str, Any], order: int = 99) -> Kind:
    return Kind(
        key=raw["key"], order=int(raw.get("order", order)), name=raw["name"], description=raw["description"],
        tokens=frozenset(raw.get("tokens", [])), categories=tuple(raw.get("categories", [])), purposes=tuple(raw["purposes"]),
        legal_basis=tuple(raw["legal_basis"]), art9=str(raw.get("art9", "a")), data_subjects=tuple(raw["data_subjects"]),
        vendor_purposes=tuple(raw.get("vendor_purposes", [])),
    )


@lru_cache(maxsize=1)
def activity_kinds() -> tuple[tuple[Kind, ...], Kind]:
    """The kinds of data/activity_kinds.yaml in order, and the catch-all kind."""
    from privacy_inventory.yaml_io import load_yaml

    data = load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "activity_kinds.yaml")))
    kinds = tuple(sorted((_kind(k) for k in data["kinds"]), key=lambda k: (k.order, k.key)))
    return kinds, _kind(data["other"])


def name_tokens(name: str) -> list[str]:
    """`SalaryPayments_2019` -> ['salary', 'payments', '2019']."""
    return [w.lower() for part in re.split(r"[^A-Za-z0-9]+", name) for w in _WORD.findall(part)]


def table_pattern(source: SourceScan, table: TableScan) -> str:
    """How an activity names the table: `source.table` (`source.schema.table` when the source has several schemas)."""
    several = len({t.schema for t in source.tables}) > 1
    return f"{source.name}.{table.schema}.{table.name}" if several and table.schema else f"{source.name}.{table.name}"


def score(kind: Kind, table: TableScan) -> tuple[int, str]:
    """How strongly a table points to a kind: 3 per name word, 1 per column of a kind's category; and why."""
    words = [w for w in name_tokens(table.name) if w in kind.tokens]
    cols = [c.name for c in table.columns if c.category and any(c.category == p or c.category.startswith(p + ".") for p in kind.categories)]
    why = []
    if words:
        why.append(f"name '{table.name}' ({', '.join(sorted(set(words)))})")
    if cols:
        why.append(f"{len(cols)} column(s) of {kind.name.lower()} data ({', '.join(sorted(cols)[:3])}{', ...' if len(cols) > 3 else ''})")
    return 3 * len(words) + len(cols), "; ".join(why)


def personal(table: TableScan) -> bool:
    """A table the record must cover: it holds personal data (or is the table people are)."""
    return not table.error and (table.person_table or any(c.category for c in table.columns))


def group_tables(inventory: Inventory) -> list[Candidate]:
    """Candidate activities (kind order), each with its tables; unsure tables follow their foreign keys."""
    kinds, other = activity_kinds()
    chosen: dict[tuple[str, str | None, str], tuple[Kind, str]] = {}
    tables = [(s, t) for s in sorted(inventory.sources, key=lambda s: s.name) for t in sorted(s.tables, key=lambda t: (t.schema or "", t.name)) if personal(t)]
    for source, table in tables:
        best = max(((score(k, table), k) for k in kinds), key=lambda item: (item[0][0], -item[1].order))
        (points, why), kind = best
        if points > 0:
            chosen[(source.name, table.schema, table.name)] = (kind, why)
    _follow_references(tables, chosen)
    groups: dict[str, Candidate] = {}
    for source, table in tables:
        kind, why = chosen.get((source.name, table.schema, table.name), (other, "nothing in its name or columns points to a usual activity"))
        cand = groups.setdefault(kind.key, Candidate(kind))
        cand.tables.append((source, table))
        cand.reasons[table_pattern(source, table)] = why
    order = {k.key: k.order for k in kinds}
    return sorted(groups.values(), key=lambda c: (order.get(c.kind.key, 1000), c.kind.key))


def _follow_references(tables: list[tuple[SourceScan, TableScan]], chosen: dict[tuple[str, str | None, str], tuple[Kind, str]]) -> None:
    """A table nothing points to joins the activity of a table it references (or that references it), repeatedly."""
    by_key = {(s.name, t.schema, t.name): (s, t) for s, t in tables}
    neighbours: dict[tuple[str, str | None, str], set[tuple[str, str | None, str]]] = {k: set() for k in by_key}
    for (src, schema, name), (_, table) in by_key.items():
        for fk in table.foreign_keys:
            other = (src, fk.referred_schema or schema, fk.referred_table)
            if other not in by_key:
                other = (src, schema, fk.referred_table)
            if other in by_key and other != (src, schema, name):
                neighbours[(src, schema, name)].add(other)
                neighbours[other].add((src, schema, name))
    changed = True
    while changed:
        changed = False
        for key in sorted(by_key, key=lambda k: (k[0], k[1] or "", k[2])):
            if key in chosen:
                continue
            linked = sorted((chosen[n][1].startswith("linked"), chosen[n][0].order, chosen[n][0].key, n[2]) for n in neighbours[key] if n in chosen)
            if linked:  # a directly recognised neighbour first, then the kind order
                _, _, kind_key, via = linked[0]
                kind = next(chosen[n][0] for n in neighbours[key] if n in chosen and chosen[n][0].key == kind_key)
                chosen[key] = (kind, f"linked by a foreign key to '{via}'")
                changed = True
