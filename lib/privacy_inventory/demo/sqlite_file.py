"""Write a demo organisation's SQLite database atomically (temp file beside it, then os.replace) and count what it holds."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from privacy_inventory.errors import InventoryError

PAGE_SIZE = 4096


def count_queries(conn: sqlite3.Connection, queries: Mapping[str, str]) -> dict[str, int]:
    """Run each counting query (planted problems, traps), in key order."""
    return {key: int(conn.execute(sql).fetchone()[0]) for key, sql in sorted(queries.items())}


def _fill(conn: sqlite3.Connection, tables: Sequence[tuple[str, str]], rows: Mapping[str, Sequence[Sequence[Any]]], label: str) -> None:
    """Create every table and insert its rows in one transaction, in schema order; then check every foreign key."""
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    for name, ddl in tables:
        conn.execute(ddl)
        table_rows = rows[name]
        if table_rows:
            marks = ", ".join("?" * len(table_rows[0]))
            conn.executemany(f"INSERT INTO {name} VALUES ({marks})", table_rows)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"{label} generator bug: {len(problems)} foreign key violations")
    conn.execute("COMMIT")
    conn.execute("VACUUM")


def write_database(path: Path, tables: Sequence[tuple[str, str]], rows: Mapping[str, Sequence[Sequence[Any]]], counts: Sequence[Mapping[str, str]],
                   label: str = "demo") -> tuple[dict[str, int], list[dict[str, int]]]:
    """Write the tables at path atomically; (rows per table, each of `counts` run on the written database)."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InventoryError(str(path), f"cannot write in this folder ({exc.strerror})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            _fill(conn, tables, rows, label)
            table_rows = {name: int(conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]) for name, _ in sorted(tables)}
            counted = [count_queries(conn, queries) for queries in counts]
        finally:
            conn.close()
        os.replace(tmp, path)
    except OSError as exc:
        raise InventoryError(str(path), f"cannot write the demo database ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)
    return table_rows, counted
