"""SQLite sampling finds rows whatever the rowids look like, at a cost that ignores table size, with an honest row estimate.

Applications number customers from 100001, retention jobs purge most rows, ids are stepped,
negative or near 2^63, and some tables have no rowid at all: every such table with rows must
give sampled values (so its columns get classified) and a row estimate that says how it was made.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest
import sqlalchemy as sa

from privacy_inventory.models import TableScan
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.estimate import EXACT, ROWID_DENSITY
from privacy_inventory.scan.introspect import introspect_sqlite
from privacy_inventory.scan.sample import sample_table
from privacy_inventory.scan.sources import parse_source

TOP = 2**63 - 1
SAMPLE = 50

# name -> the rowids its rows get (each row holds an email address and a city)
PATTERNS: dict[str, list[int]] = {
    "from_100001": list(range(100_001, 103_001)),
    "purged": list(range(1, 600_000, 200)),  # a retention job kept one row in 200
    "stepped": list(range(7, 30_007, 10)),
    "negative": list(range(-3_000, 0)),
    "near_top": list(range(TOP - 2_999, TOP + 1)),
    "both_ends": [-(2**63), *range(1, 1_500), *range(TOP - 1_500, TOP + 1)],
    "few_far_apart": [-(2**62), 3, 2**40, 2**62],
}


def _make(path: Path, tables: dict[str, Iterable[int]]) -> None:
    conn = sqlite3.connect(path)
    for name, ids in tables.items():
        conn.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, email TEXT, city TEXT)")
        conn.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)", ((i, f"client{abs(i) % 9973}@mail{abs(i) % 11}.example.org", "Utrecht") for i in ids))
    conn.commit()
    conn.close()


@pytest.fixture(scope="module")
def sparse_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sparse") / "sparse.sqlite"
    _make(path, PATTERNS)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE members (login TEXT PRIMARY KEY, email TEXT) WITHOUT ROWID")
    conn.executemany("INSERT INTO members VALUES (?, ?)", ((f"m{i:05d}", f"member{i}@club.example.net") for i in range(2_500)))
    conn.execute('CREATE TABLE shadowed (rowid TEXT, "_rowid_" TEXT, oid TEXT, email TEXT)')
    conn.executemany("INSERT INTO shadowed VALUES ('a', 'b', 'c', ?)", ((f"s{i}@mail.example.com",) for i in range(400)))
    conn.execute("CREATE TABLE half_shadowed (rowid TEXT, email TEXT)")
    conn.executemany("INSERT INTO half_shadowed VALUES ('x', ?)", ((f"h{i}@mail.example.com",) for i in range(3_000)))
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def scanned(sparse_db: Path) -> dict[str, TableScan]:
    result = scan_source(parse_source(f"sparse=sqlite:///{sparse_db}"), ScanOptions(progress=False, sample_size=SAMPLE))
    return {t.name: t for t in result.tables}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_sparse_rowids_still_give_a_full_sample_and_a_classified_column(scanned: dict[str, TableScan], name: str) -> None:
    table = scanned[name]
    rows = len(PATTERNS[name])
    cols = {c.name: c for c in table.columns}
    assert table.error is None
    assert cols["email"].sampled == min(SAMPLE, rows), (name, cols["email"].sampled)
    assert cols["email"].non_null == cols["email"].sampled
    assert cols["email"].category == "user.contact.email"
    assert "sampled values" in cols["email"].evidence


@pytest.mark.parametrize("name", ["from_100001", "purged", "stepped", "negative", "near_top", "few_far_apart"])
def test_row_estimate_is_right_and_says_how_it_was_made(scanned: dict[str, TableScan], name: str) -> None:
    table, rows = scanned[name], len(PATTERNS[name])
    if rows <= 1000:
        assert (table.row_estimate, table.row_estimate_method) == (rows, EXACT)
    else:
        assert table.row_estimate_method == ROWID_DENSITY and "estimate" in table.row_estimate_method
        assert 0.8 * rows <= (table.row_estimate or 0) <= 1.25 * rows, (name, table.row_estimate, rows)


def test_tables_without_a_usable_rowid_are_sampled_and_estimated_honestly(scanned: dict[str, TableScan]) -> None:
    members, shadowed, half = scanned["members"], scanned["shadowed"], scanned["half_shadowed"]
    for table in (members, shadowed, half):
        email = next(c for c in table.columns if c.name == "email")
        assert email.sampled == SAMPLE and email.category == "user.contact.email", table.name
    assert members.row_estimate is not None and members.row_estimate > 1000
    assert members.row_estimate_method.startswith(("lower bound", "estimate"))
    assert (shadowed.row_estimate, shadowed.row_estimate_method) == (400, EXACT)
    assert half.row_estimate == 3000 and half.row_estimate_method == ROWID_DENSITY  # `rowid` is a column: _rowid_ is used


def test_sampling_is_seeded_and_repeatable(sparse_db: Path, scanned: dict[str, TableScan]) -> None:
    again = scan_source(parse_source(f"sparse=sqlite:///{sparse_db}"), ScanOptions(progress=False, sample_size=SAMPLE))
    for table in again.tables:
        before = scanned[table.name]
        assert (table.row_estimate, table.row_estimate_method) == (before.row_estimate, before.row_estimate_method)
        assert [(c.evidence, c.sampled) for c in table.columns] == [(c.evidence, c.sampled) for c in before.columns]


def _vm_steps(path: Path, work: str) -> int:
    """SQLite virtual-machine steps (in units of 100) spent estimating or sampling the table `t`: a size-free cost measure."""
    steps = [0]

    def creator() -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.set_progress_handler(lambda: steps.__setitem__(0, steps[0] + 1) or 0, 100)
        return conn

    engine = sa.create_engine("sqlite://", creator=creator, poolclass=sa.pool.StaticPool)
    with engine.connect() as conn:
        table = next(t for t in introspect_sqlite(conn) if t.name == "t")
        steps[0] = 0
        if work == "estimate":
            from privacy_inventory.scan.estimate import sqlite_row_estimate

            sqlite_row_estimate(conn, table)
        else:
            assert len(sample_table(conn, table, 200, seed=3)["email"]) == 200
    engine.dispose()
    return steps[0]


@pytest.mark.parametrize("work", ["estimate", "sample"])
def test_cost_does_not_grow_with_the_table(tmp_path: Path, work: str) -> None:
    small, big = tmp_path / "small.sqlite", tmp_path / "big.sqlite"
    _make(small, {"t": range(50_001, 50_001 + 20_000 * 3, 3)})
    _make(big, {"t": range(50_001, 50_001 + 400_000 * 3, 3)})
    cost_small, cost_big = _vm_steps(small, work), _vm_steps(big, work)
    assert cost_small > 0
    assert cost_big < 1.5 * cost_small + 50, (cost_small, cost_big)  # 20x the rows, about the same work
