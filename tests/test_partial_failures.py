"""A failure in one table or source never loses the others: the run finishes, marks what it could not read, and says so.

Also the bad inputs that need a live server or a special set-up: a view that errors, a statement
timeout, a database connection that dies mid-scan, a stale review decision, a full disk, and bad
papermill parameters.
"""

from __future__ import annotations

import json
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import READONLY_PASS, READONLY_USER, ROOT, create_database, grant_readonly, run_suite_cli
from privacy_inventory.errors import InventoryError
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source


@pytest.fixture(scope="module")
def troubled_pg(pg_server: object) -> str:
    """People tables around a view that errors, a slow view and a view that kills its own connection."""
    engine = create_database(pg_server, "troubled")
    with engine.begin() as c:
        for name in ("a_customers", "z_customers"):
            c.exec_driver_sql(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, email TEXT, last_ip TEXT)")
            c.exec_driver_sql(f"INSERT INTO {name} SELECT g, 'user' || g || '@mail.example.org', '198.51.100.' || mod(g, 250) FROM generate_series(1, 50) g")
        c.exec_driver_sql("CREATE VIEW b_broken AS SELECT 1 / (id - id) AS ratio FROM a_customers")
        c.exec_driver_sql("CREATE VIEW c_slow AS SELECT pg_sleep(4)::text AS waited, email FROM a_customers")
        c.exec_driver_sql("CREATE VIEW m_dies AS SELECT pg_terminate_backend(pg_backend_pid()) AS gone")
    grant_readonly(engine)
    engine.dispose()
    return pg_server.url("troubled", READONLY_USER, READONLY_PASS)  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_failing_view_timeout_and_lost_connection_lose_nothing_else(troubled_pg: str) -> None:
    result = scan_source(parse_source(f"troubled={troubled_pg}"), ScanOptions(progress=False, timeout_s=1.5))
    tables = {t.name: t for t in result.tables}
    assert result.status == "partial"
    assert "division by zero" in (tables["b_broken"].error or "")
    assert "timed out" in (tables["c_slow"].error or "") or "cancel" in (tables["c_slow"].error or "")
    assert tables["m_dies"].error
    for name in ("a_customers", "z_customers"):  # z_ is read after the connection died: the scanner reconnected
        assert tables[name].error is None, tables[name].error
        assert {c.name: c.category for c in tables[name].columns}["email"] == "user.contact.email"


@pytest.mark.postgres
def test_cli_exits_1_and_names_each_table_it_could_not_read(troubled_pg: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "privacy_inventory", "scan", "--db", f"troubled={troubled_pg}", "--timeout", "1.5", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0 or proc.returncode == 1
    inventory = json.loads((tmp_path / "inventory.json").read_text(encoding="utf-8"))
    errors = {t["name"]: t["error"] for s in inventory["sources"] for t in s["tables"] if t["error"]}
    assert set(errors) == {"b_broken", "c_slow", "m_dies"}
    assert "Traceback" not in proc.stderr and READONLY_PASS not in proc.stderr + proc.stdout


def test_stale_review_decision_is_reported_and_exits_1(tmp_path: Path) -> None:
    org = tmp_path / "org"
    shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
    db = tmp_path / "shop.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, created_at TEXT)")
    conn.executemany("INSERT INTO customers (email, created_at) VALUES (?, ?)", [(f"c{i}@mail.example.org", "2024-01-01") for i in range(30)])
    conn.commit()
    conn.close()
    (org / "overrides.yaml").write_text(
        "- source: shop\n  table: customers\n  column: fax_number\n  decision: reject\n  reason: column was dropped\n  reviewer: DPO\n  date: 2026-01-05\n",
        encoding="utf-8",
    )
    proc = run_suite_cli("--db", f"shop=sqlite:///{db}", "--inventory", str(org), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr[-2000:]
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("privacy-inventory: warning:")]
    assert any("overrides.yaml" in w and "fax_number" in w for w in warnings), warnings
    assert json.loads((tmp_path / "out" / "scan" / "stale-review.json").read_text(encoding="utf-8"))
    assert (tmp_path / "out" / "index.html").exists()


def _small_file_limit() -> None:
    """In the child: files may not grow past 64 KiB, and exceeding it is an error, not a kill (a full disk, simulated)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_full_disk_while_writing_outputs_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "wide.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, " + ", ".join(f"email_{i} TEXT" for i in range(300)) + ")")
    conn.execute("INSERT INTO users (email_0) VALUES ('x@mail.example.org')")
    conn.commit()
    conn.close()
    proc = subprocess.run(
        [sys.executable, "-m", "privacy_inventory", "scan", "--db", f"sqlite:///{db}", "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, preexec_fn=_small_file_limit,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write outputs" in lines[0] and "Traceback" not in proc.stderr, proc.stderr


def test_bad_papermill_parameter_names_notebook_cell_and_parameter(tmp_path: Path) -> None:
    from privacy_inventory.paths import RunLayout
    from privacy_inventory.run import execute_suite

    params = {"databases": "not-a-list", "configs": [], "inventory_dir": "inventory/imvbox", "policy_file": "", "previous_dir": "", "out_dir": str(tmp_path), "sample_size": 200, "jobs": 1}
    with pytest.raises(InventoryError) as info:
        execute_suite(params, RunLayout(tmp_path), {}, [ROOT / "notebooks" / "01_scan.ipynb"])
    message = str(info.value)
    assert "notebooks/01_scan.ipynb" in message and "databases" in message and "list of strings" in message and "\n" not in message
