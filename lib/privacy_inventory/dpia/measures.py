"""Which declared measure treats which risk (data/risk_measures.yaml), and whether its claims hold for the columns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.models import ColumnScan, TableScan

DIRECT = ("user.contact", "user.name", "user.government_id", "user.financial", "user.account", "user.authorization")
LINKING = ("user.unique_id", "user.device.ip_address")  # identify a person in the controller's hands (not pseudonymous)
PSEUDONYMOUS = ("user.unique_id.pseudonymous",)


@dataclass(frozen=True)
class Family:
    """One kind of measure: the words that name it, the risk kinds it treats, the score it lowers."""

    key: str
    patterns: tuple[re.Pattern[str], ...]
    treats: frozenset[str]
    effect: str
    claim: bool = False


@dataclass(frozen=True)
class Catalogue:
    """The measure catalogue: vague phrases, families, data scopes."""

    vague: tuple[re.Pattern[str], ...]
    families: tuple[Family, ...]
    scopes: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]


@dataclass
class Measure:
    """One declared measure read against the catalogue."""

    text: str
    families: list[Family] = field(default_factory=list)
    vague: bool = False
    tables: list[str] = field(default_factory=list)  # table names it names (empty: all of the activity's)
    categories: list[str] = field(default_factory=list)  # data it names (empty: all)

    @property
    def is_claim(self) -> bool:
        return any(f.claim for f in self.families)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The package's measure catalogue (data/risk_measures.yaml)."""
    from privacy_inventory.yaml_io import load_yaml

    data: Any = load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "risk_measures.yaml")))
    flags = re.IGNORECASE
    families = tuple(
        Family(key, tuple(re.compile(p, flags) for p in spec["patterns"]), frozenset(spec["treats"]), spec["effect"], bool(spec.get("claim")))
        for key, spec in sorted(data["families"].items())
    )
    scopes = tuple((re.compile(s["pattern"], flags), tuple(s["categories"])) for s in data["scopes"])
    return Catalogue(tuple(re.compile(p, flags) for p in data["vague"]), families, scopes)


def read_measure(text: str, table_names: list[str]) -> Measure:
    """What a measure is (families), whether it is vague, and what data or tables it is about."""
    cat = catalogue()
    plain = text.strip()
    m = Measure(plain)
    m.vague = any(p.search(plain) for p in cat.vague)
    m.families = [f for f in cat.families if any(p.search(plain) for p in f.patterns)]
    m.tables = sorted({t for t in table_names if re.search(rf"(?<![A-Za-z0-9_]){re.escape(t)}(?![A-Za-z0-9_])", plain)})
    if not m.is_claim:  # a claim names what is absent ("no IP address"): its scope is the tables, not those words
        m.categories = sorted({c for pattern, cats in cat.scopes if pattern.search(plain) for c in cats})
    return m


def _under(category: str, roots: tuple[str, ...] | list[str]) -> bool:
    return any(category == r or category.startswith(r + ".") or r.startswith(category + ".") for r in roots)


def identifying_columns(table: TableScan, person_tables: set[str]) -> list[str]:
    """Columns that identify a person in the controller's hands: direct identifiers, IP addresses, links to a person table."""
    out = []
    links = {c for fk in table.foreign_keys if fk.referred_table in person_tables for c in fk.columns}
    for col in table.columns:
        cat = col.category or ""
        if col.name in links:
            out.append(f"{col.name} (links to {next(fk.referred_table for fk in table.foreign_keys if col.name in fk.columns)})")
        elif cat and not _under(cat, PSEUDONYMOUS) and any(cat == r or cat.startswith(r + ".") for r in DIRECT + LINKING):
            out.append(f"{col.name} ({cat})")
    return out


def claim_contradiction(measure: Measure, tables: list[TableScan], person_tables: set[str]) -> str:
    """Why a pseudonymisation claim does not hold for these tables ('' when it holds)."""
    problems = []
    for table in tables:
        if measure.tables and table.name not in measure.tables:
            continue
        cols = identifying_columns(table, person_tables - {table.name})
        if cols:
            problems.append(f"{table.name} holds {', '.join(cols)}")
    return "; ".join(problems)


@dataclass
class Treatment:
    """What the declared measures do to one risk: the ones that apply, and the ones that do not with why."""

    likelihood: list[str] = field(default_factory=list)
    severity: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)

    @property
    def applied(self) -> list[str]:
        return sorted(set(self.likelihood) | set(self.severity))


def treat(kind: str, table: TableScan | None, categories: set[str], measures: list[str], activity_tables: list[TableScan],
          person_tables: set[str], known_tables: set[str] | None = None) -> Treatment:
    """Which of the declared measures lower a risk of this kind about this table (or flow) and these categories."""
    out = Treatment()
    names = sorted({t.name for t in activity_tables} | ({table.name} if table else set()) | set(known_tables or ()))
    for text in sorted(set(measures)):
        m = read_measure(text, names)
        if m.vague:
            out.not_counted.append(f"'{text}': no specifics stated")
            continue
        fams = [f for f in m.families if kind in f.treats]
        if not fams:
            continue
        if m.tables and (table is None or table.name not in m.tables):
            continue
        if m.categories and not m.tables and not any(_under(c, m.categories) for c in categories):
            continue
        if m.is_claim:
            scope = [table] if table is not None else activity_tables
            why = claim_contradiction(m, scope, person_tables)
            if why:
                out.not_counted.append(f"'{text}': claim contradicted, {why}")
                continue
        for fam in fams:
            (out.severity if fam.effect == "severity" else out.likelihood).append(text)
    out.likelihood, out.severity = sorted(set(out.likelihood)), sorted(set(out.severity))
    return out


def column_categories(cols: list[ColumnScan]) -> set[str]:
    return {str(c.category) for c in cols if c.category}
