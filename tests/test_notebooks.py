"""The notebooks executed for real: papermill through `privacy-inventory run`, then nbval re-runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from privacy_inventory.render import remote_references

SUITE = ["01_scan", "02_data_map", "03_ropa", "04_dpia", "05_policy_gap", "06_changes"]


def test_committed_notebooks_are_thin_parameterised_and_stripped() -> None:
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        book = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in book["cells"] if c["cell_type"] == "code"]
        assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in code), path.name
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), f"{path.name} has outputs"
        steps = [c for c in code if "parameters" not in c.get("metadata", {}).get("tags", [])]  # the parameters cell only declares
        assert all(len("".join(c["source"]).splitlines()) <= 12 for c in steps), f"{path.name}: logic belongs in lib/"


def test_run_executes_every_notebook_and_renders_html_without_code(imvbox_run: Path) -> None:
    for name in SUITE:
        executed = imvbox_run / "notebooks" / f"{name}.ipynb"
        html = imvbox_run / f"{name}.html"
        assert executed.exists() and html.exists(), name
        text = html.read_text(encoding="utf-8")
        assert "run_scan_stage(" not in text and "from privacy_inventory" not in text, f"{name}.html shows code"
        assert not remote_references(text), remote_references(text)
        book = json.loads(executed.read_text(encoding="utf-8"))
        assert not any(o.get("output_type") == "error" for c in book["cells"] for o in c.get("outputs", []))


def test_run_writes_scan_data_map_and_ropa(imvbox_run: Path) -> None:
    expected = [
        "scan/columns.csv", "scan/integrations.csv", "scan/inventory.json",
        "data-map/data-map.graphml", "data-map/data-map.json", "data-map/data-map.svg", "data-map/data-map.png", "data-map/findings.json",
        "ropa/ropa.xlsx", "ropa/ropa.csv", "ropa/ropa.html",
    ]
    for rel in expected:
        assert (imvbox_run / rel).stat().st_size > 100, rel


def test_executed_notebooks_pass_nbval(imvbox_run: Path) -> None:
    notebooks = [str(imvbox_run / "notebooks" / f"{n}.ipynb") for n in SUITE]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), *notebooks],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]


def test_failing_cell_names_the_notebook_and_cell(tmp_path: Path) -> None:
    from conftest import run_suite_cli

    proc = run_suite_cli("--db", f"sqlite:///{tmp_path / 'missing.sqlite'}", "--out", str(tmp_path / "out"))
    assert proc.returncode != 0
    err = proc.stderr.strip().splitlines()[-1]
    assert "notebooks/01_scan.ipynb" in err and "cell" in err and "not found" in err, err
    assert "Traceback" not in proc.stderr


def test_bad_declarations_fail_before_any_notebook_with_file_and_line(tmp_path: Path) -> None:
    from conftest import run_suite_cli

    bad_inventory = tmp_path / "org"
    bad_inventory.mkdir()
    (bad_inventory / "activities.yaml").write_text("activities:\n  - key: x\n    legal_basis: consnt\n", encoding="utf-8")
    proc = run_suite_cli("--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--inventory", str(bad_inventory), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "activities.yaml:" in lines[0] and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "out" / "notebooks").exists()
