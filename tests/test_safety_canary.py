"""Nothing personal or secret leaks, and nothing is written: the whole suite on canary databases.

Personal columns hold unique canary values; the PostgreSQL URL carries a canary password; every file
the run wrote (CSV, JSON, GraphML, XLSX unzipped, HTML, SVG, executed notebooks, the manifest) and
its console output are searched for every canary, raw and in the usual encodings. The SQLite file's
checksum and mtime must not change, and the PostgreSQL statement log must show only reads.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import sqlite3
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, create_database, run_suite_cli

pytestmark = pytest.mark.postgres

CANARY_PASSWORD = "Kn4ry-PW-x7Qz"
CANARY_USER = "canary_reader"
CANARIES = {
    "email": "zq7x.canary@leak-test.example",
    "name": "Zqvortensia Canarybottom",
    "phone": "+44 7700 900417",
    "ip": "203.0.113.77",
    "card": "4000056655665556",
    "text": "purple-elephant-canary",
    "dob": "1931-07-19",
    "password": CANARY_PASSWORD,
}


def _rows(n: int) -> list[tuple]:
    rows = []
    for i in range(n):
        special = i % 10 == 0
        rows.append(
            (
                i + 1,
                CANARIES["email"] if special else f"user{i}@mail{i % 5}.example.org",
                CANARIES["name"] if special else f"Person Number{i}",
                CANARIES["phone"] if special else f"+44 7700 9{i:05d}"[:15],
                CANARIES["ip"] if special else f"198.51.100.{i % 250}",
                CANARIES["card"] if special else "",
                CANARIES["dob"] if special else f"19{60 + i % 30}-0{1 + i % 9}-1{i % 10}",
                "2020-01-01 10:00:00",
            )
        )
    return rows


def _tickets(n: int) -> list[tuple]:
    return [(i + 1, i % 40 + 1, f"Hello, my {CANARIES['text']} account {i} will not play films, please help me soon." if i % 7 == 0 else f"My subtitles are out of sync on film {i}, can you fix it please?") for i in range(n)]


SCHEMA = [
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT, phone TEXT, last_ip TEXT, card_number TEXT, date_of_birth TEXT, created_at TEXT)",
    "CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), body TEXT)",
]


@pytest.fixture(scope="module")
def canary_run(tmp_path_factory: pytest.TempPathFactory, pg_server: object) -> dict[str, object]:
    root = tmp_path_factory.mktemp("canary")
    lite = root / "canarylite.sqlite"
    conn = sqlite3.connect(lite)
    for stmt in SCHEMA:
        conn.execute(stmt)
    conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?)", _rows(40))
    conn.executemany("INSERT INTO tickets VALUES (?,?,?)", _tickets(60))
    conn.commit()
    conn.close()
    before = (hashlib.sha256(lite.read_bytes()).hexdigest(), lite.stat().st_mtime_ns)

    engine = create_database(pg_server, "canarydb")
    with engine.begin() as c:
        for stmt in SCHEMA:
            c.exec_driver_sql(stmt.replace("INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY"))
        c.exec_driver_sql("INSERT INTO customers VALUES " + ",".join(["(%s,%s,%s,%s,%s,%s,%s,%s)"] * 40), tuple(v for r in _rows(40) for v in r))
        c.exec_driver_sql("INSERT INTO tickets VALUES " + ",".join(["(%s,%s,%s)"] * 60), tuple(v for r in _tickets(60) for v in r))
        if not c.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{CANARY_USER}'").scalar():
            c.exec_driver_sql(f"CREATE ROLE {CANARY_USER} LOGIN PASSWORD '{CANARY_PASSWORD}'")
        c.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {CANARY_USER}")
        c.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {CANARY_USER}")
    engine.dispose()

    org = root / "org"
    shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
    out = root / "out"
    url = pg_server.url("canarydb", CANARY_USER, CANARY_PASSWORD)  # type: ignore[attr-defined]
    proc = run_suite_cli("--db", f"canarypg={url}", "--db", f"canarylite=sqlite:///{lite}", "--inventory", str(org), "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"out": out, "lite": lite, "before": before, "proc": proc, "log": Path(pg_server.logfile)}  # type: ignore[attr-defined]


def _encodings(value: str) -> set[str]:
    forms = {value, urllib.parse.quote(value), urllib.parse.quote_plus(value), html.escape(value), json.dumps(value)[1:-1]}
    if value.startswith("+"):
        forms.add(value.replace(" ", ""))
    return {f for f in forms if len(f) >= 6}


def _texts(out: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    texts[f"{path}!{name}"] = zf.read(name).decode("utf-8", "replace")
        elif path.suffix == ".png":
            texts[str(path)] = data.decode("latin-1")
        else:
            texts[str(path)] = data.decode("utf-8", "replace")
    return texts


def test_no_canary_in_any_output_or_console(canary_run: dict[str, object]) -> None:
    out = canary_run["out"]
    texts = _texts(out)  # type: ignore[arg-type]
    proc = canary_run["proc"]
    texts["stdout"], texts["stderr"] = proc.stdout, proc.stderr  # type: ignore[attr-defined]
    assert len(texts) > 30
    leaks = [(what, form, where) for what, value in CANARIES.items() for form in _encodings(value) for where, text in texts.items() if form in text]
    assert not leaks, leaks[:10]


def test_the_canary_columns_were_really_found(canary_run: dict[str, object]) -> None:
    columns = (canary_run["out"] / "scan" / "columns.csv").read_text(encoding="utf-8")  # type: ignore[operator]
    for source in ("canarypg", "canarylite"):
        assert f"{source},public,customers,email" in columns or f"{source},main,customers,email" in columns
    assert "user.contact.email" in columns and "user.device.ip_address" in columns


def test_sqlite_file_untouched_by_the_whole_suite(canary_run: dict[str, object]) -> None:
    lite: Path = canary_run["lite"]  # type: ignore[assignment]
    assert (hashlib.sha256(lite.read_bytes()).hexdigest(), lite.stat().st_mtime_ns) == canary_run["before"]


def test_postgres_statement_log_shows_only_reads(canary_run: dict[str, object]) -> None:
    log = canary_run["log"].read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
    statements = [line.split("statement:", 1)[1].strip() for line in log.splitlines() if f"user={CANARY_USER}" in line and "statement:" in line]
    assert statements, "the suite ran no statement as the read-only role"
    allowed = re.compile(r"^(SELECT|WITH|SHOW|BEGIN|COMMIT|ROLLBACK|SET |RESET|SAVEPOINT|RELEASE|FETCH|CLOSE|DECLARE \S+ (NO SCROLL )?CURSOR (WITH(OUT)? HOLD )?FOR (SELECT|WITH))", re.I)
    writes = [s for s in statements if not allowed.match(s)]
    assert not writes, writes[:5]
    assert not any(CANARY_PASSWORD in line for line in log.splitlines() if f"user={CANARY_USER}" in line)
