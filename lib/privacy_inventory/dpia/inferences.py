"""Special categories inferred from payments: a merchant category code (MCC) of a union, church, party or clinic reveals Art. 9 data.

Pure planning plus one bounded SQL count. A payments table (by name or an amount column) with an MCC column, or a
foreign key to a table that has one (a merchants table), is counted for rows whose code is in
data/merchant_categories.yaml. The counts say how many payments reveal each category; values are never returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from privacy_inventory.models import ColumnScan, SourceScan, TableScan
from privacy_inventory.name_words import has_word, tokens


@dataclass(frozen=True)
class MccPlan:
    """Where the codes of one payments table are: its own column, or a column of the table a foreign key points to."""

    table: TableScan
    code_table: TableScan
    code_column: str
    join: tuple[str, str] | None = None  # (payments column, code table column)

    def describe(self) -> str:
        where = f"{self.code_table.name}.{self.code_column}"
        return where + (f" through {self.table.name}.{self.join[0]} -> {self.code_table.name}.{self.join[1]}" if self.join else "")


@lru_cache(maxsize=1)
def merchant_categories() -> dict[str, Any]:
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "merchant_categories.yaml")))


def special_codes() -> dict[str, tuple[str, str]]:
    """MCC -> (special category, label), from the YAML."""
    return {str(k).zfill(4): (str(v["category"]), str(v["label"])) for k, v in merchant_categories()["codes"].items()}


def _code_column(table: TableScan) -> ColumnScan | None:
    names = {"_".join(tokens(n)) for n in merchant_categories()["column_names"]}
    found = [c for c in table.columns if "_".join(tokens(c.name)) in names]
    return sorted(found, key=lambda c: c.name)[0] if found else None


def _is_payments(table: TableScan) -> bool:
    data = merchant_categories()
    return has_word(data["payment_words"], table.name) or any(has_word(data["amount_words"], c.name) for c in table.columns)


def plan_mcc(source: SourceScan, table: TableScan) -> MccPlan | None:
    """How to read the merchant category of each payment in `table`, or None when it is no payments table or has no codes."""
    if not _is_payments(table):
        return None
    own = _code_column(table)
    if own is not None:
        return MccPlan(table, table, own.name)
    by_name = {(t.schema, t.name): t for t in source.tables if not t.error}
    for fk in sorted(table.foreign_keys, key=lambda k: k.columns):
        target = by_name.get((fk.referred_schema or table.schema, fk.referred_table))
        col = _code_column(target) if target is not None and len(fk.columns) == 1 else None
        if col is not None and target is not table:
            return MccPlan(table, target, col.name, (fk.columns[0], fk.referred_columns[0]))
    return None


def count_special_payments(conn: Connection, plan: MccPlan, table: Callable[[Connection, TableScan, list[str]], Any]) -> dict[str, int]:
    """Payments per special category (SELECT count(*) grouped by code, codes compared as text and as numbers)."""
    codes = special_codes()
    wanted = sorted(codes) + sorted({str(int(c)) for c in codes})
    if plan.join is None:
        t = table(conn, plan.table, [plan.code_column])
        code = t.c[plan.code_column]
        query = sa.select(sa.cast(code, sa.Text), sa.func.count()).select_from(t)
    else:
        here = table(conn, plan.table, [plan.join[0]])
        there = table(conn, plan.code_table, [plan.join[1], plan.code_column])
        code = there.c[plan.code_column]
        query = sa.select(sa.cast(code, sa.Text), sa.func.count()).select_from(here.join(there, there.c[plan.join[1]] == here.c[plan.join[0]]))
    query = query.where(sa.cast(code, sa.Text).in_(wanted)).group_by(sa.cast(code, sa.Text))
    out: dict[str, int] = {}
    for value, n in conn.execute(query):
        category = codes[str(value).strip().zfill(4)][0]
        out[category] = out.get(category, 0) + int(n)
    return dict(sorted(out.items()))
