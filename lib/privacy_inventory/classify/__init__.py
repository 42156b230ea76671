"""Column classifier: names, tables, keys and sampled values -> a fideslang data category with evidence."""

from __future__ import annotations

from typing import Sequence

from privacy_inventory.classify import tables as _tables
from privacy_inventory.classify.combine import classify as _classify
from privacy_inventory.models import Classification, ColumnContext

__all__ = ["classify_column", "is_person_table"]


def classify_column(ctx: ColumnContext) -> Classification:
    """Classify one column into a fideslang data category (or None), with confidence, evidence, flags, facts."""
    return _classify(ctx)


def is_person_table(table: str, columns: Sequence[str] = ()) -> bool:
    """True when a table holds one row per natural person, by its name or by its columns."""
    return _tables.is_person_table(table, tuple(columns))
