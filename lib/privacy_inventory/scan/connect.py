"""Open databases strictly read-only with bounded statements, and turn driver errors into one clear line."""

from __future__ import annotations

import math
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import scrub
from privacy_inventory.scan.sources import SourceSpec
from privacy_inventory.scan.sqlite_open import sqlite_uri
from privacy_inventory.scan.watchdog import NO_ANSWER, watch_engine

SQLITE_MAGIC = b"SQLite format 3\x00"


class _SqliteDeadline:
    """Abort any SQLite statement that runs past the timeout (SQLite has no statement_timeout)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def reset(self) -> None:
        self.until = time.monotonic() + self.seconds

    def __call__(self) -> int:
        return 1 if time.monotonic() > self.until else 0


class DeadlineConnection(sqlite3.Connection):
    """An SQLite connection that carries its statement deadline, so code reading through the driver directly can arm it."""

    deadline: _SqliteDeadline | None = None


def driver_rows(conn: Any, sql: str) -> list[Any]:
    """All rows of one SQLite statement read through the driver's own cursor (plain tuples, no SQLAlchemy rows), deadline armed."""
    raw = conn.connection.driver_connection
    deadline = getattr(raw, "deadline", None)
    if deadline is None:  # not one of our connections: through SQLAlchemy, which arms it
        return list(conn.exec_driver_sql(sql).fetchall())
    deadline.reset()
    return raw.execute(sql).fetchall()


