"""Smoke tests of the benchmark scripts on a tiny estate: each runs in a subprocess and prints its figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TINY = ["--tables", "5", "--columns", "6", "--rows", "50"]
sys.path.insert(0, str(BENCH))


def _run(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def _result(stdout: str) -> dict:
    lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    assert len(lines) == 1, stdout
    return json.loads(lines[0][len("RESULT "):])


def test_estate_writes_database_and_truth(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    done = _run("estate.py", *TINY, "--out", str(db))
    assert done.returncode == 0, done.stderr
    doc = json.loads(db.with_suffix(".truth.json").read_text())
    truth = doc["truth"]
    assert len(truth) == 5 * 6
    assert any(v for v in truth.values()) and any(v is None for v in truth.values())
    import sqlite3

    con = sqlite3.connect(db)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    assert all(con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] == 50 for n in names)
    con.close()
    assert sorted({k.split(".")[0] for k in truth}) == names


def test_estate_is_deterministic_and_uses_fideslang_categories(tmp_path: Path) -> None:
    from estate import plan_estate, truth_of
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    first, again, other = truth_of(plan_estate(40, 12, seed=3)), truth_of(plan_estate(40, 12, seed=3)), truth_of(plan_estate(40, 12, seed=4))
    assert first == again and first != other
    known = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    assert {v for v in first.values() if v} <= known


def test_estate_rejects_bad_shape(tmp_path: Path) -> None:
    done = _run("estate.py", "--tables", "0", "--columns", "6", "--rows", "5", "--out", str(tmp_path / "x.sqlite"))
    assert done.returncode == 2 and "must be" in done.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_score_counts_and_category_compatibility() -> None:
    from score import score

    truth = {"t.a": "user.contact.email", "t.b": None, "t.c": "user.name.first", "t.d": "user.contact.address.city"}
    found = {"t.a": "user.contact.email", "t.b": "user.device", "t.d": "user.contact.address"}
    s = score(truth, found)
    assert (s.tp, s.fp, s.fn, s.tn) == (2, 1, 1, 0)
    assert s.precision == pytest.approx(2 / 3, abs=1e-3) and s.recall == pytest.approx(2 / 3, abs=1e-3)
    assert s.category_exact == pytest.approx(1 / 3, abs=1e-3) and s.category_compatible == pytest.approx(2 / 3, abs=1e-3)
    assert score(truth, {}, categories=False).recall == 0.0


def test_scan_speed_prints_figures(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    done = _run("scan_speed.py", *TINY, "--json", str(results))
    assert done.returncode == 0, done.stderr
    for label in ("columns/s", "peak RSS", "precision", "recall"):
        assert label in done.stdout
    figures = _result(done.stdout)
    assert figures["scanned_columns"] == 30 and figures["wall_s"] > 0 and figures["peak_rss_mib"] > 0
    assert 0 <= figures["precision"] <= 1 and figures["recall"] > 0.5
    assert json.loads(results.read_text())[0]["tables"] == 5


def test_speed_vs_reference_compares_with_the_reference_code_beside_it(tmp_path: Path) -> None:
    """The reference commit's own scan_speed.py and this tree's, on one estate; ratios only (no absolute claim at this size)."""
    from speed_vs_reference import REFERENCE

    known = subprocess.run(["git", "cat-file", "-e", f"{REFERENCE}^{{commit}}"], cwd=ROOT, capture_output=True)
    if known.returncode != 0:
        pytest.skip(f"reference commit {REFERENCE} not in this clone (shallow?)")
    done = _run("speed_vs_reference.py", *TINY, "--workdir", str(tmp_path), "--rounds", "1", "--jobs", "1", timeout=240)
    assert done.returncode == 0, done.stderr
    figures = _result(done.stdout)
    assert figures["reference"] == REFERENCE and figures["reference_here"] > 0
    mine = figures["this_tree"]["--jobs 1"]
    assert mine["columns_per_s"] > 0 and mine["ratio"] > 0 and "on_reference_machine" not in mine  # not the reference's shape
    listed = subprocess.run(["git", "worktree", "list"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "pi-ref-" not in listed  # its temporary worktree is gone


def test_scan_speed_rejects_bad_arguments() -> None:
    done = _run("scan_speed.py", "--tables", "5", "--columns", "1", "--rows", "5")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_plot_draws_png_from_results(tmp_path: Path) -> None:
    runs = [{"dialect": "sqlite", "tables": t, "columns": 20, "rows": 1000, "sample_size": 200, "wall_s": t / 50,
             "peak_rss_mib": 150 + t / 10, "columns_per_s": 1000} for t in (10, 100)]
    runs += [{"dialect": d, "tables": 10, "columns": 20, "rows": r, "sample_size": 200, "wall_s": 0.5,
              "peak_rss_mib": 150, "columns_per_s": 400} for d in ("sqlite", "postgresql") for r in (1000, 100000)]
    (tmp_path / "r.json").write_text(json.dumps(runs))
    done = _run("plot.py", "--results", str(tmp_path / "r.json"), "--out", str(tmp_path / "s.png"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "s.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "3 curves" in done.stdout
    bad = _run("plot.py", "--results", str(tmp_path / "missing.json"), "--out", str(tmp_path / "t.png"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_compare_piicatcher_runs_our_side_and_piicatcher_when_installed(tmp_path: Path) -> None:
    venv = BENCH / ".piicatcher-venv"
    args = [*TINY, "--venv", str(venv if (venv / "bin" / "piicatcher").exists() else tmp_path / "no-venv")]
    done = _run("compare_piicatcher.py", *args, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ours default" in done.stdout and "ours name-only" in done.stdout
    report = _result(done.stdout)
    assert report["ours_default"]["recall"] > 0.5
    if not (venv / "bin" / "piicatcher").exists():
        assert "piicatcher: SKIPPED" in done.stdout
        pytest.skip("piicatcher venv not installed (bench/setup_piicatcher.sh); our side ran")
    assert "wall-time ratio" in done.stdout
    assert 0 <= report["piicatcher_data"]["precision"] <= 1 and report["piicatcher_metadata"]["ratio_vs_ours"] > 0


def test_tree_rss_counts_child_processes_and_rejects_bad_commands() -> None:
    child = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'x = bytearray(64 << 20); import time; time.sleep(0.6)'])"
    done = _run("tree_rss.py", "--interval", "0.05", "--", sys.executable, "-c", child)
    assert done.returncode == 0, done.stderr
    figures = _result(done.stderr)
    assert figures["max_processes"] >= 2 and figures["peak_tree_rss_mib"] >= 64
    assert figures["peak_tree_rss_mib"] >= figures["peak_single_rss_mib"] and figures["peak_tree_pss_mib"] > 0
    missing = _run("tree_rss.py", "--", "/nonexistent/command")
    assert missing.returncode == 127 and "cannot run" in missing.stderr and "Traceback" not in missing.stderr
    empty = _run("tree_rss.py")
    assert empty.returncode == 2 and "Traceback" not in empty.stderr
