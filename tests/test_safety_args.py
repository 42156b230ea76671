"""Safety, arguments: every value is checked before anything runs; nan, inf, negative or empty values get one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from privacy_inventory.cli import build_parser, main


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err.strip()
    assert info.value.code == 2, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "-1", "0", "0.0", "-0", "1e309", "90000", "ten", ""])
@pytest.mark.parametrize("command", ["scan", "run"])
def test_timeout_must_be_finite_positive_seconds(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, value: str) -> None:
    _usage_error([command, "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--timeout", value, "--out", str(tmp_path / "o")], capsys, "--timeout")
    assert not (tmp_path / "o").exists()


def test_good_timeouts_accepted() -> None:
    for value, seconds in (("0.5", 0.5), ("30", 30.0), ("86400", 86400.0)):
        assert build_parser().parse_args(["scan", "--db", "sqlite:///x", "--timeout", value, "--out", "o"]).timeout == seconds


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", "--config", "", "--out", "{o}"],
        ["scan", "--config", "  ", "--out", "{o}"],
        ["scan", "--config", "app=", "--out", "{o}"],
        ["scan", "--db", "", "--out", "{o}"],
        ["scan", "--db", "crm=", "--out", "{o}"],
        ["scan", "--db", "sqlite:///x.sqlite", "--out", ""],
        ["scan", "--db", "sqlite:///x.sqlite", "--schema", "", "--out", "{o}"],
        ["scan", "--db", "sqlite:///x.sqlite", "--review", "", "--out", "{o}"],
        ["scan", "--db", "sqlite:///x.sqlite", "--executor", "dask", "--scheduler", "", "--out", "{o}"],
        ["run", "--inventory", "", "--out", "{o}"],
        ["run", "--policy", "", "--out", "{o}"],
        ["run", "--previous", "", "--out", "{o}"],
        ["run", "--out", ""],
        ["diff", "", "{o}"],
        ["diff", "{o}", "{o}", "--out", ""],
        ["demo", "--out", ""],
        ["scan", "--db", "sqlite:///x.sqlite", "--sample-size", "-1", "--out", "{o}"],
        ["scan", "--db", "sqlite:///x.sqlite", "--jobs", "0", "--out", "{o}"],
    ],
)
def test_empty_or_impossible_values_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    out = str(tmp_path / "o")
    _usage_error([a.replace("{o}", out) for a in argv], capsys)
    assert not (tmp_path / "o").exists()


def test_empty_config_never_scans_the_working_directory(tmp_path: Path) -> None:
    """`--config ''` once meant '.', the whole working directory: now the command stops before reading anything."""
    (tmp_path / "app.env").write_text("STRIPE_SECRET_KEY=sk_live_0123456789abcdefghijklmn\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", "scan", "--config", "", "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, env={"PYTHONPATH": str(ROOT / "lib"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2 and "--config: must not be empty" in proc.stderr, proc.stderr
    assert not (tmp_path / "o").exists()


def test_url_with_two_at_signs_asks_for_percent_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--db", "crm=postgresql://bob:Ab@cd@127.0.0.1/crm", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert "%40" in err and "Ab@cd" not in err and "cd@127" not in err, err
