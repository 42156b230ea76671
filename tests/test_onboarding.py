"""`init` drafts an organisation's own declared inventory from its scan, marks every draft, never overwrites edits."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.models import Inventory
from privacy_inventory.onboarding import group_tables, write_starter
from privacy_inventory.ropa.record import DRAFT, build_ropa
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.estate import scan_estate
from privacy_inventory.scan.executors import FanOut
from privacy_inventory.scan.sources import parse_source

ROOT = Path(__file__).resolve().parents[1]


def _scan(db: Path, app: Path | None = None) -> Inventory:
    return scan_estate([parse_source(f"praxis=sqlite:///{db}")], [str(app)] if app else [], ScanOptions(progress=False), FanOut())


@pytest.fixture(scope="module")
def praxis_inventory(praxis: tuple[Path, Path]) -> Inventory:
    return _scan(*praxis)


def test_tables_grouped_by_what_they_hold_and_their_references(praxis_inventory: Inventory) -> None:
    groups = {c.kind.key: sorted(t.name for _, t in c.tables) for c in group_tables(praxis_inventory)}
    assert groups["care"] == ["appointments", "patients", "recall_reminders", "treatments"]  # reminders: by their foreign key
    assert groups["payments"] == ["invoices"]
    assert groups["hr"] == ["shifts", "staff"]
    assert groups["marketing"] == ["newsletter_subscribers"]
    assert groups["accounts"] == ["portal_logins"]
    assert "procedure_catalogue" not in {t for ts in groups.values() for t in ts}  # no personal data


def test_init_writes_drafts_that_load_and_are_marked(praxis_inventory: Inventory, tmp_path: Path) -> None:
    result = write_starter(tmp_path / "org", praxis_inventory, "Zahnarztpraxis Lindenhof")
    assert sorted(result.written) == ["README.md", "activities.yaml", "controller.yaml", "dpia.yaml", "recipients.yaml"]
    decl = load_declarations(tmp_path / "org")
    assert decl.controller is not None and decl.controller.draft and decl.controller.name == "Zahnarztpraxis Lindenhof"
    assert decl.activities and all(a.draft for a in decl.activities)
    care = decl.activity("care")
    assert care is not None and care.art9_condition == "h" and care.data_subjects == ["patient"]
    assert {r.key: (r.country, r.role, r.draft) for r in decl.recipients} == {
        "brevo": ("FR", "processor", True), "mollie": ("NL", "processor", True), "sentry": ("US", "processor", True)}
    assert decl.activity("payments").recipients == ["mollie"] and decl.activity("marketing").recipients == ["brevo"]
    activities = (tmp_path / "org" / "activities.yaml").read_text()
    assert activities.count("legal_basis:") == activities.count("# DRAFT: choose one:") == len(decl.activities)
    assert "TO FILL" in (tmp_path / "org" / "controller.yaml").read_text()
    assert yaml.safe_load((tmp_path / "org" / "dpia.yaml").read_text()) == {"risks": [], "screening": []}
    ropa = build_ropa(praxis_inventory, decl)
    assert {e.status for e in ropa.entries} == {DRAFT}
    assert DRAFT in ropa.controller and any(f.kind == "missing_contact" for f in ropa.findings)
    for name in result.written:
        assert "imvbox" not in (tmp_path / "org" / name).read_text().lower()


def test_rerun_never_overwrites_and_reports_what_is_not_covered(praxis: tuple[Path, Path], tmp_path: Path) -> None:
    db, app = praxis
    copy = tmp_path / "praxis.sqlite"
    copy.write_bytes(db.read_bytes())
    org = tmp_path / "org"
    write_starter(org, _scan(copy, app), "Praxis")
    edited = (org / "activities.yaml").read_text().replace("legal_basis: contract", "legal_basis: legal_obligation", 1)
    (org / "activities.yaml").write_text(edited)
    (org / "controller.yaml").unlink()
    before = {p.name: p.read_bytes() for p in org.iterdir()}
    with sqlite3.connect(copy) as con:
        con.execute("CREATE TABLE job_applicants (id INTEGER PRIMARY KEY, full_name TEXT, email TEXT)")
        con.executemany("INSERT INTO job_applicants VALUES (?, ?, ?)", [(i, f"Bewerber{i} Name", f"bewerber{i}@mail.example") for i in range(1, 30)])
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", "init", str(org), "--db", f"praxis=sqlite:///{copy}", "--config", str(app), "--org", "Praxis"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert {p.name: p.read_bytes() for p in org.iterdir() if p.name != "controller.yaml"} == before  # edits kept byte for byte
    assert (org / "controller.yaml").is_file()  # only the missing file is written
    assert "wrote controller.yaml" in proc.stdout and "kept as they are" in proc.stdout
    assert "praxis.job_applicants" in proc.stdout  # the new table no activity names yet


def test_init_with_no_database_is_one_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", "init", "somewhere"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "--db" in proc.stderr


def test_guided_start_notebook_connects_scans_and_drafts(praxis: tuple[Path, Path], tmp_path: Path) -> None:
    import json

    import papermill as pm

    db, app = praxis
    out = tmp_path / "00_start.ipynb"
    params = {"databases": [f"praxis=sqlite:///{db}", "broken=postgresql://nobody:${PI_UNSET_PW}@127.0.0.1:1/x"], "configs": [str(app)],
              "inventory_dir": str(tmp_path / "myorg"), "org": "Zahnarztpraxis Lindenhof"}
    pm.execute_notebook(str(ROOT / "notebooks" / "00_start.ipynb"), str(out), parameters=params, kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    book = json.loads(out.read_text())
    text = json.dumps(book)
    assert not any(o.get("output_type") == "error" for c in book["cells"] for o in c.get("outputs", []))
    assert "connected read-only (sqlite)" in text and "PI_UNSET_PW is not set" in text  # one line per source, no password
    assert load_declarations(tmp_path / "myorg").controller.name == "Zahnarztpraxis Lindenhof"
    assert "privacy-inventory run --inventory" in text
