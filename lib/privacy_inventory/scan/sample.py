"""Fetch a bounded, cut-short sample of every column of a table in one query whose cost ignores table size."""

from __future__ import annotations

import random
import zlib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql import quoted_name

from privacy_inventory.models import TableScan

MAX_VALUE_CHARS = 1000
SAMPLE_RUNS = 12  # runs of consecutive rows per sampled SQLite table
_BINARY_HINTS = ("BLOB", "BYTEA", "BINARY", "VARBINARY", "IMAGE", "RAW")


def sample_table(conn: Connection, table: TableScan, sample_size: int, *, max_chars: int = MAX_VALUE_CHARS, seed: int = 0) -> dict[str, list[Any]]:
    """Up to `sample_size` rows of every column, each value cut to `max_chars` in the database itself."""
    if sample_size <= 0 or not table.columns:
        return {c.name: [] for c in table.columns}
    dialect = conn.dialect.name
    if dialect == "sqlite":
        rows = _evenly(conn.exec_driver_sql(_sqlite_sample_sql(conn, table, sample_size, max_chars, seed)).fetchall(), sample_size)
    else:
        cols = [sa.column(quoted_name(c.name, True)) for c in table.columns]
        from_ = sa.table(quoted_name(table.name, True), *cols, schema=quoted_name(table.schema, True) if table.schema else None)
        exprs = [_bounded(from_.c[i], c.data_type, dialect, max_chars).label(f"c{i}") for i, c in enumerate(table.columns)]
        query = _sampled_select(from_, exprs, table, sample_size, dialect, seed)
        rows = conn.execute(query, execution_options={"compiled_cache": None}).fetchall()
    columns = list(zip(*rows)) if rows else [() for _ in table.columns]
    return {col.name: [v if type(v) is str and len(v) <= max_chars else normalise_value(v, max_chars) for v in values] for col, values in zip(table.columns, columns)}


def _table_seed(table: TableScan, seed: int) -> int:
    """A per-table seed, stable across runs and machines."""
    return (zlib.crc32(table.qualified_name.encode("utf-8")) ^ seed) & 0x7FFFFFFF


def _sqlite_sample_sql(conn: Connection, table: TableScan, n: int, max_chars: int, seed: int) -> str:
    """The SQLite sampling query written directly (every identifier quoted, only integers inlined): it is
    built once per table, and SQLAlchemy's expression compiler cost more than the query itself."""
    quote = conn.dialect.identifier_preparer.quote_identifier
    cut = int(max_chars)
    exprs = ", ".join(f"CASE WHEN typeof({q}) IN ('text', 'blob') THEN substr({q}, 1, {cut}) ELSE {q} END" for q in (quote(c.name) for c in table.columns))
    sql = f"SELECT {exprs} FROM {quote(table.name)}"
    estimate = table.row_estimate or 0
    if table.kind == "table" and estimate > 2 * n:
        sql += " WHERE " + " OR ".join(f"_rowid_ BETWEEN {a} AND {b}" for a, b in sample_runs(estimate, n, _table_seed(table, seed)))
    return f"{sql} LIMIT {int(2 * n)}"


def _evenly(rows: list[Any], n: int) -> list[Any]:
    """At most n rows, taken evenly from all the runs (not just the first ones)."""
    if len(rows) <= n:
        return rows
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


def sample_runs(estimate: int, n: int, seed: int, runs: int = SAMPLE_RUNS) -> list[tuple[int, int]]:
    """Rowid ranges to sample: a few runs of consecutive rows spread at random over the table.

    Consecutive rows share pages, so a cold-cache scan reads a few dozen pages per table instead of
    one page per sampled row; the runs hold 1.5x the sample size so that gaps from deleted rows rarely
    leave it short.
    """
    length = max(1, -(-3 * n // (2 * runs)))
    slots = max(1, estimate // length)
    rng = random.Random(seed)
    starts = sorted(rng.sample(range(slots), min(runs, slots)))
    return [(s * length + 1, s * length + length) for s in starts]


def _bounded(col: Any, data_type: str, dialect: str, max_chars: int) -> Any:
    """Cut text and binary cells in SQL so a huge cell never travels or sits in memory whole."""
    if dialect == "sqlite":
        return sa.case((sa.func.typeof(col).in_(["text", "blob"]), sa.func.substr(col, 1, max_chars)), else_=col)
    if any(h in data_type.upper() for h in _BINARY_HINTS):
        return sa.func.substr(col, 1, max_chars)
    return sa.func.substr(sa.cast(col, sa.Text), 1, max_chars)


def _sampled_select(from_: Any, exprs: list[Any], table: TableScan, n: int, dialect: str, seed: int) -> Any:
    """Pick rows cheaply: PostgreSQL TABLESAMPLE, else the first rows (SQLite: see _sqlite_sample_sql)."""
    estimate = table.row_estimate or 0
    table_seed = _table_seed(table, seed)
    if table.kind == "table" and dialect == "postgresql" and estimate > 10 * n:
        percent = min(100.0, round(100.0 * 4 * n / estimate, 6))
        sampled = sa.tablesample(from_, sa.func.system(percent), seed=sa.literal(table_seed))
        cols = [sampled.c[i] for i in range(len(exprs))]
        return sa.select(*[_relabel(e, cols[i], from_) for i, e in enumerate(exprs)]).select_from(sampled).limit(n)
    return sa.select(*exprs).select_from(from_).limit(n)


def _relabel(expr: Any, sampled_col: Any, original: Any) -> Any:
    """Point a bounding expression built on the plain table at the sampled alias of it."""
    from sqlalchemy.sql.util import ClauseAdapter

    return ClauseAdapter(sampled_col.table).traverse(expr)


def normalise_value(value: Any, max_chars: int = MAX_VALUE_CHARS) -> Any:
    """Values reach the classifier as None, bytes or str (cut), whatever the driver returned."""
    if value is None:
        return None
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value[:max_chars])
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    return text[:max_chars]
