"""MySQL and MariaDB sessions: the pinned driver, a read-only transaction and each server's own statement timeout."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.engine import URL

from privacy_inventory.errors import InventoryError

DRIVER = "pymysql"
EXTRA_HINT = "pip install 'privacy-inventory[mysql]'"
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def with_driver(url: URL, name: str) -> URL:
    """`mysql://` and `mariadb://` use the PyMySQL driver of the `mysql` extra; a driver named in the URL is kept."""
    backend = url.get_backend_name()
    if "+" not in url.drivername:
        url = url.set(drivername=f"{backend}+{DRIVER}")
    if url.get_driver_name() == DRIVER:
        try:
            import pymysql  # noqa: F401
        except ImportError:
            raise InventoryError(name, f"the MySQL/MariaDB driver is not installed: {EXTRA_HINT}") from None
    return url


def server_kind(version: str) -> tuple[str, tuple[int, int, int]]:
    """('mariadb' or 'mysql', (major, minor, patch)) from `SELECT VERSION()`, e.g. '10.11.19-MariaDB-0+deb12u1'."""
    match = _VERSION.match(version.strip())
    numbers = tuple(int(g) for g in match.groups()) if match else (0, 0, 0)
    return ("mariadb" if "mariadb" in version.lower() else "mysql"), numbers  # type: ignore[return-value]


def session_statements(version: str, timeout_s: float) -> list[str]:
    """What makes one session read-only and bounded on this server and version.

    MariaDB (10.1+) bounds every statement with `max_statement_time` in seconds; MySQL (5.7.8+)
    bounds SELECTs with `max_execution_time` in milliseconds. Older servers get the read-only
    transaction only (their lock wait is still bounded).
    """
    kind, numbers = server_kind(version)
    statements = ["SET SESSION TRANSACTION READ ONLY", "SET SESSION innodb_lock_wait_timeout = 5"]
    if kind == "mariadb" and numbers >= (10, 1, 1):
        statements.append(f"SET SESSION max_statement_time = {max(timeout_s, 0.001):.3f}")
    elif kind == "mysql" and numbers >= (5, 7, 8):
        statements.append(f"SET SESSION max_execution_time = {max(int(timeout_s * 1000), 1)}")
    return statements


def prepare_session(dbapi_conn: Any, timeout_s: float) -> None:
    """Run the session statements on a fresh DBAPI connection (the `connect` event)."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute("SELECT VERSION()")
        row = cur.fetchone()
        for statement in session_statements(str(row[0]) if row else "", timeout_s):
            cur.execute(statement)
    finally:
        cur.close()
