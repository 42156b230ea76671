"""Reproducible runs: two runs on the same inputs are byte-identical but for manifest.json, and a changed estate shows up as changes."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from conftest import ROOT, run_suite_cli


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_runs_on_the_same_inputs_are_byte_identical_but_the_manifest(imvbox_run: Path) -> None:
    before = _digests(imvbox_run)
    manifest_before = json.loads((imvbox_run / "manifest.json").read_text(encoding="utf-8"))
    proc = run_suite_cli("--out", str(imvbox_run))
    assert proc.returncode == 0, proc.stderr[-2000:]
    after = _digests(imvbox_run)
    assert set(before) == set(after)
    differ = sorted(k for k in before if before[k] != after[k])
    assert differ in ([], ["manifest.json"]), differ
    manifest = json.loads((imvbox_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"] == manifest_before["inputs"] and manifest["schema_fingerprints"] == manifest_before["schema_fingerprints"]
    assert {"started", "ended", "git_commit", "packages", "parameters"} <= set(manifest)
    assert not (imvbox_run.parent / f"{imvbox_run.name}.partial").exists()


def test_a_changed_estate_shows_its_changes_against_the_previous_assessment(imvbox_run: Path, imvbox_db: Path, tmp_path: Path) -> None:
    changed = tmp_path / "imvbox-changed.sqlite"
    shutil.copy(imvbox_db, changed)
    conn = sqlite3.connect(changed)
    conn.execute("DROP TABLE watch_later")
    conn.execute("CREATE TABLE loyalty_cards (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(id), holder_email TEXT, mobile TEXT)")
    conn.executemany("INSERT INTO loyalty_cards (account_id, holder_email, mobile) VALUES (?, ?, ?)", [(i, f"holder{i}@mail{i % 9}.example.com", f"+44 7700 9{i:05d}") for i in range(1, 60)])
    conn.commit()
    conn.close()
    out = tmp_path / "new"
    config = ROOT / "inventory" / "imvbox" / "app-config"
    proc = run_suite_cli("--db", f"imvbox=sqlite:///{changed}", "--inventory", str(ROOT / "inventory" / "imvbox"), "--config", f"imvbox-app={config}",
                         "--previous", str(imvbox_run), "--out", str(out))
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    changes = json.loads((out / "changes" / "changes.json").read_text(encoding="utf-8"))["changes"]
    seen = {(c["area"], c["change"], c["subject"]) for c in changes}
    assert ("tables", "added", "imvbox.loyalty_cards") in seen or any(c["area"] == "tables" and c["change"] == "added" and "loyalty_cards" in c["subject"] for c in changes), seen
    assert any(c["area"] == "tables" and c["change"] == "removed" and "watch_later" in c["subject"] for c in changes)
    assert any(c["area"] == "findings" and c["change"] == "opened" and "loyalty_cards" in json.dumps(c) for c in changes)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "06_changes.html" in index and "loyalty_cards" in (out / "06_changes.html").read_text(encoding="utf-8")
