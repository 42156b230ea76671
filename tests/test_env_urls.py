"""`${VAR}` in database URLs: one expansion (nested, repeated) shared by scan, run, init and the notebooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from privacy_inventory.errors import InventoryError
from privacy_inventory.run import url_parameters
from privacy_inventory.scan.sources import braced, expand_env, parse_source


def test_nested_and_repeated_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PI_USER", "reader")
    monkeypatch.setenv("PI_PASS", "s3cr$t")  # a bare $ inside a value stays literal
    monkeypatch.setenv("PI_HOST", "db.${PI_ZONE}")
    monkeypatch.setenv("PI_ZONE", "internal")
    monkeypatch.setenv("PI_URL", "postgresql://${PI_USER}:${PI_PASS}@${PI_HOST}/crm_${PI_USER}")
    text, used = expand_env("${PI_URL}", "crm")
    assert text == "postgresql://reader:s3cr$t@db.internal/crm_reader"
    assert "s3cr$t" in used
    assert expand_env("cost $$5 for $PI_USER", "x")[0] == "cost $5 for reader"


def test_unset_and_looping_variables_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PI_MISSING", raising=False)
    with pytest.raises(InventoryError, match="PI_MISSING is not set"):
        expand_env("postgresql://u:${PI_MISSING}@h/d", "crm")
    monkeypatch.setenv("PI_A", "x${PI_B}")
    monkeypatch.setenv("PI_B", "y${PI_A}")
    with pytest.raises(InventoryError, match="refers to itself") as err:
        expand_env("${PI_A}", "crm")
    assert "x" not in err.value.message.split("(")[0].replace("itself", "")


@pytest.mark.parametrize("raw", [
    "crm=postgresql://reader:${PI_PASS}@db/crm",
    "crm=postgresql://$PI_USER:${PI_PASS}@db/crm",
    "postgresql://${PI_USER}:${PI_PASS}@${PI_HOST}/crm",
    "crm=${PI_URL}",
])
def test_run_passes_urls_that_the_notebooks_expand_exactly_as_scan_does(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for var, value in {"PI_USER": "reader", "PI_PASS": "pw$x", "PI_HOST": "db.${PI_ZONE}", "PI_ZONE": "lan",
                       "PI_URL": "postgresql://${PI_USER}:${PI_PASS}@${PI_HOST}/crm"}.items():
        monkeypatch.setenv(var, value)
    direct = parse_source(raw)  # what `scan` and `init` do
    env: dict[str, str] = {}
    (param,) = url_parameters([raw], env)  # what `run` writes into the notebooks: no URL, no password
    assert "pw" not in param and "reader" not in param
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    in_kernel = parse_source(param)  # what the notebooks do with it
    assert in_kernel.name == direct.name
    assert in_kernel.url.render_as_string(hide_password=False) == direct.url.render_as_string(hide_password=False)
    assert braced("$A ${B} $$") == "${A} ${B} $$"


def test_init_expands_a_nested_variable_and_resolves_paths_from_the_current_directory(praxis: tuple[Path, Path], tmp_path: Path) -> None:
    db, app = praxis
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    (work / "data" / "praxis.sqlite").write_bytes(db.read_bytes())
    env = {"PI_DB_FILE": "${PI_DB_DIR}/praxis.sqlite", "PI_DB_DIR": "data"}
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", "init", "myorg", "--db", "praxis=sqlite:///${PI_DB_FILE}", "--config", str(app)],
                          capture_output=True, text=True, timeout=600, cwd=work, env={**__import__("os").environ, **env})
    assert proc.returncode == 0, proc.stderr
    assert (work / "myorg" / "activities.yaml").is_file()
    assert "praxis.invoices" in (work / "myorg" / "activities.yaml").read_text()
