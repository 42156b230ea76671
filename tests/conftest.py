"""Shared fixtures: the IMVBox demo database, real PostgreSQL and MariaDB servers started once for the test session."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("PRIVACY_INVENTORY_NO_PROGRESS", "1")

READONLY_USER = "pi_reader"
READONLY_PASS = "reader-pw-canary-7Q"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def imvbox_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The IMVBox demo database at scale 1, built once per session."""
    from privacy_inventory.demo.imvbox import build_imvbox

    path = tmp_path_factory.mktemp("imvbox") / "imvbox.sqlite"
    build_imvbox(path)
    return path


def _real_server(start: Callable[[], Any], name: str) -> Iterator[Any]:
    """A real database server for the session; under CI=true a failure to start fails the tests instead of skipping them."""
    try:
        server = start()
    except Exception as exc:  # noqa: BLE001
        if _in_ci():
            pytest.fail(f"{name} must run under CI but could not start: {exc}")
        pytest.skip(f"{name} not available: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A real PostgreSQL server (each module makes its own database: create_database)."""
    from support.pgserver import start_server

    yield from _real_server(start_server, "PostgreSQL")


@pytest.fixture(scope="session")
def mariadb_server() -> Iterator[Any]:
    """One real MariaDB server for the session (each module makes its own database and reader: support.mariadbserver.fresh_database)."""
    from support.mariadbserver import start_server

    yield from _real_server(start_server, "MariaDB")


def create_database(server: "object", name: str) -> sa.engine.Engine:
    """A fresh database on the test server, as an admin engine."""
    admin = sa.create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return sa.create_engine(server.url(name))


def grant_readonly(engine: sa.engine.Engine, schemas: list[str] = ["public"]) -> None:
    """A role that can only SELECT (and USAGE the schemas): the role scans run with."""
    with engine.begin() as conn:
        exists = conn.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{READONLY_USER}'").scalar()
        if not exists:
            conn.exec_driver_sql(f"CREATE ROLE {READONLY_USER} LOGIN PASSWORD '{READONLY_PASS}'")
        db = engine.url.database
        conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{db}" TO {READONLY_USER}')
        for schema in schemas:
            conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO {READONLY_USER}')
            conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {READONLY_USER}')


@pytest.fixture(scope="session")
def pg_imvbox_url(pg_server: "object", imvbox_db: Path) -> str:
    """The IMVBox data loaded into PostgreSQL, reachable through a SELECT-only role."""
    from support.copydb import copy_sqlite

    engine = create_database(pg_server, "imvbox")
    copy_sqlite(imvbox_db, engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    grant_readonly(engine)
    engine.dispose()
    return pg_server.url("imvbox", READONLY_USER, READONLY_PASS)


def run_suite_cli(*args: str, env: dict[str, str] | None = None) -> "subprocess.CompletedProcess[str]":
    """`privacy-inventory run ...` in a subprocess, as a user or CI would call it."""
    import subprocess

    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "privacy_inventory", "run", *args], capture_output=True, text=True, timeout=900, env=full_env, cwd=ROOT)


@pytest.fixture(scope="session")
def imvbox_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full run of the suite on the IMVBox default, shared by the tests that read its outputs."""
    out = tmp_path_factory.mktemp("run") / "imvbox"
    proc = run_suite_cli("--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def praxis(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A second organisation (a dental practice in Leipzig, not IMVBox): its SQLite database and app config directory."""
    from support.praxis import build_praxis, write_config

    base = tmp_path_factory.mktemp("praxis")
    return build_praxis(base / "praxis.sqlite"), write_config(base / "praxis-app")
