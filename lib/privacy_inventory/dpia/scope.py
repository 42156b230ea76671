"""What one activity touches in the inventory (tables, categories, flags, people, recipients), shared by screening and risks."""

from __future__ import annotations

from dataclasses import dataclass

from privacy_inventory.declarations import Declarations, ProcessingActivity, Recipient, is_special_category
from privacy_inventory.dpia.fact_plans import table_ref
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan

PERSONAL_ROOT = "user"


@dataclass(frozen=True)
class TableView:
    """A scanned table with its source and its `source.table` reference."""

    ref: str
    source: SourceScan
    table: TableScan


def fmt(n: int | float | None) -> str:
    """A count as a DPO reads it: 4,200."""
    return "?" if n is None else f"{int(n):,}"


def is_personal(category: str | None) -> bool:
    return bool(category) and (category == PERSONAL_ROOT or str(category).startswith(PERSONAL_ROOT + "."))


def personal_columns(table: TableScan) -> list[ColumnScan]:
    """The columns classified as personal data, in column order."""
    return [c for c in table.columns if is_personal(c.category)]


def is_special_column(col: ColumnScan) -> bool:
    """A special category by its category or by a `special:*` flag (free text, inference)."""
    return is_special_category(col.category or "") or any(f.startswith("special:") for f in col.flags)


def all_tables(inventory: Inventory) -> list[TableView]:
    """Every readable table of every source, sorted by reference."""
    out = [TableView(table_ref(s, t), s, t) for s in inventory.sources for t in s.tables if not t.error]
    return sorted(out, key=lambda v: v.ref)


def tables_of(activity: ProcessingActivity, inventory: Inventory) -> list[TableView]:
    """The scanned tables an activity declares (by name, `source.table` or glob)."""
    return [v for v in all_tables(inventory) if activity.covers_table(v.table.name, v.source.name, v.table.schema)]


def categories(views: list[TableView]) -> set[str]:
    """Personal categories found in these tables."""
    return {str(c.category) for v in views for c in personal_columns(v.table)}


def flags(views: list[TableView]) -> set[str]:
    """Classifier flags raised on columns of these tables."""
    return {f for v in views for c in v.table.columns for f in c.flags}


def people(views: list[TableView], inventory: Inventory) -> tuple[int | None, str]:
    """Number of people: the largest person table covered or referenced by a foreign key, and which one."""
    by_name = {(v.source.name, v.table.name): v for v in all_tables(inventory)}
    persons: dict[str, TableView] = {}
    for v in views:
        if v.table.person_table:
            persons[v.ref] = v
        for fk in v.table.foreign_keys:
            target = by_name.get((v.source.name, fk.referred_table))
            if target and target.table.person_table:
                persons[target.ref] = target
    best = max(persons.values(), key=lambda v: (v.table.row_estimate or 0, v.ref), default=None)
    if best is None or best.table.row_estimate is None:
        return None, ""
    return best.table.row_estimate, best.ref


def recipients_of(activity: ProcessingActivity, declarations: Declarations) -> list[Recipient]:
    """The declared recipients of an activity, in key order."""
    found = [declarations.recipient(k) for k in sorted(set(activity.recipients))]
    return [r for r in found if r is not None]


def max_rows(views: list[TableView], wanted: set[str]) -> tuple[int, str]:
    """The biggest table holding any of the wanted categories (or below them), and its reference."""
    best = (0, "")
    for v in views:
        if any(c.category and any(c.category == w or c.category.startswith(w + ".") for w in wanted) for c in v.table.columns):
            best = max(best, (v.table.row_estimate or 0, v.ref))
    return best
