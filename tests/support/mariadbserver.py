"""Start a throwaway MariaDB server from Debian's binaries on loopback (random port, temp datadir), for tests."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from support.pgserver import _free_port

ADMIN = "pi_admin"
ADMIN_PASS = "admin-pw-not-secret"


def find_bin(*names: str) -> str | None:
    """The first of the server binaries found on PATH or in /usr/sbin (Debian puts mariadbd there)."""
    for name in names:
        found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
        if found:
            return found
    return None


@dataclass
class MariaDBServer:
    """A running server: port, root directory, the general query log (every statement) and the process."""

    port: int
    root: Path
    socket: Path
    general_log: Path
    process: subprocess.Popen  # type: ignore[type-arg]

    def url(self, database: str = "", user: str = ADMIN, password: str = ADMIN_PASS) -> str:
        return f"mysql+pymysql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)


def fresh_database(server: MariaDBServer, name: str, reader: str, password: str, grants: str = "SELECT") -> str:
    """A new, empty database on the shared test server and a reader allowed into it alone; the reader's URL.

    A scan lists every database its user may see, so each test module has its own reader as well as its own
    database: tables another module made on the same server never show up in its scan.
    """
    import sqlalchemy as sa

    admin = sa.create_engine(server.url(""), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
            conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
            conn.exec_driver_sql(f"CREATE USER IF NOT EXISTS '{reader}'@'127.0.0.1' IDENTIFIED BY '{password}'")
            conn.exec_driver_sql(f"GRANT {grants} ON `{name}`.* TO '{reader}'@'127.0.0.1'")
    finally:
        admin.dispose()
    return server.url(name, reader, password)


def start_server() -> MariaDBServer:
    """mariadb-install-db + mariadbd as the mysql user when run as root; an admin user with a password on TCP."""
    install, server = find_bin("mariadb-install-db", "mysql_install_db"), find_bin("mariadbd", "mysqld")
    if not install or not server:
        raise RuntimeError("MariaDB server binaries (mariadb-install-db, mariadbd) not found; install Debian's mariadb-server package")
    root = Path(tempfile.mkdtemp(prefix="pi-mariadb-"))
    root.chmod(0o755)
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["--user=mysql"]
        shutil.chown(root, "mysql", "mysql")
    datadir, sock, log = root / "data", root / "sock", root / "general.log"
    subprocess.run(
        [install, "--no-defaults", f"--datadir={datadir}", *as_user, "--auth-root-authentication-method=socket", "--skip-test-db", "--skip-name-resolve"],
        check=True, capture_output=True, timeout=300,
    )
    port = _free_port()
    args = [
        server, "--no-defaults", f"--datadir={datadir}", *as_user, f"--port={port}", "--bind-address=127.0.0.1", f"--socket={sock}",
        f"--pid-file={root / 'mariadbd.pid'}", f"--log-error={root / 'error.log'}", "--skip-name-resolve", "--skip-log-bin",
        "--general-log=1", f"--general-log-file={log}", "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=0",
        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
    ]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    srv = MariaDBServer(port=port, root=root, socket=sock, general_log=log, process=process)
    try:
        _wait_ready(srv)
        _create_admin(srv)
    except Exception:
        srv.stop()
        raise
    return srv


def _wait_ready(srv: MariaDBServer, seconds: float = 120.0) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if srv.process.poll() is not None:
            tail = (srv.root / "error.log").read_text(errors="replace")[-500:] if (srv.root / "error.log").exists() else ""
            raise RuntimeError(f"mariadbd exited with status {srv.process.returncode}: {tail}")
        if srv.socket.exists():
            return
        time.sleep(0.2)
    raise RuntimeError(f"MariaDB did not start listening on 127.0.0.1:{srv.port}")


def _create_admin(srv: MariaDBServer) -> None:
    """root logs in through the socket only (as the OS root user); tests use a password user on TCP."""
    import pymysql

    conn = _socket_login(srv, pymysql)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE USER '{ADMIN}'@'127.0.0.1' IDENTIFIED BY '{ADMIN_PASS}'")
            cur.execute(f"GRANT ALL PRIVILEGES ON *.* TO '{ADMIN}'@'127.0.0.1' WITH GRANT OPTION")
        conn.commit()
    finally:
        conn.close()


def _socket_login(srv: MariaDBServer, pymysql: object) -> object:
    """Root through the unix socket (unix_socket auth matches the OS user: root, or mysql when not root)."""
    user = "root" if os.geteuid() == 0 else os.environ.get("USER", "root")
    last: Exception | None = None
    for _ in range(50):
        try:
            return pymysql.connect(unix_socket=str(srv.socket), user=user, autocommit=True)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - the socket appears a moment before the server accepts logins
            last = exc
            time.sleep(0.2)
    raise RuntimeError(f"cannot log in to MariaDB through its socket: {last}")
