"""The catalogue of bad inputs: each gives one line naming the input and what is wrong, a non-zero exit, no traceback.

Every entry point is covered: the command line, papermill parameters, YAML declarations, config files,
policy text, override files, database URLs and servers. The message each input gets is asserted, so
this file doubles as the documentation of those messages.
"""

from __future__ import annotations

import re
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

SECRET = "bad-input-secret-3141"


@dataclass(frozen=True)
class Case:
    """One bad input: how to build it, the command to run, and what the one-line error must say."""

    id: str
    build: Callable[[Path], list[str]]
    needles: tuple[str, ...]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _people_db(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
    conn.executemany("INSERT INTO users (email) VALUES (?)", [(f"u{i}@example.org",) for i in range(20)])
    conn.commit()
    conn.close()
    return path


def _org(tmp: Path) -> Path:
    """A copy of the canary organisation's declarations (a valid, small organisation)."""
    org = tmp / "org"
    shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
    return org


def _scan(*extra: str) -> Callable[[Path], list[str]]:
    return lambda tmp: ["scan", *extra, "--out", str(tmp / "out")]


def _config_file(name: str, content: bytes) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        path = tmp / name
        path.write_bytes(content)
        return ["scan", "--config", str(path), "--out", str(tmp / "out")]

    return build


def _decl(file: str, text: str) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        org = tmp / "org"
        shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
        (org / file).write_text(text, encoding="utf-8")
        return ["run", "--db", f"sqlite:///{_people_db(tmp / 'p.sqlite')}", "--inventory", str(org), "--out", str(tmp / "out")]

    return build


def _policy(content: bytes) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        org = tmp / "org"
        shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
        (org / "privacy-policy.md").write_bytes(content)
        return ["run", "--db", f"sqlite:///{_people_db(tmp / 'p.sqlite')}", "--inventory", str(org), "--out", str(tmp / "out")]

    return build


def _not_a_db(tmp: Path) -> list[str]:
    path = tmp / "notes.db"
    path.write_bytes(b"plain text, not SQLite\n" * 10)
    return ["scan", "--db", f"sqlite:///{path}", "--out", str(tmp / "out")]


def _empty_db(tmp: Path) -> list[str]:
    path = tmp / "empty.sqlite"
    sqlite3.connect(path).execute("PRAGMA user_version = 3").connection.close()
    return ["scan", "--db", f"sqlite:///{path}", "--out", str(tmp / "out")]


def _out_is_file(tmp: Path) -> list[str]:
    blocker = tmp / "blocker"
    blocker.write_text("x")
    return ["scan", "--db", f"sqlite:///{_people_db(tmp / 'p.sqlite')}", "--out", str(blocker / "out")]


def _run_out_is_file(tmp: Path) -> list[str]:
    blocker = tmp / "blocker"
    blocker.write_text("x")
    return ["run", "--db", f"sqlite:///{_people_db(tmp / 'p.sqlite')}", "--inventory", str(_org(tmp)), "--out", str(blocker / "out")]


def _missing_inventory(tmp: Path) -> list[str]:
    return ["run", "--inventory", str(tmp / "nowhere"), "--out", str(tmp / "out")]


def _no_db_for_other_org(tmp: Path) -> list[str]:
    return ["run", "--inventory", str(_org(tmp)), "--out", str(tmp / "out")]


CASES = [
    Case("refused-connection", lambda t: _scan("--db", f"crm=postgresql://u:{SECRET}@127.0.0.1:{_closed_port()}/crm")(t), ("crm", "connection refused")),
    Case("unknown-host", _scan("--db", f"shop=postgresql://u:{SECRET}@db.invalid/shop"), ("shop", "cannot connect")),
    Case("malformed-url", _scan("--db", f"x=postgres ql://u:{SECRET}@h/db"), ("x", "malformed database URL")),
    Case("unset-env-var", _scan("--db", "x=postgresql://u:${PI_SURELY_UNSET_VAR}@h/db"), ("x", "PI_SURELY_UNSET_VAR is not set")),
    Case("unknown-driver", _scan("--db", "x=nosuchdb://h/db"), ("x",)),
    Case("missing-sqlite-file", _scan("--db", "sqlite:////nonexistent/dir/gone.sqlite"), ("gone", "SQLite file not found")),
    Case("not-a-database", _not_a_db, ("notes", "not an SQLite database")),
    Case("empty-database", _empty_db, ("empty", "no tables")),
    Case("nothing-to-scan", _scan(), ("nothing to scan",)),
    Case("duplicate-source-names", _scan("--db", "a=sqlite:////x.db", "--db", "a=sqlite:////y.db"), ("a", "same name")),
    Case("bad-sample-size", _scan("--db", "sqlite:////x.db", "--sample-size", "many"), ("--sample-size", "not a whole number")),
    Case("negative-sample-size", _scan("--db", "sqlite:////x.db", "--sample-size", "-3"), ("--sample-size", "at least 0")),
    Case("unknown-command", lambda t: ["audit"], ("invalid choice",)),
    Case("scan-out-not-writable", _out_is_file, ("not writable",)),
    Case("run-out-not-writable", _run_out_is_file, ("not writable",)),
    Case("config-binary-garbage", _config_file("settings.yaml", bytes(range(256)) * 8), ("settings.yaml",)),
    Case("config-malformed-json", _config_file("app.json", b'{"stripe": {"key": "pk_live_x",}'), ("app.json",)),
    Case("config-malformed-toml", _config_file("pay.toml", b"[stripe\nkey = 1\n"), ("pay.toml",)),
    Case("config-unknown-format", _config_file("settings.xyz", b"stripe=1\n"), ("settings.xyz",)),
    Case("config-missing-path", _scan("--config", "/nonexistent/app-config"), ("/nonexistent/app-config",)),
    Case("yaml-duplicate-key", _decl("controller.yaml", "controller:\n  name: A\n  name: B\n"), ("controller.yaml:3", "duplicate")),
    Case("yaml-wrong-type", _decl("activities.yaml", "activities:\n  - key: a\n    name: A\n    purposes: essential.service\n    legal_basis: contract\n    data_subjects: [customer]\n"), ("activities.yaml:",)),
    Case("yaml-unknown-legal-basis", _decl("activities.yaml", "activities:\n  - key: a\n    name: A\n    purposes: [essential.service]\n    legal_basis: consnt\n    data_subjects: [customer]\n"), ("activities.yaml:5", "legal_basis")),
    Case("yaml-malformed", _decl("recipients.yaml", "recipients:\n  - key: [unclosed\n"), ("recipients.yaml:",)),
    Case("dpia-overrides-malformed", _decl("dpia.yaml", "risks:\n  - key: x\n    severity: 9\n"), ("dpia.yaml",)),
    Case("empty-policy", _policy(b""), ("privacy-policy.md", "empty")),
    Case("binary-policy", _policy(bytes(range(256)) * 10), ("privacy-policy.md",)),
    Case("policy-in-another-language", _policy("Wir erheben Ihre Daten. Wir geben Ihre Daten nicht an Dritte weiter. Sie haben das Recht auf Auskunft.\n".encode()), ("privacy-policy.md", "no English")),
    Case("inventory-dir-missing", _missing_inventory, ("nowhere", "not found")),
    Case("no-database-for-own-org", _no_db_for_other_org, ("no database given",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gives_one_line_and_non_zero_exit(case: Case, tmp_path: Path) -> None:
    args = case.build(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", *args], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode != 0, proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("privacy-inventory: error:")]
    progress = re.compile(r"^(running \S+\.ipynb|  \S+\.ipynb: [\d.]+ s)$")
    other = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("privacy-inventory:") and not progress.match(line) and "WARNING" not in line]
    assert len(errors) == 1, proc.stderr[-2000:]
    assert not other, other[:5]
    assert "Traceback" not in proc.stderr and SECRET not in proc.stderr + proc.stdout
    for needle in case.needles:
        assert needle in errors[0], errors[0]


def test_catalogue_has_at_least_25_entries() -> None:
    assert len(CASES) >= 25 and len({c.id for c in CASES}) == len(CASES)


def test_debug_flag_shows_the_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", "--debug", "scan", "--db", "x=postgres ql://h/db", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "Traceback" in proc.stderr
