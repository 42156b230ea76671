"""Safety, console: SQLAlchemy and driver warnings (with their source lines) never reach the console of a successful scan."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import sqlalchemy as sa

from conftest import ROOT, create_database


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "privacy_inventory", *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


def test_unrecognised_column_types_warn_in_the_log_not_on_the_console(pg_server: object, tmp_path: Path) -> None:
    engine = create_database(pg_server, "oddtypes")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE clients (id int PRIMARY KEY, email text, acl aclitem, lsn pg_lsn, snap txid_snapshot)")
        conn.exec_driver_sql("INSERT INTO clients (id, email) SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 25) g")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sa.inspect(engine).get_columns("clients")
    engine.dispose()
    assert any(issubclass(w.category, sa.exc.SAWarning) for w in caught), "the case must really make SQLAlchemy warn"
    url = engine.url.render_as_string(hide_password=False)
    for jobs in ("1", "2"):
        proc = _cli("scan", "--db", f"odd={url}", "--jobs", jobs, "--out", str(tmp_path / f"out{jobs}"))
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.strip() == "", proc.stderr  # not one warning, not one source line
    debug = _cli("--debug", "scan", "--db", f"odd={url}", "--out", str(tmp_path / "dbg"))
    assert debug.returncode == 0, debug.stderr
    lines = [ln for ln in debug.stderr.splitlines() if "SAWarning" in ln]
    assert lines and all(ln.startswith("INFO privacy_inventory.scan: SAWarning:") for ln in lines), debug.stderr[-2000:]
    assert "warnings.warn" not in debug.stderr and "util.warn" not in debug.stderr
