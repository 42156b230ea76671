"""SQLite cells read plainly under the connection's length limit and cut in Python must equal the cells cut in SQL.

One known difference is left out: substr() stopped a text at its first NUL character, the plain read keeps
what follows it (more of the cell is seen, never more than the cut).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_inventory.scan.connect import create_readonly_engine
from privacy_inventory.scan.introspect import introspect_sqlite
from privacy_inventory.scan.sample import _sqlite_select, normalise_column, sample_table
from privacy_inventory.scan.sources import parse_source

TEXT = st.characters(blacklist_characters='\x00', blacklist_categories=('Cs',))
CELLS = st.one_of(
    st.none(), st.just(b""), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(allow_nan=False), st.binary(max_size=1_300),
    st.text(TEXT, max_size=40), st.text(TEXT, min_size=300, max_size=1_100),  # multi-byte text near the 1,000-byte and 1,000-character limits
    st.sampled_from(["a" * 1_000, "a" * 1_001, "é" * 500, "é" * 501, "€" * 334, "x" * 999 + "é"]),
    st.binary(min_size=990, max_size=1_010).map(lambda b: ("text", b.replace(b"\x00", b"\x01"))),  # text that is not UTF-8, stored as such
)


def _bounded(conn, table, n: int, max_chars: int) -> dict[str, list]:
    """The sample as before: every text and blob cut in SQL."""
    names = [conn.dialect.identifier_preparer.quote_identifier(c.name) for c in table.columns]
    exprs = ", ".join(f"CASE WHEN typeof({q}) IN ('text', 'blob') THEN substr({q}, 1, {max_chars}) ELSE {q} END" for q in names)
    rows = _sqlite_select(conn, table, n, exprs, 0)
    columns = list(zip(*rows)) if rows else [() for _ in table.columns]
    return {c.name: normalise_column(v, max_chars) for c, v in zip(table.columns, columns)}


def _write(path: Path, rows: list[list]) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a, b TEXT, c BLOB)")
    for row in rows:
        marks = ", ".join("CAST(? AS TEXT)" if isinstance(v, tuple) else "?" for v in row)
        conn.execute(f"INSERT INTO t VALUES ({marks})", [v[1] if isinstance(v, tuple) else v for v in row])
    conn.commit()
    conn.close()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=3, max_size=3), max_size=12), st.sampled_from([5, 200]))
def test_plain_cells_equal_cells_cut_in_sql(tmp_path_factory: pytest.TempPathFactory, rows: list[list], n: int) -> None:
    path = tmp_path_factory.mktemp("cells") / "cells.sqlite"
    _write(path, rows)
    engine = create_readonly_engine(parse_source(f"cells=sqlite:///{path}"))
    try:
        with engine.connect() as conn:
            (table,) = introspect_sqlite(conn)
            got = sample_table(conn, table, n)
            assert got == _bounded(conn, table, n, 1000)
            assert {k: [type(v) for v in vs] for k, vs in got.items()} == {k: [type(v) for v in vs] for k, vs in _bounded(conn, table, n, 1000).items()}
    finally:
        engine.dispose()


def test_a_long_cell_is_never_read_whole_and_the_limit_is_restored(tmp_path: Path) -> None:
    path = tmp_path / "long.sqlite"
    _write(path, [[1, "x" * 5_000_000, b"\x01" * 3_000], [2, "short", None]])
    engine = create_readonly_engine(parse_source(f"long=sqlite:///{path}"))
    try:
        with engine.connect() as conn:
            (table,) = introspect_sqlite(conn)
            raw = conn.connection.driver_connection
            before = raw.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
            got = sample_table(conn, table, 10)
            assert [len(v) for v in got["b"]] == [1000, 5] and [len(v) for v in got["c"] if v] == [1000]
            assert raw.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) == before
    finally:
        engine.dispose()
