"""Small hand-built inventories and declarations for the DPIA tests."""

from __future__ import annotations

from privacy_inventory.declarations import Declarations
from privacy_inventory.models import ColumnScan, ForeignKey, Inventory, SourceScan, TableScan


def col(name: str, category: str | None = None, flags: tuple[str, ...] = (), facts: dict | None = None, data_type: str = "TEXT") -> ColumnScan:
    return ColumnScan(name=name, data_type=data_type, category=category, confidence=0.9, flags=list(flags), facts=dict(facts or {}))


def table(name: str, *cols: ColumnScan, rows: int = 100, person: bool = False, fks: tuple[tuple[str, str, str], ...] = ()) -> TableScan:
    return TableScan(schema="main", name=name, row_estimate=rows, columns=list(cols), person_table=person,
                     foreign_keys=[ForeignKey([c], None, t, [r]) for c, t, r in fks])


def inventory(*tables: TableScan, source: str = "app") -> Inventory:
    return Inventory(sources=[SourceScan(name=source, dialect="sqlite", url="sqlite:///x", tables=list(tables))])


def declarations(*activities: dict, recipients: tuple[dict, ...] = ()) -> Declarations:
    base = {"purposes": ["essential.service"], "legal_basis": "contract", "data_subjects": ["customer"]}
    return Declarations.model_validate({"activities": [{**base, **a} for a in activities], "recipients": list(recipients)})


def users(rows: int = 100, *extra: ColumnScan) -> TableScan:
    return table("users", col("id", "user.unique_id", data_type="INTEGER"), col("email", "user.contact.email"), *extra, rows=rows, person=True)
