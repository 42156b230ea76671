"""A server that stops answering never hangs the scan: the source (or table) is recorded as failed, the others are scanned.

Real sockets on 127.0.0.1, no mocks: a server that accepts and never says a word, one that completes
the PostgreSQL start-up (authentication, parameters, ready for query) and then goes silent, and a
proxy in front of the real test server that goes silent in the middle of one table's query.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import READONLY_PASS, READONLY_USER, create_database, grant_readonly
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

SECRET = "hung-pw-canary-3M"
TIMEOUT = "1"  # the client gives up 1.5 x 1 + 2 = 3.5 s after the last word from the server


class _Server:
    """A TCP server on 127.0.0.1 running `handle(conn)` per connection in a thread; sockets kept until stop()."""

    def __init__(self, handle: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = int(self.sock.getsockname()[1])
        self.handle = handle
        self.conns: list[socket.socket] = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self.handle(conn)
        except OSError:
            pass

    def stop(self) -> None:
        """Close everything; shutdown first, so a thread blocked in recv returns and the far end sees the close."""
        self.stopped.set()
        self.sock.close()
        for conn in self.conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


def _silent(conn: socket.socket) -> None:
    """Accept, then never answer (read and drop whatever comes)."""
    while conn.recv(4096):
        pass


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data


def _msg(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _pg_then_silent(conn: socket.socket) -> None:
    """Speak the PostgreSQL start-up (no TLS, no password, ready for query), then answer nothing."""
    while True:
        length, code = struct.unpack("!ii", _recv_exact(conn, 8))
        _recv_exact(conn, length - 8)
        if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: refused, plain text follows
            conn.sendall(b"N")
            continue
        break
    params = {"server_version": "16.4", "server_encoding": "UTF8", "client_encoding": "UTF8", "DateStyle": "ISO, MDY",
              "integer_datetimes": "on", "standard_conforming_strings": "on", "TimeZone": "UTC", "IntervalStyle": "postgres"}
    reply = _msg(b"R", struct.pack("!i", 0))
    reply += b"".join(_msg(b"S", k.encode() + b"\0" + v.encode() + b"\0") for k, v in params.items())
    reply += _msg(b"K", struct.pack("!ii", 4242, 99)) + _msg(b"Z", b"I")
    conn.sendall(reply)
    _silent(conn)


@pytest.fixture()
def silent_server() -> Iterator[_Server]:
    server = _Server(_silent)
    yield server
    server.stop()


@pytest.fixture()
def pg_then_silent() -> Iterator[_Server]:
    server = _Server(_pg_then_silent)
    yield server
    server.stop()


@pytest.fixture()
def sqlite_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
    conn.executemany("INSERT INTO customers (email) VALUES (?)", ((f"c{i}@mail.example.org",) for i in range(30)))
    conn.commit()
    conn.close()
    return path


def _scan_cli(tmp_path: Path, *dbs: str, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "privacy_inventory", "scan", *(x for db in dbs for x in ("--db", db)), "--timeout", TIMEOUT, "--out", str(tmp_path / "out"), *extra]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)  # a hang fails here, not for ever


def _sources(tmp_path: Path) -> dict[str, dict]:
    inventory = json.loads((tmp_path / "out" / "inventory.json").read_text(encoding="utf-8"))
    return {s["name"]: s for s in inventory["sources"]}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_server_that_accepts_and_never_answers_fails_that_source_only(tmp_path: Path, silent_server: _Server, sqlite_db: Path, jobs: str) -> None:
    hung = f"hung=postgresql://reader:{SECRET}@127.0.0.1:{silent_server.port}/crm"
    proc = _scan_cli(tmp_path, hung, f"shop=sqlite:///{sqlite_db}", extra=("--jobs", jobs))
    assert proc.returncode == 1, proc.stderr
    sources = _sources(tmp_path)
    assert sources["hung"]["status"] == "failed" and "timed out" in sources["hung"]["error"]
    assert sources["shop"]["status"] == "ok"
    assert {c["name"]: c["category"] for t in sources["shop"]["tables"] for c in t["columns"]}["email"] == "user.contact.email"
    assert "hung: " in proc.stderr and "Traceback" not in proc.stderr
    assert SECRET not in proc.stderr + proc.stdout + (tmp_path / "out" / "inventory.json").read_text(encoding="utf-8")


def test_mysql_server_that_accepts_and_never_answers_fails_that_source_only(tmp_path: Path, silent_server: _Server, sqlite_db: Path) -> None:
    pytest.importorskip("pymysql")
    proc = _scan_cli(tmp_path, f"hung=mysql://reader:{SECRET}@127.0.0.1:{silent_server.port}/crm", f"shop=sqlite:///{sqlite_db}")
    assert proc.returncode == 1, proc.stderr
    sources = _sources(tmp_path)
    assert sources["hung"]["status"] == "failed" and "timed out" in sources["hung"]["error"]
    assert sources["shop"]["status"] == "ok"
    assert SECRET not in proc.stderr + proc.stdout


def test_server_that_completes_the_startup_then_goes_silent_fails_that_source_only(tmp_path: Path, pg_then_silent: _Server, sqlite_db: Path) -> None:
    hung = f"hung=postgresql://reader:{SECRET}@127.0.0.1:{pg_then_silent.port}/crm"
    proc = _scan_cli(tmp_path, f"shop=sqlite:///{sqlite_db}", hung)
    assert proc.returncode == 1, proc.stderr
    sources = _sources(tmp_path)
    assert sources["hung"]["status"] == "failed", sources["hung"]
    assert "no answer from the server within 3.5 s" in sources["hung"]["error"]
    assert sources["shop"]["status"] == "ok"
    assert SECRET not in proc.stderr + proc.stdout


def test_every_source_silent_is_one_error_per_source_and_exit_2(tmp_path: Path, silent_server: _Server, pg_then_silent: _Server) -> None:
    proc = _scan_cli(tmp_path, f"a=postgresql://r:{SECRET}@127.0.0.1:{silent_server.port}/x", f"b=postgresql://r:{SECRET}@127.0.0.1:{pg_then_silent.port}/x")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("privacy-inventory: error: a: ") and lines[1].startswith("privacy-inventory: error: b: ")


class _StallingProxy(_Server):
    """Forwards to a real PostgreSQL server, and goes silent on a connection once the client asks for `marker`."""

    def __init__(self, target_port: int, *marker: bytes) -> None:
        self.target_port, self.marker = target_port, marker
        self.stalled = 0
        super().__init__(self._proxy)

    def _proxy(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        self.conns.append(upstream)
        stall = threading.Event()

        def pump(src: socket.socket, dst: socket.socket, watch: bool) -> None:
            try:
                while data := src.recv(65536):
                    if watch and all(m in data for m in self.marker):
                        self.stalled += 1
                        stall.set()
                    if stall.is_set():
                        continue  # swallow: the server never hears the query, the client never hears back
                    dst.sendall(data)
            except OSError:
                pass

        threading.Thread(target=pump, args=(upstream, client, False), daemon=True).start()
        pump(client, upstream, True)


@pytest.fixture()
def stalling_pg(pg_server: object) -> Iterator[tuple[str, _StallingProxy]]:
    engine = create_database(pg_server, "stalling")
    with engine.begin() as c:
        for name in ("a_people", "b_stall", "c_people"):
            c.exec_driver_sql(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, email TEXT)")
            c.exec_driver_sql(f"INSERT INTO {name} SELECT g, 'p' || g || '@mail.example.org' FROM generate_series(1, 40) g")
    grant_readonly(engine)
    engine.dispose()
    proxy = _StallingProxy(int(pg_server.port), b"\"b_stall\"")  # type: ignore[attr-defined]
    yield f"postgresql://{READONLY_USER}:{READONLY_PASS}@127.0.0.1:{proxy.port}/stalling", proxy
    proxy.stop()


@pytest.mark.postgres
def test_server_going_silent_mid_scan_loses_one_table_not_the_others(stalling_pg: tuple[str, _StallingProxy]) -> None:
    url, proxy = stalling_pg
    result = scan_source(parse_source(f"stalling={url}"), ScanOptions(progress=False, timeout_s=1.0))
    tables = {t.name: t for t in result.tables}
    assert proxy.stalled == 1
    assert result.status == "partial"
    assert "no answer from the server within 3.5 s" in (tables["b_stall"].error or "")
    for name in ("a_people", "c_people"):  # c_ is read on a new connection after the silent one was cut
        assert tables[name].error is None, tables[name].error
        assert {c.name: c.category for c in tables[name].columns}["email"] == "user.contact.email"


@pytest.mark.parametrize(("name", "value"), [("timeout_s", float("nan")), ("timeout_s", float("inf")), ("timeout_s", -1), ("timeout_s", "30"), ("skip_views", "yes")])
def test_notebook_parameters_for_deadlines_and_views_are_checked(tmp_path: Path, name: str, value: object) -> None:
    from privacy_inventory.errors import InventoryError
    from privacy_inventory.stages import run_scan_stage

    with pytest.raises(InventoryError) as err:
        run_scan_stage(["x=sqlite:///nowhere.sqlite"], [], "inventory/imvbox", str(tmp_path), **{name: value})
    assert err.value.source == ("timeout" if name == "timeout_s" else "skip_views")


@pytest.fixture(params=[(b"LIMIT",), (b"SHOW CREATE TABLE",)], ids=["sampling", "introspection"])
def stalling_mariadb(mariadb_server: object, request: pytest.FixtureRequest) -> Iterator[tuple[str, _StallingProxy]]:
    import sqlalchemy as sa

    from support.mariadbserver import fresh_database

    db, reader, password = f"stalling_{request.param_index}", f"pi_stall_{request.param_index}", "reader-pw-canary-M4"
    fresh_database(mariadb_server, db, reader, password)  # type: ignore[arg-type]
    admin = sa.create_engine(mariadb_server.url(db), isolation_level="AUTOCOMMIT")  # type: ignore[attr-defined]
    with admin.connect() as c:
        for name in ("a_people", "b_stall", "c_people"):
            c.exec_driver_sql(f"CREATE TABLE {db}.{name} (id INTEGER PRIMARY KEY, email TEXT)")
            c.exec_driver_sql(f"INSERT INTO {db}.{name} SELECT seq, CONCAT('p', seq, '@mail.example.org') FROM seq_1_to_40")
    admin.dispose()
    proxy = _StallingProxy(int(mariadb_server.port), b"`b_stall`", *request.param)  # type: ignore[attr-defined]
    yield f"mysql+pymysql://{reader}:{password}@127.0.0.1:{proxy.port}/{db}", proxy
    proxy.stop()


@pytest.mark.mariadb
def test_mariadb_going_silent_mid_scan_loses_one_table_not_the_others(stalling_mariadb: tuple[str, _StallingProxy]) -> None:
    url, proxy = stalling_mariadb
    result = scan_source(parse_source(f"stalling={url}"), ScanOptions(progress=False, timeout_s=1.0))
    tables = {t.name: t for t in result.tables}
    assert proxy.stalled >= 1  # introspection asks twice (batched, then for the one table): each waits its deadline
    assert result.status == "partial"
    assert "timed out" in (tables["b_stall"].error or ""), tables["b_stall"].error
    for name in ("a_people", "c_people"):  # c_ is read on a new connection after the silent one timed out
        assert tables[name].error is None, tables[name].error
        assert {c.name: c.category for c in tables[name].columns}["email"] == "user.contact.email"
