"""Fetch a bounded, cut-short sample of every column of a table in one query whose cost ignores table size."""

from __future__ import annotations

import random
import sqlite3
import zlib
from contextlib import contextmanager
from itertools import chain
from typing import Any, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql import quoted_name

from privacy_inventory.models import TableScan
from privacy_inventory.scan.connect import driver_rows

MAX_VALUE_CHARS = 1000
SAMPLE_RUNS = 12  # runs of consecutive rows per sampled SQLite table
_BINARY_HINTS = ("BLOB", "BYTEA", "BINARY", "VARBINARY", "IMAGE", "RAW")
_AS_JSON = ("HSTORE", "ROW(", "ARRAY")


def sample_table(conn: Connection, table: TableScan, sample_size: int, *, max_chars: int = MAX_VALUE_CHARS, seed: int = 0) -> dict[str, list[Any]]:
    """Up to `sample_size` rows of every column, each value cut to `max_chars` in the database itself."""
    if sample_size <= 0 or not table.columns:
        return {c.name: [] for c in table.columns}
    dialect = conn.dialect.name
    if dialect == "sqlite":
        rows = _sqlite_rows(conn, table, sample_size, max_chars, seed)
    else:
        cols = [sa.column(quoted_name(c.name, True)) for c in table.columns]
        from_ = sa.table(quoted_name(table.name, True), *cols, schema=quoted_name(table.schema, True) if table.schema else None)
        exprs = [_bounded(from_.c[i], c.data_type, dialect, max_chars).label(f"c{i}") for i, c in enumerate(table.columns)]
        query = _sampled_select(from_, exprs, table, sample_size, dialect, seed)
        rows = conn.execute(query, execution_options={"compiled_cache": None}).fetchall()
        if not rows and (table.row_estimate or 0) > 0:  # stale statistics made the sampled pages miss: the first rows
            rows = conn.execute(sa.select(*exprs).select_from(from_).limit(sample_size), execution_options={"compiled_cache": None}).fetchall()
    columns = list(zip(*rows)) if rows else [() for _ in table.columns]
    return {col.name: normalise_column(values, max_chars) for col, values in zip(table.columns, columns)}


def _table_seed(table: TableScan, seed: int) -> int:
    """A per-table seed, stable across runs and machines."""
    return (zlib.crc32(table.qualified_name.encode("utf-8")) ^ seed) & 0x7FFFFFFF


def _sqlite_rows(conn: Connection, table: TableScan, n: int, max_chars: int, seed: int) -> list[Any]:
    """Sampled SQLite rows: plain columns first, cut in Python; the same rows cut in SQL when a cell is too long
    or not UTF-8. The plain read costs a third of the cut one (SQLite reads each cut column two or three times)."""
    quote = conn.dialect.identifier_preparer.quote_identifier
    names = [quote(c.name) for c in table.columns]
    raw = conn.connection.driver_connection
    if getattr(raw, "deadline", None) is not None and hasattr(raw, "setlimit"):
        try:
            with _strict_reads(raw, 4 * int(max_chars)):  # UTF-8 takes at most 4 bytes a character: a kept value always fits
                rows = _sqlite_select(conn, table, n, ", ".join(names), seed)
            if b"" in chain.from_iterable(rows):  # substr() of an empty blob is NULL: the same here
                rows = [tuple(None if type(v) is bytes and not v else v for v in row) for row in rows]
            return rows
        except sqlite3.DataError:  # a cell longer than the limit: SQLite refused to hand it over whole
            pass
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc):
                raise
    cut = int(max_chars)
    exprs = ", ".join(f"CASE WHEN typeof({q}) IN ('text', 'blob') THEN substr({q}, 1, {cut}) ELSE {q} END" for q in names)
    return _sqlite_select(conn, table, n, exprs, seed)


@contextmanager
def _strict_reads(raw: sqlite3.Connection, max_bytes: int) -> Iterator[None]:
    """While reading: no string or blob over `max_bytes` leaves SQLite (DataError instead), text decoded strictly in C."""
    old_limit = raw.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max_bytes)
    old_factory = raw.text_factory
    raw.text_factory = str
    try:
        yield
    finally:
        raw.text_factory = old_factory
        raw.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, old_limit)


def _sqlite_select(conn: Connection, table: TableScan, n: int, exprs: str, seed: int) -> list[Any]:
    """Rows of `exprs` at seeded runs of rowids, written directly (every identifier quoted, only integers inlined):
    SQLAlchemy's expression compiler cost more than the query itself."""
    name = conn.dialect.identifier_preparer.quote_identifier(table.name)
    rowid = rowid_alias(table)
    if rowid is None or (table.row_estimate or 0) <= 2 * n:
        return _evenly(driver_rows(conn, f"SELECT {exprs} FROM {name} LIMIT {int(2 * n)}"), n)
    keys = _sampled_rowids(conn, name, rowid, n, _table_seed(table, seed))
    if not keys:
        return []
    return driver_rows(conn, f"SELECT {exprs} FROM {name} WHERE {rowid} IN ({', '.join(map(str, keys))}) ORDER BY {rowid}")


