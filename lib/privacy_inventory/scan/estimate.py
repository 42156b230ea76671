"""Row counts a DPO can trust: exact when cheap, otherwise an estimate that says how it was made."""

from __future__ import annotations

import random
import sqlite3
import zlib

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from privacy_inventory.models import TableScan
from privacy_inventory.scan.connect import driver_rows
from privacy_inventory.scan.sample import rowid_alias

EXACT_UP_TO = 1000  # tables this small are counted (reading at most this many rows)
PROBES = 8  # seeded points where the density of rowids is measured
PROBE_ROWS = 64

EXACT = "exact count"
ROWID_DENSITY = f"estimate: rowid range x density of rows at {PROBES} seeded points"
SQLITE_STAT = "estimate: SQLite statistics of the last ANALYZE (sqlite_stat1)"
LOWER_BOUND = f"lower bound: more than {EXACT_UP_TO:,} rows (no rowid to estimate from)"
PG_STATS = "estimate: PostgreSQL statistics (pg_class.reltuples)"
# An SQLite table is counted where it is sampled (a scan worker, in parallel), not while the source is planned.
NOT_YET_COUNTED = "unknown: the table was not read"
PG_NEVER_ANALYSED = "unknown: PostgreSQL has no statistics for it yet (never analysed)"
MYSQL_STATS = "estimate: information_schema.tables.table_rows"
_DB_ERRORS = (SQLAlchemyError, sqlite3.Error)
NOT_COUNTED = "not counted (a view is not counted: that would run its query)"


def count_when_read(conn: Connection, table: TableScan) -> None:
    """Count an SQLite table now that it is read (introspection left it NOT_YET_COUNTED)."""
    if table.row_estimate_method == NOT_YET_COUNTED and conn.dialect.name == "sqlite":
        table.row_estimate, table.row_estimate_method = sqlite_row_estimate(conn, table)


def sqlite_row_estimate(conn: Connection, table: TableScan) -> tuple[int | None, str]:
    """Rows of an SQLite table and how that number was made; the cost never grows with the table."""
    quote = conn.dialect.identifier_preparer.quote_identifier
    name = quote(table.name)
    try:
        rowid = rowid_alias(table)
        bounds = _rowid_bounds(conn, name, rowid) if rowid is not None else None
        if bounds is not None and bounds[1] - bounds[0] < EXACT_UP_TO:
            # rowids are distinct integers in [lo, hi]: at most EXACT_UP_TO rows, so the plain count (SQLite's own
            # fast path, half the cost of counting through a LIMIT) is bounded and exact
            return int(driver_rows(conn, f"SELECT count(*) FROM {name}")[0][0] or 0), EXACT
        counted = int(driver_rows(conn, f"SELECT count(*) FROM (SELECT 1 FROM {name} LIMIT {EXACT_UP_TO + 1})")[0][0] or 0)
        if counted <= EXACT_UP_TO:
            return counted, EXACT
        if rowid is not None and bounds is not None:
            estimate = _rowid_density_estimate(conn, name, rowid, _seed(table), *bounds)
            if estimate is not None:
                return max(estimate, counted), ROWID_DENSITY
        stat = _stat1_rows(conn, table.name)
        if stat is not None:
            return max(stat, counted), SQLITE_STAT
        return counted, LOWER_BOUND
    except _DB_ERRORS:
        return None, "unknown: the table could not be counted"


def _rowid_bounds(conn: Connection, name: str, rowid: str) -> tuple[int, int] | None:
    """(min, max) rowid; the empty range (1, 0) for an empty table; None for a table without rowids."""
    try:
        ((lo, hi),) = driver_rows(conn, f"SELECT (SELECT min({rowid}) FROM {name}), (SELECT max({rowid}) FROM {name})")
    except _DB_ERRORS:  # WITHOUT ROWID table
        return None
    return (1, 0) if lo is None or hi is None else (int(lo), int(hi))


def _rowid_density_estimate(conn: Connection, name: str, rowid: str, seed: int, lo: int, hi: int) -> int | None:
    """(max - min + 1) rowids times the share of rowids in use near a few seeded points.

    Exact for tables numbered without gaps (whatever the first id); close for gaps spread evenly
    (stepped ids, a retention job's purges); rough when rows bunch in a few far-apart ranges.
    """
    rng = random.Random(seed)
    points = sorted({min(hi, lo + int(rng.random() * (hi - lo + 1))) for _ in range(PROBES)})
    arms = " UNION ALL ".join(
        f"SELECT {p}, count(*), max(r) FROM (SELECT {rowid} AS r FROM {name} WHERE {rowid} >= {p} ORDER BY {rowid} LIMIT {PROBE_ROWS})" for p in points
    )
    rows = seen = 0
    for start, count, last in driver_rows(conn, arms):
        if not count:
            continue
        end = int(last) if count == PROBE_ROWS else hi  # a short run reached the end of the table
        rows += int(count)
        seen += end - int(start) + 1
    if not seen:
        return None
    return min(hi - lo + 1, round(rows * (hi - lo + 1) / seen))


def _stat1_rows(conn: Connection, table: str) -> int | None:
    """Row count ANALYZE left in sqlite_stat1 (first number of each index's stat), if it ever ran."""
    try:
        stat = conn.exec_driver_sql("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = ?", (table,)).scalar()
    except SQLAlchemyError:
        return None
    return int(stat) if stat is not None else None


def _seed(table: TableScan) -> int:
    return zlib.crc32(table.qualified_name.encode("utf-8")) & 0x7FFFFFFF
