"""Where a parent's or guardian's consent for a child is recorded (Art. 8), so children who have it are not counted as lacking it.

Pure: reads table, column and foreign-key names with the words of data/guardian_consent.yaml. Two shapes are found:
a consent column in the child's own table (`parental_consent_at`, `guardianApproved`), or a guardian table whose
foreign key points to the child's table (`guardians.teen_cust_id -> customers.cust_id`), with its consent column if any.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.models import ColumnScan, SourceScan, TableScan
from privacy_inventory.name_words import has_word


@dataclass(frozen=True)
class GuardianConsent:
    """How to tell a child's guardian consent: a column of the child's row, or rows of a linked table."""

    table: TableScan  # where the record is: the child's own table or the guardian table
    consent_column: str | None  # non-empty (true for a flag) means consent recorded; None: a linked row is the record
    boolean: bool = False
    link: tuple[str, str] | None = None  # (guardian table's column, child table's column it refers to)

    def describe(self) -> str:
        """Where the record is, in words (names only)."""
        what = f"{self.table.name}.{self.consent_column}" if self.consent_column else f"a row of {self.table.name}"
        return what + (f" linked by {self.link[0]} -> {self.link[1]}" if self.link else "")


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "guardian_consent.yaml")))


def is_bool_column(col: ColumnScan) -> bool:
    """A yes/no column (BOOLEAN, BIT): counted as true rather than non-empty."""
    return "BOOL" in col.data_type.upper() or col.data_type.upper() == "BIT"


def _consent_column(table: TableScan, need_guardian_word: bool) -> ColumnScan | None:
    """A column recording consent (with a guardian word too when the table itself is not a guardian table)."""
    w = _words()
    found = [c for c in table.columns if has_word(w["consent_words"], c.name) and (not need_guardian_word or has_word(w["guardian_words"], c.name))]
    return sorted(found, key=lambda c: c.name)[0] if found else None


def guardian_consent(source: SourceScan, child: TableScan) -> GuardianConsent | None:
    """The first record of guardian consent for rows of `child` (own column first, then linked tables by name), or None."""
    own = _consent_column(child, need_guardian_word=True)
    if own is not None:
        return GuardianConsent(child, own.name, is_bool_column(own))
    w = _words()
    for table in sorted(source.tables, key=lambda t: (t.schema or "", t.name)):
        if table is child or table.error:
            continue
        for fk in sorted(table.foreign_keys, key=lambda k: k.columns):
            if fk.referred_table != child.name or len(fk.columns) != 1 or (fk.referred_schema or child.schema) != child.schema:
                continue
            col = _consent_column(table, need_guardian_word=not has_word(w["guardian_words"], table.name))
            if has_word(w["guardian_words"], table.name) or col is not None:
                return GuardianConsent(table, col.name if col else None, bool(col and is_bool_column(col)), (fk.columns[0], fk.referred_columns[0]))
    return None
