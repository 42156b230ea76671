"""Bad input on the command line: one line naming the source, a non-zero exit, no traceback, no password."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import READONLY_USER

SECRET = "canaryPW-5d1e"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "privacy_inventory", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert proc.returncode != 0, proc.stdout
    err = proc.stderr.strip()
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert len(err.splitlines()) == 1, err
    assert SECRET not in proc.stderr + proc.stdout
    for needle in needles:
        assert needle in err, err
    return err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_refused_connection(tmp_path: Path) -> None:
    proc = run_cli("scan", "--db", f"crm=postgresql://u:{SECRET}@127.0.0.1:{_closed_port()}/crm", "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "crm", "refused")


def test_unknown_host(tmp_path: Path) -> None:
    proc = run_cli("scan", "--db", f"postgresql://u:{SECRET}@no-such-host.invalid/shop", "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "shop")


def test_malformed_url(tmp_path: Path) -> None:
    proc = run_cli("scan", "--db", f"x=postgres ql://u:{SECRET}@h/db", "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "x", "malformed")


def test_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite"
    proc = run_cli("scan", "--db", f"sqlite:///{missing}", "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "nope", "not found")
    assert not missing.exists()


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite at all\n" * 20)
    proc = run_cli("scan", "--db", f"sqlite:///{bogus}", "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "notes", "not an SQLite database")


def test_empty_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).execute("PRAGMA user_version = 1").connection.close()
    proc = run_cli("scan", "--db", f"sqlite:///{empty}", "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "empty", "no tables")


def test_nothing_to_scan(tmp_path: Path) -> None:
    assert_one_line_error(run_cli("scan", "--out", str(tmp_path / "o")), "nothing to scan")


def test_unwritable_output_directory(tmp_path: Path, imvbox_db: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("scan", "--db", f"sqlite:///{imvbox_db}", "--out", str(blocker / "sub"))
    assert_one_line_error(proc, "not writable")


@pytest.mark.postgres
def test_wrong_password(pg_imvbox_url: str, tmp_path: Path) -> None:
    url = pg_imvbox_url.replace(pg_imvbox_url.split(":")[2].split("@")[0], SECRET)
    proc = run_cli("scan", "--db", f"imv={url}", "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "imv", "authentication failed")
    assert READONLY_USER in url


@pytest.mark.postgres
def test_missing_database_on_server(pg_imvbox_url: str, tmp_path: Path) -> None:
    url = pg_imvbox_url.rsplit("/", 1)[0] + "/no_such_db"
    proc = run_cli("scan", "--db", url, "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "no_such_db", "does not exist")
