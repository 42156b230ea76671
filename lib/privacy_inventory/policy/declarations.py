"""What a privacy policy declares, sentence by sentence, so every claim can be traced to its wording."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PolicyStatement:
    """One sentence of the policy supporting one key (category, data use, recipient type, ...)."""

    section: str  # innermost heading the sentence sits under ("" before the first heading)
    index: int  # 1-based position of the sentence in the whole policy
    text: str  # the sentence, with Markdown removed
    term: str  # the lexicon term that matched
    key: str  # the fideslang key / recipient type / kind this sentence supports
    line: int = 0  # 1-based line of the policy file where the sentence starts
    related: tuple[str, ...] = ()  # data categories named in the same sentence
    condition: str = ""  # the words that make a denial conditional or scoped ("unless you consent"), if any

    @property
    def quote(self) -> str:
        """The sentence as a quote: list punctuation and a dangling "and"/"or" trimmed."""
        text = self.text.strip()
        text = re.sub(r"(?:[;,:]\s*(?:and|or)?|\s+(?:and|or))\s*$", "", text, flags=re.IGNORECASE).strip()
        return text.rstrip(";,:").strip()

    @property
    def where(self) -> str:
        """Where the sentence stands: its section heading and sentence number (and line)."""
        section = f'"{self.section}"' if self.section else "before the first heading"
        return f"{section}, sentence {self.index}" + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class TransferStatement:
    """A sentence about international transfers, with the safeguards and destinations it names."""

    statement: PolicyStatement
    safeguards: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes, or "EU"

    @property
    def names_safeguards(self) -> bool:
        return bool(self.safeguards)

    @property
    def names_destinations(self) -> bool:
        return bool(self.destinations)


@dataclass(frozen=True)
class RetentionStatement:
    """A sentence about how long data is kept, with the period read from it."""

    statement: PolicyStatement
    period: str | None = None  # "relationship" | "necessary" | "legal" | ISO 8601 duration ("P2Y") | None


@dataclass(frozen=True)
class ChildrenStatement:
    """A sentence about children: the minimum age it promises and what it promises."""

    statement: PolicyStatement
    min_age: int | None = None
    not_knowingly: bool = False  # "we do not knowingly collect ..."
    not_directed: bool = False  # "our service is not directed to / does not address ..."
    deletes: bool = False  # "we will delete such information"


def _sort_map(data: dict[str, list[PolicyStatement]]) -> dict[str, list[PolicyStatement]]:
    """Keys sorted, each list in policy order (determinism)."""
    return {k: sorted(v, key=lambda s: (s.index, s.term)) for k, v in sorted(data.items())}


@dataclass
class PolicyDeclarations:
    """Everything a policy declares, each claim backed by the sentences that make it."""

    source: str
    categories: dict[str, list[PolicyStatement]] = field(default_factory=dict)
    purposes: dict[str, list[PolicyStatement]] = field(default_factory=dict)
    recipient_types: dict[str, list[PolicyStatement]] = field(default_factory=dict)
    transfers: list[TransferStatement] = field(default_factory=list)
    retention: list[RetentionStatement] = field(default_factory=list)
    children: list[ChildrenStatement] = field(default_factory=list)
    denials: dict[str, list[PolicyStatement]] = field(default_factory=dict)  # "sell" | "share" | "collect"
    not_collected: dict[str, list[PolicyStatement]] = field(default_factory=dict)  # categories named in a denial
    denied_purposes: dict[str, list[PolicyStatement]] = field(default_factory=dict)  # "we never use your data for ..."
    set_aside: list[PolicyStatement] = field(default_factory=list)  # clauses about a third party's own settings/policies
    sections: list[str] = field(default_factory=list)
    sentence_count: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def statement_count(self) -> int:
        """How many statements were recognised in all (0 means nothing was understood)."""
        maps = (self.categories, self.purposes, self.recipient_types, self.denials, self.not_collected)
        return sum(len(v) for m in maps for v in m.values()) + len(self.transfers) + len(self.retention) + len(
            self.children
        )

    @property
    def children_min_age(self) -> int | None:
        """The highest minimum age the policy promises for children (e.g. 13), if any."""
        ages = [c.min_age for c in self.children if c.min_age is not None]
        return max(ages) if ages else None

    @property
    def retention_periods(self) -> list[str]:
        """The distinct retention periods the policy states, sorted."""
        return sorted({r.period for r in self.retention if r.period})

    def sorted(self) -> "PolicyDeclarations":
        """Return the same declarations with every map and list in a stable order."""
        self.categories = _sort_map(self.categories)
        self.purposes = _sort_map(self.purposes)
        self.recipient_types = _sort_map(self.recipient_types)
        self.denials = _sort_map(self.denials)
        self.not_collected = _sort_map(self.not_collected)
        self.denied_purposes = _sort_map(self.denied_purposes)
        self.set_aside.sort(key=lambda s: (s.index, s.term))
        self.transfers.sort(key=lambda t: t.statement.index)
        self.retention.sort(key=lambda r: r.statement.index)
        self.children.sort(key=lambda c: c.statement.index)
        self.warnings = sorted(set(self.warnings))
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready form (sorted)."""
        return asdict(self.sorted())

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")
