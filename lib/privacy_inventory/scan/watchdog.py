"""A client-side deadline for every PostgreSQL call: a server that stops answering cannot hang the scan.

`statement_timeout` is enforced by the server; a server (or a proxy, or a half-dead link) that
accepted the connection and then never answers ignores it, and the driver would wait for ever.
One thread per process watches the armed connections and, past a deadline, shuts the socket down:
the blocked read returns at once, the driver raises, and the scan records the table (or the whole
source) as failed and goes on with the others.
"""

from __future__ import annotations

import socket
import threading
import time
import weakref
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

NO_ANSWER = "no answer from the server within"


class _Watchdog:
    """Deadlines of armed DBAPI connections, enforced by one daemon thread."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[weakref.ref[Any], float]] = {}
        self._cut: weakref.WeakSet[Any] = weakref.WeakSet()
        self._thread: threading.Thread | None = None

    def arm(self, dbapi_conn: Any, seconds: float) -> None:
        with self._cond:
            self._armed[id(dbapi_conn)] = (weakref.ref(dbapi_conn), time.monotonic() + seconds)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="privacy-inventory-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()

    def disarm(self, dbapi_conn: Any) -> None:
        with self._cond:
            self._armed.pop(id(dbapi_conn), None)

    def was_cut(self, dbapi_conn: Any) -> bool:
        return dbapi_conn is not None and dbapi_conn in self._cut

    def _run(self) -> None:
        while True:
            with self._cond:
                now = time.monotonic()
                due = [(key, ref) for key, (ref, until) in self._armed.items() if until <= now]
                for key, _ in due:
                    del self._armed[key]
                if not due:
                    nearest = min((until for _, until in self._armed.values()), default=now + 60.0)
                    self._cond.wait(timeout=max(0.01, nearest - now))
                    continue
            for _, ref in due:
                conn = ref()
                if conn is not None:
                    self._cut_socket(conn)

    def _cut_socket(self, conn: Any) -> None:
        """Shut the connection's socket down (not close: the fd stays the driver's) so its blocked read returns."""
        try:
            if getattr(conn, "closed", False):
                return
            fd = conn.fileno()
            self._cut.add(conn)
            with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as dup:
                dup.shutdown(socket.SHUT_RDWR)
        except (OSError, ValueError, TypeError, AttributeError):
            pass


WATCHDOG = _Watchdog()


class ClientTimeout(Exception):
    """What the driver's error becomes when the watchdog cut the connection."""


def watch_engine(engine: Engine, seconds: float) -> None:
    """Arm the watchdog from connecting until the session is set up, and around every statement."""

    @sa.event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _rec: Any, cargs: Any, cparams: Any) -> Any:
        conn = dialect.connect(*cargs, **cparams)  # connect + login: bounded by connect_timeout
        WATCHDOG.arm(conn, seconds)  # the dialect's first queries run before any statement event
        return conn

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, *_: Any) -> None:
        WATCHDOG.arm(conn.connection.dbapi_connection, seconds)

    @sa.event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, _cursor: Any, _statement: Any, _params: Any, context: Any, _many: Any) -> None:
        if context is not None and context.execution_options.get("stream_results"):
            WATCHDOG.arm(conn.connection.dbapi_connection, seconds)  # rows still to fetch: guarded until the next statement or check-in
        else:
            WATCHDOG.disarm(conn.connection.dbapi_connection)

    @sa.event.listens_for(engine, "handle_error")
    def _error(context: Any) -> Any:
        dbapi_conn = getattr(context.connection.connection, "dbapi_connection", None) if context.connection is not None else None
        if dbapi_conn is not None:
            WATCHDOG.disarm(dbapi_conn)
        if not WATCHDOG.was_cut(dbapi_conn):
            return None
        context.is_disconnect = True
        return sa.exc.OperationalError(context.statement, context.parameters, ClientTimeout(f"{NO_ANSWER} {seconds:g} s (the connection was cut)"), connection_invalidated=True)

    @sa.event.listens_for(engine, "checkin")
    def _checkin(dbapi_conn: Any, _rec: Any) -> None:
        WATCHDOG.disarm(dbapi_conn)
