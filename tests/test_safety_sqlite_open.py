"""Reading an SQLite file never changes it or anything next to it, whatever state it was left in.

WAL databases (clean, in a read-only directory, or with an unfinished write-ahead log) and
databases with a hot rollback journal: each is either scanned without creating or touching any
file, or refused with one line a DPO understands. Every case checks the hash and mtime of the
database and of each side file, and that no new file appeared.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from test_cli_errors import assert_one_line_error, run_cli


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in the folder: content hash and mtime."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _people(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, phone TEXT)")
    conn.executemany("INSERT INTO people (email, phone) VALUES (?, ?)", ((f"p{i}@mail.example.org", f"+44 20 7946 {i:04d}") for i in range(60)))
    conn.commit()


@contextmanager
def read_only_dir(folder: Path) -> Iterator[None]:
    """No file can be created in `folder`, even by root (chattr +i); other users get mode 555."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a directory read-only for root here (chattr +i refused)")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def _wal_db(folder: Path, live: bool) -> Path:
    """A WAL database; `live`: copied with its -wal and -shm while the writer still had it open (its last changes only in the log)."""
    folder.mkdir()
    path = folder / "crm.sqlite"
    writer = sqlite3.connect(folder / "writer.sqlite")
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    _people(writer)
    if live:
        for suffix in ("", "-wal", "-shm"):
            shutil.copy(folder / f"writer.sqlite{suffix}", folder / f"crm.sqlite{suffix}")
    writer.close()
    if not live:
        shutil.copy(folder / "writer.sqlite", path)
    for leftover in folder.glob("writer.sqlite*"):
        leftover.unlink()
    return path


def _hot_journal_db(folder: Path) -> Path:
    """A rollback-journal database copied mid-transaction: a hot -journal SQLite would roll back before reading."""
    folder.mkdir()
    writer = sqlite3.connect(folder / "writer.sqlite", isolation_level=None)
    _people(writer)
    writer.execute("PRAGMA cache_size=1")
    writer.execute("BEGIN")
    writer.executemany("INSERT INTO people (email, phone) VALUES (?, ?)", ((f"late{i}@mail.example.org" + "x" * 2000, "") for i in range(300)))
    shutil.copy(folder / "writer.sqlite", folder / "crm.sqlite")
    shutil.copy(folder / "writer.sqlite-journal", folder / "crm.sqlite-journal")
    writer.execute("ROLLBACK")
    writer.close()
    for leftover in folder.glob("writer.sqlite*"):
        leftover.unlink()
    return folder / "crm.sqlite"


def _scan(db: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("scan", "--db", f"crm=sqlite:///{db}", "--out", str(out))


def _emails(out: Path) -> str:
    inventory = json.loads((out / "inventory.json").read_text(encoding="utf-8"))
    return next(c["category"] for s in inventory["sources"] for t in s["tables"] for c in t["columns"] if c["name"] == "email")


def test_wal_database_in_a_read_only_directory_is_scanned_without_touching_anything(tmp_path: Path) -> None:
    db = _wal_db(tmp_path / "ro", live=False)
    before = _state(db.parent)
    with read_only_dir(db.parent):
        proc = _scan(db, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert _emails(tmp_path / "out") == "user.contact.email"
    assert _state(db.parent) == before


def test_wal_database_in_a_writable_directory_gets_no_side_files(tmp_path: Path) -> None:
    db = _wal_db(tmp_path / "rw", live=False)
    before = _state(db.parent)
    proc = _scan(db, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert _state(db.parent) == before  # mode=ro alone would have created crm.sqlite-wal and -shm here


def test_unfinished_write_ahead_log_is_refused_in_words_and_left_alone(tmp_path: Path) -> None:
    db = _wal_db(tmp_path / "live", live=True)
    assert (db.parent / "crm.sqlite-wal").stat().st_size > 0
    before = _state(db.parent)
    proc = _scan(db, tmp_path / "out")
    line = assert_one_line_error(proc, "crm", "crm.sqlite-wal", "write-ahead log", "copy")
    assert "readonly" not in line
    assert _state(db.parent) == before  # a read through SQLite would have rewritten crm.sqlite-shm


def test_hot_journal_is_refused_in_words_and_left_alone(tmp_path: Path) -> None:
    db = _hot_journal_db(tmp_path / "hot")
    before = _state(db.parent)
    line = assert_one_line_error(_scan(db, tmp_path / "out"), "crm", "crm.sqlite-journal", "unfinished write journal")
    assert "attempt to write a readonly database" not in line
    with read_only_dir(db.parent):
        assert_one_line_error(_scan(db, tmp_path / "out2"), "unfinished write journal")
    assert _state(db.parent) == before


def test_rollback_journal_database_in_a_read_only_directory_is_scanned(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    conn = sqlite3.connect(folder / "crm.sqlite")
    _people(conn)
    conn.close()
    before = _state(folder)
    with read_only_dir(folder):
        proc = _scan(folder / "crm.sqlite", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert _emails(tmp_path / "out") == "user.contact.email"
    assert _state(folder) == before
