"""When a relationship ended, for retention "as long as we have a relationship": events that end it, read on the table or its person."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.models import ColumnScan, SourceScan, TableScan


@lru_cache(maxsize=1)
def _events() -> dict[str, frozenset[str]]:
    from privacy_inventory.yaml_io import load_yaml

    data: Any = load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "relationship_events.yaml")))
    return {"ending": frozenset(data["ending"]), "closing": frozenset(data["closing"])}


def ends_relationship(column: str, person_table: bool) -> bool:
    """Whether a date column records the end of a relationship or purpose (closing counts only on a person table)."""
    words = set(re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", column).lower().replace("-", "_").split("_"))
    ev = _events()
    return bool(words & ev["ending"]) or (person_table and bool(words & ev["closing"]))


def relationship_end(source: SourceScan, table: TableScan, declared: str, params: dict[str, Any]) -> str:
    """Point params at the column that says when the relationship ended; describe it (or record why it cannot be told)."""
    period = params["period"]
    if any(c.name == declared for c in table.columns) and ends_relationship(declared, table.person_table):
        return f"the relationship ended (by {declared}) more than {period} ago"
    by_name = {(t.schema, t.name): t for t in source.tables}
    for fk in sorted(table.foreign_keys, key=lambda f: (f.referred_table, f.columns)):
        target = by_name.get((fk.referred_schema or table.schema, fk.referred_table)) or by_name.get((table.schema, fk.referred_table))
        if target is None or not target.person_table or len(fk.columns) != 1:
            continue
        ends = sorted(c.name for c in target.columns if ends_relationship(c.name, True) and _is_date_like(c))
        if ends:
            end = declared if declared in ends else ends[0]
            params["join"] = (fk.columns[0], target.name, fk.referred_columns[0], end)
            params["date_type"] = next(c.data_type for c in target.columns if c.name == end)
            params["date_column"] = end
            why = f"{declared} does not end the relationship; " if any(c.name == declared for c in table.columns) else ""
            return f"{why}the person's relationship ended ({target.name}.{end}) more than {period} ago"
    params["missing"] = (f"cannot tell when the relationship ended: {declared} is not an event that ends it, and {table.name} "
                         "points to no person table with a closing date")
    return f"the relationship ended more than {period} ago"


def join_or_missing(source: SourceScan, table: TableScan, column: str, params: dict[str, Any]) -> None:
    join = _join_for(source, table, column)
    if join is None:
        params["missing"] = f"{table.name} has no column {column}, nor a foreign key to a table that has it"
        return
    params["join"] = join
    target = next(t for t in source.tables if t.name == join[1])
    params["date_type"] = next(c.data_type for c in target.columns if c.name == join[3])


def _is_date_like(col: ColumnScan) -> bool:
    kind = col.data_type.upper()
    return any(k in kind for k in ("DATE", "TIME", "CHAR", "TEXT", "INT")) or not kind


def _join_for(source: SourceScan, table: TableScan, column: str) -> tuple[str, str, str, str] | None:
    """(local column, referred table, referred column, date column) of the first FK to a table holding `column`."""
    by_name = {(t.schema, t.name): t for t in source.tables}
    for fk in sorted(table.foreign_keys, key=lambda f: (f.referred_table, f.columns)):
        target = by_name.get((fk.referred_schema or table.schema, fk.referred_table)) or by_name.get((table.schema, fk.referred_table))
        if target and len(fk.columns) == 1 and any(c.name == column for c in target.columns):
            return (fk.columns[0], target.name, fk.referred_columns[0], column)
    return None
