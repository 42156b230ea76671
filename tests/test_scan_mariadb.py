"""The scanner and the DPIA counts on a real MariaDB server: same verdicts and counts as SQLite, read-only, bounded."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from privacy_inventory.scan import mysql
from privacy_inventory.scan.connect import create_readonly_engine, describe_db_error
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

ROOT = Path(__file__).resolve().parents[1]
READER, READER_PASS = "pi_reader", "reader-pw-canary-M4"
pytestmark = pytest.mark.mariadb


@pytest.fixture(scope="session")
def mariadb_imvbox_url(mariadb_server: object, imvbox_db: Path) -> str:
    """IMVBox copied into MariaDB (booleans become TINYINT(1)), reachable through a SELECT-only user."""
    from support.copydb import copy_sqlite
    from support.mariadbserver import fresh_database

    url = fresh_database(mariadb_server, "imvbox", READER, READER_PASS, "SELECT, SHOW VIEW")  # type: ignore[arg-type]
    engine = sa.create_engine(mariadb_server.url("imvbox"))  # type: ignore[attr-defined]
    copy_sqlite(imvbox_db, engine)
    with engine.begin() as conn:
        for (name,) in conn.exec_driver_sql("SHOW TABLES").fetchall():
            conn.exec_driver_sql(f"ANALYZE TABLE `{name}`").fetchall()
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def scans(mariadb_imvbox_url: str, imvbox_db: Path) -> tuple[object, object]:
    options = ScanOptions(progress=False)
    return scan_source(parse_source(f"imvbox={mariadb_imvbox_url}"), options), scan_source(parse_source(f"imvbox=sqlite:///{imvbox_db}"), options)


def _verdicts(result: object) -> dict[tuple[str, str], str | None]:
    return {(t.name, c.name): c.category for t in result.tables for c in t.columns}  # type: ignore[attr-defined]


def test_mariadb_and_sqlite_give_the_same_classification(scans: tuple[object, object]) -> None:
    maria, lite = scans
    assert maria.dialect == "mysql" and maria.status == "ok", maria.error  # type: ignore[attr-defined]
    m, s = _verdicts(maria), _verdicts(lite)
    assert set(m) == set(s)
    differ = {k: (s[k], m[k]) for k in s if s[k] != m[k]}
    assert not differ, differ
    assert sum(1 for v in m.values() if v) >= 60
    tables = {t.name: t for t in maria.tables}  # type: ignore[attr-defined]
    assert tables["accounts"].primary_key == ["id"]
    assert any(fk.referred_table == "accounts" for fk in tables["profiles"].foreign_keys)
    assert READER_PASS not in maria.url  # type: ignore[attr-defined]


def test_tinyint_booleans_are_booleans(scans: tuple[object, object], mariadb_imvbox_url: str) -> None:
    maria, lite = scans
    lite_bools = {(t.name, c.name) for t in lite.tables for c in t.columns if "BOOL" in c.data_type}  # type: ignore[attr-defined]
    maria_bools = {(t.name, c.name) for t in maria.tables for c in t.columns if c.data_type == "BOOLEAN"}  # type: ignore[attr-defined]
    assert lite_bools and maria_bools == lite_bools
    engine = sa.create_engine(mariadb_imvbox_url)
    with engine.connect() as conn:  # the server really stores them as TINYINT(1)
        table, column = sorted(lite_bools)[0]
        kind = conn.exec_driver_sql(f"SELECT column_type FROM information_schema.columns WHERE table_schema='imvbox' AND table_name='{table}' AND column_name='{column}'").scalar()
    engine.dispose()
    assert kind == "tinyint(1)"


def test_dpia_counts_equal_sqlite(scans: tuple[object, object], mariadb_imvbox_url: str, imvbox_db: Path) -> None:
    from privacy_inventory.declarations_io import load_declarations
    from privacy_inventory.demo.imvbox import REFERENCE_DATE
    from privacy_inventory.dpia.facts import collect_facts
    from privacy_inventory.models import Inventory

    maria, lite = scans
    declarations = load_declarations(ROOT / "inventory" / "imvbox")
    lite_inv = Inventory(sources=[lite]).sorted()  # type: ignore[list-item]
    maria_inv = Inventory(sources=[maria]).sorted()  # type: ignore[list-item]
    f_lite = collect_facts([parse_source(f"imvbox=sqlite:///{imvbox_db}")], lite_inv, declarations, REFERENCE_DATE)
    f_maria = collect_facts([parse_source(f"imvbox={mariadb_imvbox_url}")], maria_inv, declarations, REFERENCE_DATE)
    assert sorted(f_lite.facts) == sorted(f_maria.facts)
    errors = {k: f.error for k, f in f_maria.facts.items() if f.error}
    assert not errors, errors
    differ = {k: (f_lite.facts[k].value, f_maria.facts[k].value) for k in f_lite.facts if f_lite.facts[k].value != f_maria.facts[k].value}
    assert not differ, differ
    booleans = [f for f in f_maria.facts.values() if f.kind == "special_values" and "true" in f.detail]
    assert booleans, "IMVBox has boolean special-category flags; they must be counted as true values"
    engine = sa.create_engine(mariadb_imvbox_url)
    with engine.connect() as conn:
        for fact in booleans:  # the count is of 1s, never of every non-null row
            table = fact.table.split(".", 1)[1]
            non_null = conn.exec_driver_sql(f"SELECT count(*) FROM `{table}` WHERE `{fact.columns[0]}` IS NOT NULL").scalar()
            assert fact.value is not None and fact.value < non_null
    engine.dispose()
    assert any(f.kind == "retention" and f.value for f in f_maria.facts.values())


def test_session_is_read_only_with_mariadbs_statement_timeout(mariadb_imvbox_url: str) -> None:
    spec = parse_source(f"imvbox={mariadb_imvbox_url}")
    engine = create_readonly_engine(spec, timeout_s=0.5)
    try:
        with engine.connect() as conn:
            assert float(conn.exec_driver_sql("SELECT @@SESSION.max_statement_time").scalar()) == pytest.approx(0.5)
            name = "tx_read_only" if conn.exec_driver_sql("SHOW VARIABLES LIKE 'tx_read_only'").first() else "transaction_read_only"
            assert int(conn.exec_driver_sql(f"SELECT @@SESSION.{name}").scalar()) == 1
            with pytest.raises(sa.exc.OperationalError) as slow:
                conn.exec_driver_sql("SELECT SLEEP(5)").fetchall()
            assert "max_statement_time" in str(slow.value)
            assert describe_db_error(slow.value, spec) == "query timed out"
    finally:
        engine.dispose()
    admin = sa.create_engine(mariadb_imvbox_url.replace(f"{READER}:{READER_PASS}", "pi_admin:admin-pw-not-secret"))
    ro = create_readonly_engine(parse_source(admin.url.render_as_string(hide_password=False)), timeout_s=5)
    try:  # even a user allowed to write cannot through the scanner's session
        with ro.connect() as conn, pytest.raises(sa.exc.SQLAlchemyError) as write:
            conn.exec_driver_sql("CREATE TABLE imvbox.should_not_exist (id INT)")
        assert "READ ONLY" in str(write.value).upper()
    finally:
        ro.dispose()
        admin.dispose()


def test_scan_issues_only_reads(mariadb_server: object, scans: tuple[object, object]) -> None:
    log = Path(mariadb_server.general_log).read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
    readers = set(re.findall(rf"^\s*(?:\S+\s+\S+\s+)?(\d+)\s+Connect\s+{READER}@", log, re.M))
    assert readers, "the general log must show the reader's connections"
    statements = [m.group(2) for m in re.finditer(r"^\s*(?:\S+\s+\S+\s+)?(\d+)\s+Query\s+(.*)$", log, re.M) if m.group(1) in readers]
    assert any(s.upper().startswith("SELECT") for s in statements)
    writes = [s for s in statements if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|TRUNCATE|GRANT|LOAD)\b", s, re.I)]
    assert not writes, writes[:5]


@pytest.mark.parametrize(
    "version, expected",
    [
        ("10.11.19-MariaDB-0+deb12u1", "SET SESSION max_statement_time = 2.500"),
        ("11.4.2-MariaDB", "SET SESSION max_statement_time = 2.500"),
        ("8.0.36", "SET SESSION max_execution_time = 2500"),
        ("5.7.44-log", "SET SESSION max_execution_time = 2500"),
    ],
)
def test_timeout_setting_per_server_and_version(version: str, expected: str) -> None:
    statements = mysql.session_statements(version, 2.5)
    assert statements[0] == "SET SESSION TRANSACTION READ ONLY"
    assert expected in statements
    other = "max_execution_time" if "statement_time" in expected else "max_statement_time"
    assert not any(other in s for s in statements)


def test_old_servers_get_no_unknown_variable() -> None:
    for version in ("5.6.51", "10.0.38-MariaDB"):
        assert not any("max_" in s for s in mysql.session_statements(version, 1.0))


def test_missing_driver_is_one_line_naming_the_extra(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['pymysql'] = None\n"
        "from privacy_inventory.cli import main\n"
        f"sys.exit(main(['scan', '--db', 'crm=mysql://reader:pw@127.0.0.1:1/crm', '--out', {str(tmp_path / 'out')!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode != 0 and len(lines) == 1, proc.stderr
    assert "privacy-inventory[mysql]" in lines[0] and "crm" in lines[0] and "pw" not in lines[0].replace("pip", "")


def test_mysql_url_gets_the_pinned_driver() -> None:
    spec = parse_source("crm=mysql://reader@127.0.0.1/crm")
    assert mysql.with_driver(spec.url, spec.name).drivername == "mysql+pymysql"
    assert mysql.with_driver(parse_source("mariadb://r@h/d").url, "d").drivername == "mariadb+pymysql"
    kept = parse_source("crm=mysql+mysqldb://reader@127.0.0.1/crm")
    assert mysql.with_driver(kept.url, kept.name).drivername == "mysql+mysqldb"
