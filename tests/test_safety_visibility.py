"""Nothing the reader cannot see goes unsaid: every relation is scanned or reported, with one console line each.

Materialized views and foreign tables are scanned like tables (a foreign table whose server cannot be
reached is reported); row-level security that hides every row is reported as not readable; a table
or view that cannot be read gives one warning line on the console and exit status 1.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import READONLY_PASS, READONLY_USER, create_database, grant_readonly
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source
from privacy_inventory.scan.visibility import RLS_HIDES_ALL
from test_cli_errors import run_cli


def _tables(out: Path) -> dict[str, dict]:
    inventory = json.loads((out / "inventory.json").read_text(encoding="utf-8"))
    return {t["name"]: t for s in inventory["sources"] for t in s["tables"]}


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("privacy-inventory: warning:")]


def test_sqlite_view_that_cannot_be_read_gives_one_warning_line_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
    conn.executemany("INSERT INTO customers (email) VALUES (?)", ((f"c{i}@mail.example.org",) for i in range(20)))
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER)")
    conn.execute("CREATE VIEW order_emails AS SELECT c.email FROM orders o JOIN customers c ON c.id = o.customer_id")
    conn.execute("CREATE VIEW stale_report AS SELECT email FROM customers")
    conn.execute("PRAGMA legacy_alter_table = ON")
    conn.execute("ALTER TABLE customers RENAME TO clients")  # the views now name a table that is gone
    conn.commit()
    conn.close()
    proc = run_cli("scan", "--db", f"shop=sqlite:///{db}", "--out", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr
    warnings = _warnings(proc.stderr)
    assert len(warnings) == 2, proc.stderr
    for name, line in zip(("order_emails", "stale_report"), warnings):
        assert line.startswith(f"privacy-inventory: warning: shop: main.{name}: could not ") and "no such table" in line
    tables = _tables(tmp_path / "out")
    assert tables["clients"]["error"] is None and tables["order_emails"]["error"]
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def hidden_pg(pg_server: object) -> str:
    """Relations of every kind around people data: a materialized view, foreign tables, row-level security."""
    engine = create_database(pg_server, "hidden")
    port = engine.url.port
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, phone TEXT)")
        c.exec_driver_sql("INSERT INTO customers SELECT g, 'client' || g || '@mail.example.org', '+44 20 7946 ' || lpad(g::text, 4, '0') FROM generate_series(1, 300) g")
        c.exec_driver_sql("CREATE MATERIALIZED VIEW customer_contacts AS SELECT email AS contact_email, phone FROM customers")
        c.exec_driver_sql("CREATE MATERIALIZED VIEW never_filled AS SELECT email FROM customers WITH NO DATA")
        c.exec_driver_sql("CREATE TABLE patients (id INTEGER PRIMARY KEY, email TEXT, owner TEXT DEFAULT 'nurse')")
        c.exec_driver_sql("INSERT INTO patients SELECT g, 'patient' || g || '@mail.example.org' FROM generate_series(1, 200) g")
        c.exec_driver_sql("ALTER TABLE patients ENABLE ROW LEVEL SECURITY")
        c.exec_driver_sql("CREATE POLICY own_rows ON patients USING (owner = current_user)")
    grant_readonly(engine)  # creates the reading role the user mappings below name
    with engine.begin() as c:
        c.exec_driver_sql("CREATE EXTENSION postgres_fdw")
        c.exec_driver_sql(f"CREATE SERVER here FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '{port}', dbname 'hidden')")
        c.exec_driver_sql(f"CREATE USER MAPPING FOR {READONLY_USER} SERVER here OPTIONS (user '{READONLY_USER}', password '{READONLY_PASS}')")
        c.exec_driver_sql("CREATE FOREIGN TABLE remote_customers (id INTEGER, email TEXT) SERVER here OPTIONS (table_name 'customers')")
        c.exec_driver_sql("CREATE SERVER nowhere FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '1', dbname 'none')")
        c.exec_driver_sql(f"CREATE USER MAPPING FOR {READONLY_USER} SERVER nowhere OPTIONS (user 'x', password 'y')")
        c.exec_driver_sql("CREATE FOREIGN TABLE lost_customers (id INTEGER, email TEXT) SERVER nowhere OPTIONS (table_name 'customers')")
        c.exec_driver_sql("ANALYZE")
    grant_readonly(engine)
    engine.dispose()
    return pg_server.url("hidden", READONLY_USER, READONLY_PASS)  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_materialized_views_and_foreign_tables_are_scanned_or_reported(hidden_pg: str) -> None:
    result = scan_source(parse_source(f"hidden={hidden_pg}"), ScanOptions(progress=False, sample_size=50, timeout_s=5))
    tables = {t.name: t for t in result.tables}
    contacts = tables["customer_contacts"]
    assert contacts.kind == "materialized view" and contacts.error is None
    assert {c.name: c.category for c in contacts.columns} == {"contact_email": "user.contact.email", "phone": "user.contact.phone_number"}
    assert contacts.row_estimate == 300 and "estimate" in contacts.row_estimate_method
    assert tables["never_filled"].kind == "materialized view" and "has not been populated" in (tables["never_filled"].error or "")
    remote = tables["remote_customers"]
    assert remote.kind == "foreign table" and remote.error is None
    assert {c.name: c.category for c in remote.columns}["email"] == "user.contact.email"
    assert next(c for c in remote.columns if c.name == "email").sampled == 50
    lost = tables["lost_customers"]
    assert lost.kind == "foreign table" and lost.error and "could not sample" in lost.error
    assert READONLY_PASS not in json.dumps([t.error for t in result.tables])


@pytest.mark.postgres
def test_row_level_security_hiding_every_row_is_reported_not_readable(hidden_pg: str, tmp_path: Path) -> None:
    proc = run_cli("scan", "--db", f"hidden={hidden_pg}", "--timeout", "5", "--sample-size", "50", "--out", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr
    tables = _tables(tmp_path / "out")
    assert tables["patients"]["error"] == RLS_HIDES_ALL
    assert tables["customers"]["error"] is None
    warnings = _warnings(proc.stderr)
    assert any(line.endswith(f"hidden: public.patients: {RLS_HIDES_ALL}") for line in warnings), proc.stderr
    unreadable = sorted(name for name, t in tables.items() if t["error"])
    assert unreadable == ["lost_customers", "never_filled", "patients"]
    assert len(warnings) == len(unreadable)  # one line per relation, no more
    assert READONLY_PASS not in proc.stderr + proc.stdout
