"""Start a throwaway PostgreSQL server from Debian's binaries on loopback, for tests and benchmarks."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "pi_admin"
SUPERPASS = "admin-pw-not-secret"


def find_bin(name: str) -> str | None:
    """The PostgreSQL binary on PATH, else in Debian's versioned directory."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running server: its port, data directory, and log file (log_statement = 'all')."""

    port: int
    datadir: Path
    logfile: Path
    root: Path
    as_user: list[str]

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str = SUPERPASS) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        pg_ctl = find_bin("pg_ctl")
        subprocess.run([*self.as_user, pg_ctl, "-D", str(self.datadir), "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    """initdb + pg_ctl start as a non-root user (PostgreSQL refuses root), password auth on 127.0.0.1."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian's postgresql package")
    root = Path(tempfile.mkdtemp(prefix="pi-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o755)
    datadir, logfile, sockdir = root / "data", root / "server.log", root / "sock"
    pwfile = root / "pw"
    pwfile.write_text(SUPERPASS + "\n")
    sockdir.mkdir()
    if as_user:
        for p in (pwfile, sockdir):
            shutil.chown(p, "postgres", "postgres")
    subprocess.run(
        [*as_user, initdb, "-D", str(datadir), "-U", SUPERUSER, f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True, timeout=180,
    )
    port = _free_port()
    opts = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockdir} -c log_statement=all -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c \"log_line_prefix=%m [%p] user=%u db=%d \""
    subprocess.run([*as_user, pg_ctl, "-D", str(datadir), "-l", str(logfile), "-o", opts, "-w", "-t", "60", "start"], check=True, capture_output=True, timeout=120)
    server = PgServer(port=port, datadir=datadir, logfile=logfile, root=root, as_user=as_user)
    _wait_ready(port)
    return server


def _wait_ready(port: int, seconds: float = 30.0) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not start listening on 127.0.0.1:{port}")
