"""--include / --exclude: which schemas, tables and columns a scan covers, as `schema.table.column` glob patterns."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import replace

from privacy_inventory.errors import InventoryError
from privacy_inventory.models import TableScan

_PART = re.compile(r"^[^.\s]+$")


def check_patterns(patterns: Sequence[str], flag: str) -> tuple[str, ...]:
    """Patterns of 1-3 dot-separated glob parts: `table`, `schema.table` or `schema.table.column` (`schema.*` for a schema)."""
    out = []
    for pattern in patterns:
        parts = pattern.strip().split(".")
        if not 1 <= len(parts) <= 3 or not all(_PART.match(p) for p in parts):
            raise InventoryError(flag, f"{pattern!r} is not a pattern: use table, schema.table or schema.table.column (globs * ? [..] allowed)")
        out.append(".".join(parts))
    return tuple(sorted(set(out)))


def _split(patterns: Sequence[str]) -> tuple[list[str], list[str]]:
    """Table patterns (`schema.table`, a bare table in any schema) and column patterns (`schema.table.column`)."""
    tables, columns = [], []
    for p in patterns:
        parts = p.split(".")
        if len(parts) == 3:
            columns.append(p)
        else:
            tables.append(p if len(parts) == 2 else f"*.{p}")
    return tables, columns


def _match(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def in_scope(tables: Sequence[TableScan], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[TableScan]:
    """The tables (and columns) the patterns leave in; with no pattern, all of them, unchanged."""
    if not include and not exclude:
        return list(tables)
    inc_tables, inc_columns = _split(include)
    exc_tables, exc_columns = _split(exclude)
    out = []
    for table in tables:
        key = f"{table.schema or 'main'}.{table.name}"
        if exc_tables and _match(key, exc_tables):
            continue
        whole = not include or _match(key, inc_tables)
        column_only = [p for p in inc_columns if fnmatch.fnmatchcase(key, p.rsplit(".", 1)[0])]
        if not whole and not column_only:
            continue
        columns = [c for c in table.columns if (whole or _match(f"{key}.{c.name}", column_only)) and not _match(f"{key}.{c.name}", exc_columns)]
        if not columns and table.columns:
            continue
        kept = {c.name for c in columns}
        out.append(replace(table, columns=columns, primary_key=[k for k in table.primary_key if k in kept]))
    return out