def _sampled_rowids(conn: Connection, name: str, rowid: str, n: int, seed: int) -> list[int]:
    """The rowids of the sample, ascending: at most n taken evenly from seeded runs of consecutive rowids.

    Only rowids are read for the runs (1.5x the sample); the cells are then read for the chosen rows alone,
    which costs a third less than reading every cell of every run and dropping a third of the rows.
    """
    ((lo, hi),) = driver_rows(conn, f"SELECT (SELECT min({rowid}) FROM {name}), (SELECT max({rowid}) FROM {name})")
    if lo is None:
        return []
    length = run_length(n)
    arms = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {rowid} FROM {name} WHERE {rowid} >= {int(start)} ORDER BY {rowid} LIMIT {length})"
        for start in sample_runs(int(lo), int(hi), n, seed)
    )
    found = {row[0] for row in driver_rows(conn, arms)}  # rowids are integers
    if len(found) < n:  # rows bunched in a few places (the runs met the same ones): top up with the first rows
        found.update(row[0] for row in driver_rows(conn, f"SELECT {rowid} FROM {name} ORDER BY {rowid} LIMIT {int(2 * n)}"))
    return _evenly(sorted(found), n)


def rowid_alias(table: TableScan) -> str | None:
    """A name of SQLite's rowid that no column of the table hides (None: a view, or all three names taken)."""
    if table.kind != "table":
        return None
    taken = {c.name.lower() for c in table.columns}
    return next((alias for alias in ("rowid", "_rowid_", "oid") if alias not in taken), None)


def _evenly(rows: list[Any], n: int) -> list[Any]:
    """At most n rows, taken evenly from all the runs (not just the first ones)."""
    if len(rows) <= n:
        return rows
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


def run_length(n: int, runs: int = SAMPLE_RUNS) -> int:
    """Rows per run: the runs together hold 1.5x the sample, so gaps from deleted rows rarely leave it short."""
    return max(1, -(-3 * n // (2 * runs)))


def sample_runs(lo: int, hi: int, n: int, seed: int, runs: int = SAMPLE_RUNS) -> list[int]:
    """First rowids of the runs to sample: seeded points spread at random over [lo, hi].

    Each run is `rowid >= start ORDER BY rowid LIMIT k`, a seek in the rowid b-tree, so it finds rows
    however sparse, stepped, negative or huge the rowids are, and consecutive rows share pages (a
    cold-cache scan reads a few dozen pages per table instead of one per sampled row).
    """
    rng = random.Random(seed)
    span = hi - lo
    return sorted(min(hi, lo + int(rng.random() * (span + 1))) for _ in range(runs))


def _bounded(col: Any, data_type: str, dialect: str, max_chars: int) -> Any:
    """Cut text and binary cells in SQL so a huge cell never travels or sits in memory whole."""
    if dialect == "sqlite":
        return sa.case((sa.func.typeof(col).in_(["text", "blob"]), sa.func.substr(col, 1, max_chars)), else_=col)
    if dialect == "postgresql" and (data_type.upper().startswith(_AS_JSON) or data_type.endswith("]")):  # arrays, hstore, rows: JSON to look inside
        return sa.func.substr(sa.cast(sa.func.to_jsonb(col), sa.Text), 1, max_chars)
    if any(h in data_type.upper() for h in _BINARY_HINTS):
        return sa.func.substr(col, 1, max_chars)
    return sa.func.substr(sa.cast(col, sa.Text), 1, max_chars)


def _sampled_select(from_: Any, exprs: list[Any], table: TableScan, n: int, dialect: str, seed: int) -> Any:
    """Pick rows cheaply: PostgreSQL TABLESAMPLE, else the first rows (SQLite: see _sqlite_rows)."""
    estimate = table.row_estimate or 0
    table_seed = _table_seed(table, seed)
    if table.kind in ("table", "materialized view") and dialect == "postgresql" and estimate > 10 * n:
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


_NONE = type(None)


def normalise_column(values: Sequence[Any], max_chars: int = MAX_VALUE_CHARS) -> list[Any]:
    """normalise_value over a whole column: the same list, but one C-level pass when the column holds one kind."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(values) if max(map(len, values)) <= max_chars else [v[:max_chars] for v in values]
    if kinds == {int}:
        texts = list(map(str, values))
        return texts if max(map(len, texts)) <= max_chars else [t[:max_chars] for t in texts]
    if kinds <= {str, _NONE}:
        return [v if v is None or len(v) <= max_chars else v[:max_chars] for v in values]
    if kinds <= {int, _NONE}:
        return [None if v is None else str(v)[:max_chars] for v in values]
    if kinds <= {float, _NONE}:
        return [None if v is None else str(int(v) if v.is_integer() and abs(v) < 1e15 else v)[:max_chars] for v in values]
    return [v if type(v) is str and len(v) <= max_chars else normalise_value(v, max_chars) for v in values]
