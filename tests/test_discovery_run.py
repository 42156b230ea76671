"""`run --db X` without --inventory assesses that organisation alone: drafts from its own scan, no IMVBox anywhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _imvbox_words() -> set[str]:
    """'imvbox' and the names and keys of IMVBox's recipients that the practice does not use."""
    from support.praxis import VENDORS

    recipients = yaml.safe_load((ROOT / "inventory" / "imvbox" / "recipients.yaml").read_text())["recipients"]
    words = {"imvbox"} | {r["key"] for r in recipients if r["key"] not in VENDORS} | {r["name"] for r in recipients if r["key"] not in VENDORS}
    return {w.lower() for w in words if len(w) > 3}


def _texts(out: Path) -> dict[str, str]:
    """Every output file as text (XLSX unzipped; PDF through pdftotext when it is installed)."""
    texts = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[rel] = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".pdf":
            proc = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True) if _has("pdftotext") else None
            texts[rel] = proc.stdout if proc else path.read_bytes().decode("latin-1")
        elif path.suffix == ".png":
            continue
        else:
            texts[rel] = path.read_bytes().decode("utf-8", "replace")
    return texts


def _has(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None


@pytest.fixture(scope="module")
def discovery(praxis: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    db, app = praxis
    work = tmp_path_factory.mktemp("discovery")
    (work / "praxis.sqlite").write_bytes(db.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PRIVACY_INVENTORY_OUT"}
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", "run", "--db", "sqlite:///praxis.sqlite", "--config", str(app), "--org", "Zahnarztpraxis Lindenhof",
                           "--exclude", "procedure_catalogue", "--exclude", "main.patients.insurer"],
                          capture_output=True, text=True, timeout=1800, cwd=work, env=env)
    return proc, work


def test_discovery_run_names_the_organisation_and_marks_drafts(discovery: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, work = discovery
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = work / "reports" / "zahnarztpraxis-lindenhof"  # ./reports/<org> where the user stands
    assert out.is_dir() and not list(work.glob("reports/*.partial"))
    index = (out / "index.html").read_text()
    assert "<title>Privacy assessment: Zahnarztpraxis Lindenhof" in index and "draft, not confirmed" in index
    rows = (out / "ropa" / "ropa.csv").read_text()
    assert rows.count("draft, not confirmed") >= 5
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["inventory_dir"].endswith("zahnarztpraxis-lindenhof/draft-inventory")
    assert [d.split("=")[0] for d in manifest["parameters"]["databases"]] == ["praxis"]
    assert manifest["parameters"]["exclude"] == ["main.patients.insurer", "procedure_catalogue"] and manifest["parameters"]["include"] == []
    columns = (out / "scan" / "columns.csv").read_text()
    assert "procedure_catalogue" not in columns and ",insurer," not in columns and ",insurance_number," in columns
    assert (out / "draft-inventory" / "activities.yaml").is_file()


def test_no_word_of_imvbox_in_any_output(discovery: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, work = discovery
    out = work / "reports" / "zahnarztpraxis-lindenhof"
    words = _imvbox_words()
    found = {rel: sorted(w for w in words if re.search(rf"\b{re.escape(w)}\b", text, re.I)) for rel, text in _texts(out).items()}
    found = {rel: ws for rel, ws in found.items() if ws}
    assert not found, found
    assert "imvbox" not in (proc.stdout + proc.stderr).lower()


def test_executed_notebooks_name_the_final_directory(discovery: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, work = discovery
    out = work / "reports" / "zahnarztpraxis-lindenhof"
    notebooks = sorted((out / "notebooks").glob("*.ipynb"))
    assert notebooks
    for nb in notebooks:
        text = nb.read_text()
        assert ".partial" not in text, nb.name
        assert str(out) in text or "zahnarztpraxis-lindenhof" in text
