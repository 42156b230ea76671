"""Scanning SQLite for real: read-only, odd identifiers, empty tables, binary and huge cells."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from privacy_inventory.inventory import COLUMNS_HEADER
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source
from test_cli_errors import run_cli

HOSTILE_TABLE = 'x"; DROP TABLE users; --'
HOSTILE_COLUMNS = ['e-mail address', 'Select', 'naïve "quoted" col', "ユーザー名", "MixedCase", "c" * 120]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile db.sqlite"
    conn = sqlite3.connect(path)
    q = lambda name: '"' + name.replace('"', '""') + '"'  # noqa: E731
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
    conn.execute(f"CREATE TABLE {q(HOSTILE_TABLE)} (id INTEGER PRIMARY KEY, {', '.join(q(c) + ' TEXT' for c in HOSTILE_COLUMNS)})")
    for i in range(50):
        conn.execute("INSERT INTO users (email) VALUES (?)", (f"user{i}@mail{i % 7}.example.org",))
        conn.execute(
            f"INSERT INTO {q(HOSTILE_TABLE)} ({', '.join(q(c) for c in HOSTILE_COLUMNS)}) VALUES (?,?,?,?,?,?)",
            (f"person{i}@example.com", "x", "y", "z", "w", "v"),
        )
    conn.execute("CREATE TABLE empty_people (id INTEGER PRIMARY KEY, first_name TEXT, email TEXT)")
    conn.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, avatar BLOB, notes TEXT)")
    conn.execute("INSERT INTO blobs (avatar, notes) VALUES (?, ?)", (bytes(range(256)) * 4000, "z" * 3_000_000))
    conn.execute("INSERT INTO blobs (avatar, notes) VALUES (?, ?)", (b"\xff\xfe\x00garbage", "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace")))
    conn.commit()
    conn.close()
    return path


def test_scan_is_read_only_and_handles_hostile_identifiers(hostile_db: Path, tmp_path: Path) -> None:
    before, mtime = _sha(hostile_db), hostile_db.stat().st_mtime_ns
    proc = run_cli("scan", "--db", f"sqlite:///{hostile_db}", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert _sha(hostile_db) == before and hostile_db.stat().st_mtime_ns == mtime
    rows = list(csv.reader((tmp_path / "out" / "columns.csv").open(encoding="utf-8")))
    assert rows[0] == COLUMNS_HEADER
    body = {(r[2], r[3]): r for r in rows[1:]}
    assert rows[1:] == sorted(rows[1:])
    for col in HOSTILE_COLUMNS:
        assert (HOSTILE_TABLE, col) in body, col
    assert body[(HOSTILE_TABLE, "e-mail address")][5] == "user.contact.email"
    assert body[("users", "email")][5] == "user.contact.email"
    assert all(r[0] == "hostile_db" for r in rows[1:])
    conn = sqlite3.connect(hostile_db)
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 50
    conn.close()


def test_empty_table_is_classified_by_name_alone(hostile_db: Path) -> None:
    result = scan_source(parse_source(f"sqlite:///{hostile_db}"), ScanOptions(progress=False))
    empty = next(t for t in result.tables if t.name == "empty_people")
    cols = {c.name: c for c in empty.columns}
    assert cols["email"].category == "user.contact.email" and cols["email"].sampled == 0
    assert cols["first_name"].category == "user.name.first"
    assert empty.error is None


def test_binary_and_huge_cells_are_bounded_and_never_echoed(hostile_db: Path, tmp_path: Path) -> None:
    result = scan_source(parse_source(f"sqlite:///{hostile_db}"), ScanOptions(progress=False, max_chars=500))
    blobs = next(t for t in result.tables if t.name == "blobs")
    assert blobs.error is None
    assert all(c.sampled == 2 for c in blobs.columns)
    text = json.dumps([c.evidence for c in blobs.columns])
    assert "zzzz" not in text and "garbage" not in text


def test_sample_size_bounds_values_per_column(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, city TEXT)")
    conn.executemany("INSERT INTO customers (email, city) VALUES (?, ?)", ((f"c{i}@shop{i % 13}.example.com", "Leeds") for i in range(20_000)))
    conn.commit()
    conn.close()
    result = scan_source(parse_source(f"sqlite:///{path}"), ScanOptions(progress=False, sample_size=50))
    table = result.tables[0]
    assert table.row_estimate == 20_000
    assert {c.sampled for c in table.columns} == {50}
    again = scan_source(parse_source(f"sqlite:///{path}"), ScanOptions(progress=False, sample_size=50))
    assert [c.evidence for c in again.tables[0].columns] == [c.evidence for c in table.columns]


def test_sample_runs_are_few_bounded_deterministic_and_spread() -> None:
    from privacy_inventory.scan.sample import SAMPLE_RUNS, run_length, sample_runs

    runs = sample_runs(1, 1_000_000, 200, seed=7)
    assert runs == sample_runs(1, 1_000_000, 200, seed=7) and runs != sample_runs(1, 1_000_000, 200, seed=8)
    assert len(runs) == SAMPLE_RUNS and runs == sorted(runs)
    assert all(1 <= a <= 1_000_000 for a in runs)
    assert SAMPLE_RUNS * run_length(200) >= 300  # 1.5x the sample, so deleted rows rarely leave it short
    assert runs[-1] - runs[0] > 500_000  # spread over the table, not its first pages
    top = 2**63 - 1
    assert all(-(2**63) <= a <= top for a in sample_runs(-(2**63), top, 200, seed=1))  # the whole rowid range, no overflow