def sqlite_path(spec: SourceSpec) -> Path:
    """The file an SQLite URL names; it must exist and be an SQLite database (never create one)."""
    db = spec.url.database or ""
    if not db or db == ":memory:":
        raise InventoryError(spec.name, "an SQLite source needs a file path (sqlite:///path/to/file.db)")
    if db.startswith("file:"):
        db = db[5:].split("?", 1)[0]
    path = Path(db)
    if not path.exists():
        raise InventoryError(spec.name, f"SQLite file not found: {path}")
    if not path.is_file():
        raise InventoryError(spec.name, f"not a file: {path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise InventoryError(spec.name, f"cannot read {path}: {exc.strerror or exc}") from None
    if head and head != SQLITE_MAGIC:
        raise InventoryError(spec.name, f"{path} is not an SQLite database")
    return path


def create_readonly_engine(spec: SourceSpec, *, timeout_s: float = 30.0, connect_timeout_s: int = 10) -> Engine:
    """An engine whose every connection is read-only and whose statements time out."""
    dialect = spec.dialect
    if dialect == "sqlite":
        path = sqlite_path(spec)
        uri = sqlite_uri(path, spec.name)
        deadline = _SqliteDeadline(timeout_s)

        def _creator() -> sqlite3.Connection:
            conn = sqlite3.connect(uri, uri=True, timeout=connect_timeout_s, check_same_thread=False, factory=DeadlineConnection)
            conn.deadline = deadline
            conn.execute("PRAGMA query_only = ON")
            conn.set_progress_handler(deadline, 20_000)
            conn.text_factory = _decode_text
            return conn

        engine = sa.create_engine("sqlite://", creator=_creator, poolclass=sa.pool.StaticPool)

        @sa.event.listens_for(engine, "before_cursor_execute")
        def _arm(*_: Any) -> None:
            deadline.reset()

        return engine
    # Client-side deadlines too: a server that accepted the connection and then went silent ignores its own timeouts.
    connect_s = max(2, math.ceil(min(float(connect_timeout_s), timeout_s)))
    answer_s = client_deadline(timeout_s)
    try:
        if dialect == "postgresql":
            options = f"-c default_transaction_read_only=on -c statement_timeout={int(timeout_s * 1000)} -c lock_timeout=5000 -c idle_in_transaction_session_timeout=60000"
            args: dict[str, Any] = {"connect_timeout": connect_s, "options": options, "application_name": "privacy-inventory",
                                    "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
                                    "tcp_user_timeout": int(answer_s * 1000)}
            engine = sa.create_engine(spec.url, connect_args=args, pool_pre_ping=False, poolclass=sa.pool.NullPool)
            watch_engine(engine, answer_s)
        elif dialect in ("mysql", "mariadb"):
            from privacy_inventory.scan import mysql

            url = mysql.with_driver(spec.url, spec.name)
            engine = sa.create_engine(url, connect_args=_mysql_deadlines(url, connect_s, answer_s), poolclass=sa.pool.NullPool)

            @sa.event.listens_for(engine, "connect")
            def _mysql_ro(dbapi_conn: Any, _: Any) -> None:
                mysql.prepare_session(dbapi_conn, timeout_s)

        else:
            engine = sa.create_engine(spec.url, poolclass=sa.pool.NullPool)
    except (SQLAlchemyError, ImportError, ValueError, TypeError) as exc:
        raise InventoryError(spec.name, f"cannot use database URL {spec.masked}: {describe_db_error(exc, spec)}") from None
    return engine


def _mysql_deadlines(url: sa.engine.URL, connect_s: int, answer_s: float) -> dict[str, Any]:
    """Socket deadlines for the MySQL drivers that take them (PyMySQL, mysqlclient, MariaDB Connector/Python)."""
    if url.get_driver_name() in ("pymysql", "mysqldb", "mariadbconnector"):
        return {"connect_timeout": connect_s, "read_timeout": math.ceil(answer_s), "write_timeout": math.ceil(answer_s)}
    return {"connect_timeout": connect_s}


def client_deadline(timeout_s: float) -> float:
    """Seconds the client waits for any answer: past the server's own statement timeout, so that one reports first."""
    seconds = 1.5 * timeout_s + 2.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 86_400.0


def _decode_text(raw: bytes) -> str:
    """Decode SQLite TEXT leniently so invalid UTF-8 in a hostile cell never aborts a scan."""
    return raw.decode("utf-8", errors="replace")


def describe_db_error(exc: BaseException, spec: SourceSpec) -> str:
    """One line, credentials removed, that says what went wrong talking to a database."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    first = next((line.strip() for line in text if line.strip()), type(orig).__name__)
    low = " ".join(text).lower()
    if NO_ANSWER in low:
        first = f"query timed out: {first}"
    elif "lost connection" in low and "timed out" in low:
        first = f"query timed out: {NO_ANSWER} the read timeout (the connection was cut)"
    elif "password authentication failed" in low or "access denied" in low:
        first = "authentication failed (wrong user or password)"
    elif "connection refused" in low:
        first = "connection refused (is the server running and listening on that port?)"
    elif "could not translate host name" in low or "name or service not known" in low or "unknown host" in low:
        first = "unknown host"
    elif "timeout expired" in low or "timed out" in low:
        first = "connection timed out (host unreachable?)"
    elif "does not exist" in low and "database" in low:
        first = "database does not exist"
    elif "file is not a database" in low:
        first = "not an SQLite database"
    elif "readonly database" in low or "unable to open database file" in low:
        first = "SQLite cannot read this file without writing next to it (a read-only directory, or an unfinished write); copy it somewhere writable and scan the copy"
    elif "statement timeout" in low or "interrupted" in low or "max_statement_time" in low or "maximum statement execution time" in low:
        first = "query timed out"
    elif isinstance(orig, ModuleNotFoundError):
        first = f"database driver not installed ({orig.name})"
    return scrub(first, spec.secrets)[:300]


def check_connection(engine: Engine, spec: SourceSpec) -> None:
    """Fail early, with one line, when the database cannot be reached or opened."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
            if spec.dialect == "sqlite":
                conn.execute(sa.text("SELECT count(*) FROM sqlite_master"))
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise InventoryError(spec.name, f"cannot connect to {spec.masked}: {describe_db_error(exc, spec)}") from None
