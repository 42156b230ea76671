"""SQLite samples read as plain columns and cut in Python equal the samples cut in SQL, whatever the cells hold."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from privacy_inventory.scan.database import ScanOptions, introspect_source
from privacy_inventory.scan.connect import create_readonly_engine
from privacy_inventory.scan.sample import normalise_column, sample_table
from privacy_inventory.scan.sources import parse_source

CUT = 1000
CELLS = {
    "short": "ada@example.org",
    "long_ascii": "a" * 1500,  # over the cut, under the 4-bytes-a-character limit: cut in Python
    "long_wide": "\u00e9\U0001f600" * 700,  # 1,400 characters, 3,500 bytes of UTF-8
    "huge": "b" * 50_000,  # over the limit: SQLite refuses it whole, the table is read cut in SQL
    "huge_blob": b"\x00\xff" * 30_000,
    "real": 2.5,
    "whole_real": 3.0,
    "integer": 10**12,
}


def _db(path: Path, cells: dict[str, object], rows: int) -> Path:
    con = sqlite3.connect(path)
    con.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {', '.join(cells)})")
    con.executemany(f"INSERT INTO t ({', '.join(cells)}) VALUES ({', '.join('?' * len(cells))})", [tuple(cells.values())] * rows)
    con.commit()
    con.close()
    return path


def _cut_in_sql(path: Path, cells: list[str]) -> dict[str, list]:
    """The reference: every text and blob cell cut by SQLite itself, text decoded leniently."""
    con = sqlite3.connect(path)
    con.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    exprs = ", ".join(f"CASE WHEN typeof({c}) IN ('text', 'blob') THEN substr({c}, 1, {CUT}) ELSE {c} END" for c in ["id", *cells])
    rows = con.execute(f"SELECT {exprs} FROM t ORDER BY rowid").fetchall()
    con.close()
    return {name: normalise_column(list(col), CUT) for name, col in zip(["id", *cells], zip(*rows))}


def _sampled(path: Path, rows: int) -> dict[str, list]:
    spec = parse_source(f"t=sqlite:///{path}")
    engine = create_readonly_engine(spec)
    try:
        with engine.connect() as conn:
            (table,) = introspect_source(conn, spec, ScanOptions())
            got = sample_table(conn, table, rows, max_chars=CUT)
            raw = conn.connection.driver_connection
            assert raw.text_factory is not str and raw.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) > 4 * CUT  # restored
        return got
    finally:
        engine.dispose()


def test_plain_read_equals_sql_cut_for_long_wide_and_numeric_cells(tmp_path: Path) -> None:
    cells = {k: v for k, v in CELLS.items() if not k.startswith("huge")}
    path = _db(tmp_path / "a.sqlite", cells, 5)
    got = _sampled(path, 5)
    assert got == _cut_in_sql(path, list(cells))
    assert got["long_wide"][0] == CELLS["long_wide"][:CUT] and got["whole_real"][0] == "3"


def test_a_cell_over_the_limit_or_not_utf8_gives_the_same_sample(tmp_path: Path) -> None:
    path = _db(tmp_path / "b.sqlite", CELLS, 5)
    assert _sampled(path, 5) == _cut_in_sql(path, list(CELLS))
    bad = tmp_path / "c.sqlite"
    con = sqlite3.connect(bad)
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)")
    con.executemany("INSERT INTO t (note) VALUES (CAST(? AS TEXT))", [(b"caf\xe9 \xff" + b"x" * 1200,), (b"ok",)])
    con.commit()
    con.close()
    got = _sampled(bad, 5)
    assert got == _cut_in_sql(bad, ["note"]) and got["note"][0].startswith("caf\ufffd")
