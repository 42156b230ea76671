"""Safety, data loss: an output path is never an input, nor someone else's folder, and one run writes it at a time.

Every refusal must be one line, exit status 2, and leave every file of the inputs byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from privacy_inventory.cli import main
from privacy_inventory.errors import InventoryError
from privacy_inventory.out_guard import output_lock


def _tree(root: Path) -> dict[str, str]:
    """Every file and directory under root with a hash of its content: what 'touching nothing' compares."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        out[rel] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _org(tmp: Path) -> Path:
    """A small organisation: declarations, a policy and its own SQLite database, all inside one folder."""
    org = tmp / "org"
    shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
    conn = sqlite3.connect(org / "shop.sqlite")
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
    conn.executemany("INSERT INTO customers (email) VALUES (?)", [(f"c{i}@example.org",) for i in range(10)])
    conn.commit()
    conn.close()
    return org


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    code = main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err and "internal error" not in err, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.mark.parametrize("where", ["same", "inside", "parent"])
def test_run_out_never_an_input_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    org = _org(tmp_path)
    out = {"same": org, "inside": org / "reports", "parent": tmp_path}[where]
    before = _tree(tmp_path)
    _refused(["run", "--db", f"sqlite:///{org / 'shop.sqlite'}", "--inventory", str(org), "--out", str(out)], capsys, "--out", "--inventory")
    assert _tree(tmp_path) == before


def test_run_out_never_the_database_or_policy_or_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    db = tmp_path / "data" / "crm.sqlite"
    db.parent.mkdir()
    shutil.copy(org / "shop.sqlite", db)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "app.yaml").write_text("stripe:\n  enabled: true\n", encoding="utf-8")
    policy = tmp_path / "policy.md"
    policy.write_text("# Privacy policy\nWe collect your email.\n", encoding="utf-8")
    before = _tree(tmp_path)
    base = ["run", "--inventory", str(org), "--db", f"sqlite:///{db}", "--config", str(conf), "--policy", str(policy)]
    _refused([*base, "--out", str(db.parent)], capsys, "contains --db")
    _refused([*base, "--out", str(db)], capsys, "--db")
    _refused([*base, "--out", str(conf / "out")], capsys, "inside --config")
    _refused([*base, "--out", str(policy)], capsys, "--policy")
    assert _tree(tmp_path) == before


def test_run_out_never_the_previous_assessment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    prev = tmp_path / "prev"
    prev.mkdir()
    (prev / "manifest.json").write_text('{"tool": "privacy-inventory"}\n', encoding="utf-8")
    before = _tree(tmp_path)
    _refused(["run", "--inventory", str(org), "--previous", str(prev), "--out", str(prev)], capsys, "--previous")
    assert _tree(tmp_path) == before


def test_run_out_existing_file_or_foreign_directory_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    home = tmp_path / "documents"
    home.mkdir()
    (home / "thesis.docx").write_bytes(b"precious")
    before = _tree(tmp_path)
    _refused(["run", "--inventory", str(org), "--out", str(notes)], capsys, "existing file")
    _refused(["run", "--inventory", str(org), "--out", str(home)], capsys, "not an assessment")
    assert _tree(tmp_path) == before


