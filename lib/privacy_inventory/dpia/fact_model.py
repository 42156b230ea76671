"""The facts the risk rules read (one bounded count per table and question), and their facts.json file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from privacy_inventory.errors import InventoryError


@dataclass
class Fact:
    """One count over one table: what was counted (`detail`, no values), the count or the error."""

    key: str
    kind: str  # retention | under_age | plaintext_passwords | special_text | special_values | special_inference | automated_decisions | hidden | secret_keys
    table: str  # source.table
    columns: list[str]
    detail: str
    value: int | None = None
    scanned: int | None = None  # rows examined by a bounded stream (None for a SQL count)
    bounded: bool = False  # the row limit was reached: `value` is a lower bound
    error: str | None = None
    period: str | None = None  # retention facts: the ISO-8601 period the rows are older than
    after_end: bool = False  # retention facts: counted from the end of the relationship (closure), not creation
    consented: int | None = None  # under-age facts: children left out because a guardian's consent is recorded (Art. 8)


@dataclass
class Facts:
    """All facts of one run, keyed by fact key, with the reference date they were computed against."""

    reference_date: str
    facts: dict[str, Fact] = field(default_factory=dict)

    def value(self, key: str) -> int | None:
        """The count for a key, or None when it was not collected or failed."""
        fact = self.facts.get(key)
        return None if fact is None or fact.error else fact.value

    def of_kind(self, kind: str) -> list[Fact]:
        """The facts of one kind, in key order."""
        return [self.facts[k] for k in sorted(self.facts) if self.facts[k].kind == kind]

    def to_json(self) -> str:
        data = {"reference_date": self.reference_date, "facts": {k: asdict(self.facts[k]) for k in sorted(self.facts)}}
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> "Facts":
        """Read a facts.json written by `save`; a bad file is one InventoryError line."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            facts = {k: Fact(**v) for k, v in data["facts"].items()}
            return cls(reference_date=str(data["reference_date"]), facts=facts)
        except FileNotFoundError:
            raise InventoryError(str(path), "facts file not found; collect the facts first") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise InventoryError(str(path), f"not a valid facts file ({type(exc).__name__})") from None
