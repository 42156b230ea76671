"""Side by side with piicatcher on the same SQLite estate: wall time and precision/recall of each tool.

Run: .venv/bin/python bench/compare_piicatcher.py --tables 20 --columns 10 --rows 1000
piicatcher lives in its own venv (bench/setup_piicatcher.sh); without it only our side runs and piicatcher is SKIPPED.
Pairs compared on the same work: our default scan (values sampled) vs piicatcher's data mode, and our
name-only scan (sample_size=0) vs piicatcher's metadata mode.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scan_speed import make_sqlite, scan_once  # noqa: E402
from score import Score, found_by_scan, score  # noqa: E402

DEFAULT_VENV = HERE / ".piicatcher-venv"
# goog-stats (piicatcher's telemetry) reads $XDG_CONFIG_HOME/goog-stats/config.json; collection_status false = off.
TELEMETRY_OFF = {"collection_status": False, "api_url": "http://127.0.0.1:9/", "api_version": "1", "t": "pageview",
                 "ul": "en", "tid": "disabled", "cid": "disabled"}


class Piicatcher:
    """piicatcher's CLI in its own venv, with a private catalog, HOME and telemetry turned off."""

    def __init__(self, venv: Path, home: Path, timeout_s: float) -> None:
        self.exe = venv / "bin" / "piicatcher"
        self.catalog = home / "catalog.db"
        self.timeout_s = timeout_s
        (home / "xdg" / "goog-stats").mkdir(parents=True, exist_ok=True)
        (home / "xdg" / "goog-stats" / "config.json").write_text(json.dumps(TELEMETRY_OFF), encoding="utf-8")
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "XDG_CONFIG_HOME": str(home / "xdg"),
                    "PYTHONWARNINGS": "ignore", "LANG": "C.UTF-8"}

    def run(self, *args: str) -> tuple[str, float]:
        """Run one piicatcher command; returns stdout and wall seconds; a failure stops the comparison with its stderr."""
        started = time.perf_counter()
        done = subprocess.run([str(self.exe), "--catalog-path", str(self.catalog), *args], env=self.env,
                              capture_output=True, text=True, timeout=self.timeout_s)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"piicatcher {' '.join(args[:2])} failed (exit {done.returncode}): {done.stderr.strip()[-1500:]}")
        return done.stdout, wall

    def detect(self, source: str, scan_type: str, sample_size: int) -> tuple[dict[str, str | None], float]:
        """`table.column` -> piicatcher's PII type (None when it found none), and the wall time of the detect command."""
        out, wall = self.run("--output-format", "json", "detect", "--source-name", source, "--scan-type", scan_type,
                             "--list-all", "--no-incremental", "--sample-size", str(sample_size))
        doc = json.loads(out[out.index("{"):])
        found = {f"{t['name']}.{c['name']}": c.get("pii_type")
                 for s in doc.get("schemata", []) for t in s.get("tables", []) for c in t.get("columns", [])}
        return found, wall


def _row(label: str, wall: float, sc: Score, columns: int) -> dict[str, Any]:
    return {"tool": label, "wall_s": round(wall, 3), "columns_per_s": round(columns / wall, 1) if wall else None, **sc.as_dict()}


def _print(row: dict[str, Any]) -> None:
    cat = ""
    if row.get("category_exact") is not None:
        cat = f" category exact {row['category_exact']:.3f} compatible {row['category_compatible']:.3f}"
    print(f"{row['tool']:<34} wall {row['wall_s']:8.2f} s  precision {row['precision']:.3f} recall {row['recall']:.3f} "
          f"f1 {row['f1']:.3f}{cat}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=20)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample-size", type=int, default=200, help="our sample size, also passed to piicatcher")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="piicatcher's venv (bench/setup_piicatcher.sh)")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the generated estate here")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per piicatcher command")
    parser.add_argument("--json", type=Path, help="write the comparison's figures to this JSON file")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pi-compare-"))
    workdir.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="pi-piicatcher-"))
    try:
        url, truth_path, _ = make_sqlite(workdir, args.tables, args.columns, args.rows, args.seed)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))["truth"]
        print(f"estate: sqlite {args.tables} tables x {args.columns} columns x {args.rows} rows, "
              f"{sum(1 for v in truth.values() if v)} of {len(truth)} columns truly personal")
        ours = {}
        for label, size in (("ours default (sample %d)" % args.sample_size, args.sample_size), ("ours name-only (sample 0)", 0)):
            result, wall = scan_once(url, size)
            ours[size] = _row(label, wall, score(truth, found_by_scan(result)), len(truth))
            _print(ours[size])
        report: dict[str, Any] = {"tables": args.tables, "columns": args.columns, "rows": args.rows, "seed": args.seed,
                                  "ours_default": ours[args.sample_size], "ours_name_only": ours[0]}
        if not (args.venv / "bin" / "piicatcher").exists():
            print(f"piicatcher: SKIPPED (no venv at {args.venv}; run bench/setup_piicatcher.sh)")
            report["piicatcher"] = "skipped: venv not installed"
        else:
            _, startup = Piicatcher(args.venv, home / "startup", args.timeout).run("--version")
            print(f"piicatcher startup (--version): {startup:.2f} s, included in its wall times below")
            pairs = (("data", "piicatcher data mode", ours[args.sample_size]), ("metadata", "piicatcher metadata mode", ours[0]))
            for scan_type, label, mine in pairs:
                # A fresh catalog per mode: piicatcher keeps earlier verdicts in its catalog and would report them again.
                pc = Piicatcher(args.venv, home / scan_type, args.timeout)
                pc.run("catalog", "add-sqlite", "--name", "estate", "--path", url.removeprefix("sqlite:///"))
                found, wall = pc.detect("estate", scan_type, args.sample_size)
                row = _row(label, wall, score(truth, found, categories=False), len(truth))
                row["startup_s"] = round(startup, 3)
                row["ratio_vs_ours"] = round(wall / mine["wall_s"], 2) if mine["wall_s"] else None
                row["ratio_vs_ours_net_of_startup"] = round(max(wall - startup, 0.0) / mine["wall_s"], 2) if mine["wall_s"] else None
                report[f"piicatcher_{scan_type}"] = row
                _print(row)
                print(f"  wall-time ratio piicatcher/{mine['tool']}: {row['ratio_vs_ours']}x "
                      f"({row['ratio_vs_ours_net_of_startup']}x net of piicatcher's startup)")
        print("RESULT " + json.dumps(report, sort_keys=True))
        if args.json:
            args.json.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"piicatcher: FAILED ({str(exc).splitlines()[0][:500]})")
        return 1
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