def test_run_foreign_partial_or_old_beside_output_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The staging (`OUT.partial`) and backup (`OUT.old`) names are removed only when this tool made them."""
    org = _org(tmp_path)
    for suffix in (".partial", ".old"):
        theirs = tmp_path / f"out{suffix}"
        theirs.mkdir()
        (theirs / "keep.txt").write_text("not yours\n", encoding="utf-8")
        before = _tree(tmp_path)
        _refused(["run", "--inventory", str(org), "--out", str(tmp_path / "out")], capsys, "not written by privacy-inventory")
        assert _tree(tmp_path) == before
        shutil.rmtree(theirs)


def test_run_out_symlink_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    _refused(["run", "--inventory", str(org), "--out", str(tmp_path / "link")], capsys, "symbolic link")


def test_scan_out_never_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "app.env").write_text("MAILGUN_DOMAIN=mg.example.org\n", encoding="utf-8")
    review = tmp_path / "overrides.yaml"
    review.write_text("decisions: []\n", encoding="utf-8")
    before = _tree(tmp_path)
    db = f"sqlite:///{org / 'shop.sqlite'}"
    _refused(["scan", "--db", db, "--out", str(org)], capsys, "contains --db")
    _refused(["scan", "--db", db, "--out", str(org / "shop.sqlite")], capsys, "--db")
    _refused(["scan", "--config", str(conf), "--out", str(conf / "scan")], capsys, "inside --config")
    _refused(["scan", "--config", str(conf / "app.env"), "--out", str(conf / "app.env")], capsys, "--config")
    _refused(["scan", "--db", db, "--review", str(review), "--out", str(review)], capsys, "--review")
    _refused(["scan", "--db", db, "--out", str(tmp_path / "overrides.yaml")], capsys)
    assert _tree(tmp_path) == before


def test_diff_out_never_an_assessment_it_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for d in (old, new):
        (d / "scan").mkdir(parents=True)
        (d / "scan" / "inventory.json").write_text('{"sources": []}\n', encoding="utf-8")
    before = _tree(tmp_path)
    _refused(["diff", str(old), str(new), "--out", str(new)], capsys, "NEW")
    _refused(["diff", str(old), str(new), "--out", str(old / "scan")], capsys, "inside OLD")
    _refused(["diff", str(old), str(new), "--out", str(old / "scan" / "inventory.json")], capsys)
    assert _tree(tmp_path) == before
    assert main(["diff", str(old), str(new), "--out", str(tmp_path / "report")]) == 0
    assert (tmp_path / "report" / "changes" / "changes.json").is_file()


def test_second_writer_to_the_same_out_refuses_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    out = tmp_path / "out"
    with output_lock(out):
        before = _tree(tmp_path)
        _refused(["scan", "--db", f"sqlite:///{org / 'shop.sqlite'}", "--out", str(out)], capsys, "another privacy-inventory process")
        _refused(["run", "--inventory", str(org), "--out", str(out)], capsys, "another privacy-inventory process")
        assert _tree(tmp_path) == before
    assert main(["scan", "--db", f"sqlite:///{org / 'shop.sqlite'}", "--out", str(out)]) == 0


def test_lock_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from privacy_inventory.out_guard import output_lock\n"
        "with output_lock(Path(sys.argv[1])):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        with pytest.raises(InventoryError, match="another privacy-inventory process"):
            with output_lock(out):
                pass
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    with output_lock(out) as lock:
        assert lock.name == ".out.lock"


def test_run_into_an_earlier_assessment_is_allowed(tmp_path: Path) -> None:
    """The guard refuses only what is unsafe: an earlier assessment (it has our manifest) or an empty folder passes."""
    from privacy_inventory.out_guard import check_target

    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "manifest.json").write_text('{"tool": "privacy-inventory"}\n', encoding="utf-8")
    (earlier / "index.html").write_text("<html></html>\n", encoding="utf-8")
    check_target(earlier, replaces=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    check_target(empty, replaces=True)
    check_target(tmp_path / "new", replaces=True)


def test_demo_out_replaces_only_an_earlier_demo_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    notes = tmp_path / "notes.md"
    notes.write_text("# mine\n", encoding="utf-8")
    before = _tree(tmp_path)
    _refused(["demo", "--out", str(notes)], capsys, "not a demo database")
    _refused(["demo", "--out", str(org / "shop.sqlite")], capsys, "not a demo database")
    assert _tree(tmp_path) == before
    demo = tmp_path / "demo.sqlite"
    assert main(["demo", "--out", str(demo)]) == 0
    assert main(["demo", "--out", str(demo), "--seed", "7"]) == 0  # an earlier demo database may be rebuilt
