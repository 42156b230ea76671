"""What a read-only session cannot promise, shown on a real server, and the two defences the README recommends.

A view over a SECURITY DEFINER function that writes through dblink writes although the scan's
session is read-only (the write happens on another connection). `--skip-views` lists and
classifies such relations by name without ever evaluating them; a reader role without EXECUTE
on such functions makes the view fail instead of write.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import READONLY_PASS, READONLY_USER, create_database, grant_readonly
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source
from privacy_inventory.scan.visibility import SKIP_REASON
from test_cli_errors import run_cli


@pytest.fixture()
def writing_view(pg_server: object) -> tuple[str, sa.engine.Engine]:
    """A view whose evaluation inserts a row into another database through dblink (SECURITY DEFINER)."""
    audit = create_database(pg_server, "views_audit")
    with audit.begin() as c:
        c.exec_driver_sql("CREATE TABLE hits (at TIMESTAMPTZ DEFAULT now())")
    engine = create_database(pg_server, "views_shop")
    target = sa.engine.make_url(pg_server.url("views_audit"))  # type: ignore[attr-defined]
    dsn = f"host=127.0.0.1 port={target.port} dbname=views_audit user={target.username} password={target.password}"
    with engine.begin() as c:
        c.exec_driver_sql("CREATE EXTENSION dblink")
        c.exec_driver_sql("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
        c.exec_driver_sql("INSERT INTO customers SELECT g, 'c' || g || '@mail.example.org' FROM generate_series(1, 30) g")
        c.exec_driver_sql(
            "CREATE FUNCTION leak() RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$ BEGIN "
            f"PERFORM dblink_exec('{dsn}', 'INSERT INTO hits DEFAULT VALUES'); RETURN 1; END $$"
        )
        c.exec_driver_sql("CREATE FUNCTION shout() RETURNS integer LANGUAGE plpgsql VOLATILE AS $$ BEGIN RAISE EXCEPTION 'view evaluated'; END $$")
        c.exec_driver_sql("CREATE VIEW customer_export AS SELECT c.email, leak() AS exported FROM customers c")
        c.exec_driver_sql("CREATE VIEW loud AS SELECT c.email AS contact_email, shout() AS n FROM customers c")
        c.exec_driver_sql("CREATE MATERIALIZED VIEW customer_copy AS SELECT email FROM customers")
    grant_readonly(engine)
    engine.dispose()
    yield pg_server.url("views_shop", READONLY_USER, READONLY_PASS), audit  # type: ignore[attr-defined]
    audit.dispose()


def _hits(audit: sa.engine.Engine) -> int:
    with audit.connect() as c:
        return int(c.exec_driver_sql("SELECT count(*) FROM hits").scalar() or 0)


@pytest.mark.postgres
def test_read_only_session_does_not_stop_a_view_writing_elsewhere(writing_view: tuple[str, sa.engine.Engine]) -> None:
    url, audit = writing_view
    result = scan_source(parse_source(f"shop={url}"), ScanOptions(progress=False, timeout_s=10))
    tables = {t.name: t for t in result.tables}
    assert tables["customer_export"].error is None
    assert _hits(audit) > 0  # the limitation the README states: read-only is per session, not per function
    assert "view evaluated" in (tables["loud"].error or "")


@pytest.mark.postgres
def test_skip_views_never_evaluates_a_view_and_still_lists_it(writing_view: tuple[str, sa.engine.Engine], tmp_path: Path) -> None:
    url, audit = writing_view
    proc = run_cli("scan", "--db", f"shop={url}", "--skip-views", "--timeout", "10", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert _hits(audit) == 0
    inventory = json.loads((tmp_path / "out" / "inventory.json").read_text(encoding="utf-8"))
    tables = {t["name"]: t for s in inventory["sources"] for t in s["tables"]}
    for name in ("customer_export", "loud", "customer_copy"):
        assert tables[name]["skipped"] == SKIP_REASON and tables[name]["error"] is None, name
        assert all(c["sampled"] == 0 for c in tables[name]["columns"])
    assert {c["name"]: c["category"] for c in tables["loud"]["columns"]}["contact_email"] == "user.contact.email"  # by name
    assert tables["customers"]["skipped"] is None
    assert {c["name"]: c["sampled"] for c in tables["customers"]["columns"]}["email"] == 30
    assert "warning" not in proc.stderr


@pytest.mark.postgres
def test_reader_without_execute_makes_the_view_fail_instead_of_write(writing_view: tuple[str, sa.engine.Engine], pg_server: object) -> None:
    url, audit = writing_view
    admin = sa.create_engine(pg_server.url("views_shop"))  # type: ignore[attr-defined]
    with admin.begin() as c:  # the README's recommendation, as written there
        c.exec_driver_sql("REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC")
        c.exec_driver_sql(f"REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM {READONLY_USER}")
    admin.dispose()
    result = scan_source(parse_source(f"shop={url}"), ScanOptions(progress=False, timeout_s=10))
    tables = {t.name: t for t in result.tables}
    assert "permission denied for function leak" in (tables["customer_export"].error or "")
    assert _hits(audit) == 0
    assert tables["customers"].error is None


def test_skip_views_on_sqlite_lists_views_without_reading_them(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
    conn.executemany("INSERT INTO customers (email) VALUES (?)", ((f"c{i}@mail.example.org",) for i in range(20)))
    conn.execute("CREATE VIEW broken AS SELECT email, missing_column FROM customers")
    conn.execute("CREATE VIEW emails AS SELECT email AS contact_email FROM customers")
    conn.commit()
    conn.close()
    result = scan_source(parse_source(f"shop=sqlite:///{db}"), ScanOptions(progress=False, skip_views=True))
    tables = {t.name: t for t in result.tables}
    assert tables["emails"].skipped == SKIP_REASON and tables["emails"].columns[0].sampled == 0
    assert tables["emails"].columns[0].category == "user.contact.email"
    assert tables["customers"].skipped is None and tables["customers"].columns[1].sampled == 20
