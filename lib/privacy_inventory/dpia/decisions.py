"""Adverse decisions about people made by automated means only (Art. 22): found by column names, counted by their values.

Pure planning plus a per-row test. A table with an outcome column and a column saying who decided (or whether a person
reviewed it), per data/automated_decisions.yaml, is streamed; a row counts when its outcome is adverse and the decider
was a model, rule engine or system, or no person reviewed it. A person's review (true) always takes the row out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.models import ColumnScan, TableScan
from privacy_inventory.name_words import has_word, tokens

_NO = ("", "0", "false", "f", "no", "n", "none", "null")


@dataclass(frozen=True)
class DecisionPlan:
    """The outcome column and the decider and/or human-review column of one table."""

    outcome: str
    decider: str | None
    review: str | None

    @property
    def columns(self) -> list[str]:
        return [self.outcome] + [c for c in (self.decider, self.review) if c]

    def describe(self) -> str:
        how = [f"{self.decider} names a model, rule engine or system" if self.decider else "",
               f"{self.review} is not true" if self.review else ""]
        return f"rows whose {self.outcome} is adverse (declined, rejected, refused) and " + " or ".join(h for h in how if h) + \
            (f", unless {self.review} is true" if self.decider and self.review else "")


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "automated_decisions.yaml")))


def _named(col: ColumnScan, names: list[str]) -> bool:
    toks = set(tokens(col.name))
    return any(set(tokens(n)) <= toks for n in names)


def plan_decisions(table: TableScan) -> DecisionPlan | None:
    """The columns to read for automated adverse decisions in `table`, or None when it records no such decision."""
    w = _words()
    cols = sorted(table.columns, key=lambda c: c.name)
    decider = next((c.name for c in cols if _named(c, w["decider_columns"])), None)
    review = next((c.name for c in cols if _named(c, w["human_review_columns"]) and c.name != decider), None)
    if decider is None and review is None:
        return None
    outcome = next((c.name for c in cols if has_word(w["outcome_words"], c.name) and c.name not in (decider, review)
                    and "TIME" not in c.data_type.upper() and "DATE" not in c.data_type.upper() and not c.name.lower().endswith(("_at", "_on"))), None)
    return DecisionPlan(outcome, decider, review) if outcome else None


def row_test(plan: DecisionPlan) -> Callable[[tuple[Any, ...]], bool]:
    """Whether a streamed row (outcome, decider?, review?) is an adverse decision with no person involved."""
    w = _words()
    adverse, auto = set(w["adverse_values"]), set(w["automated_values"])

    def test(row: tuple[Any, ...]) -> bool:
        if row[0] is None or not set(tokens(str(row[0]))) & adverse:
            return False
        i = 1
        automated = None
        if plan.decider:
            automated = row[i] is not None and bool(set(tokens(str(row[i]))) & auto)
            i += 1
        if plan.review:
            reviewed = row[i] is not None and str(row[i]).strip().lower() not in _NO
            if reviewed:
                return False
            automated = True if automated is None else automated
        return bool(automated)

    return test
