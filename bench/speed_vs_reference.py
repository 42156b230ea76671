"""Scan speed against a reference commit on the same machine, runs interleaved: a figure that survives a slower machine.

Run: .venv/bin/python bench/speed_vs_reference.py --tables 1000 --columns 20 --rows 1000 --workdir /tmp/benchw [--rounds 3]

Columns/s depend on the machine: the same code (5fce166, 3,443 columns/s on 2026-11-25) measures about 1,300 on
another 2-core VM of the same name. So each round scans the same estate with the reference commit's own
bench/scan_speed.py (its code, in a temporary git worktree) and then with this tree's, once per --jobs asked,
and the medians are compared. The reference's figure excludes writing the outputs, this tree's includes it (so
the ratio is, if anything, low). "On the reference machine" = ratio x the figure the reference measured there.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REFERENCE = "5fce166"  # the code of bench/RESULTS.md's 2026-11-25 figures
REFERENCE_COLUMNS_PER_S = 3443.0  # what it measured then: 1,000 tables x 20 columns x 1,000 rows, in one process


def run_bench(tree: Path, shape: list[str], extra: list[str]) -> float:
    """columns/s of one scan_speed.py run of `tree` (its own lib first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(tree / "lib")}
    done = subprocess.run([sys.executable, str(tree / "bench" / "scan_speed.py"), *shape, *extra], cwd=tree, env=env,
                          capture_output=True, text=True)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{tree}: scan_speed.py failed:\n{(done.stderr or done.stdout).strip()[-2000:]}")
    return float(json.loads(lines[-1][len("RESULT "):])["columns_per_s"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, required=True, help="where the estate is kept (both trees reuse it)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ref", default=REFERENCE, help=f"reference commit (default {REFERENCE})")
    parser.add_argument("--ref-measured", type=float, default=None,
                        help="columns/s the reference measured on its own machine for this shape "
                             "(default: 3443 for 1,000 x 20 x 1,000 with the default reference, bench/RESULTS.md)")
    parser.add_argument("--jobs", action="append", default=[], help="--jobs of this tree's scans (default: auto and 1)")
    args = parser.parse_args(argv)
    if args.ref_measured is None and args.ref == REFERENCE and (args.tables, args.columns, args.rows) == (1000, 20, 1000):
        args.ref_measured = REFERENCE_COLUMNS_PER_S
    jobs = args.jobs or ["auto", "1"]
    shape = ["--tables", str(args.tables), "--columns", str(args.columns), "--rows", str(args.rows), "--workdir", str(args.workdir)]
    figures: dict[str, list[float]] = {"reference": [], **{f"--jobs {j}": [] for j in jobs}}
    with tempfile.TemporaryDirectory(prefix="pi-ref-") as tmp:
        ref_tree = Path(tmp) / "ref"
        subprocess.run(["git", "worktree", "add", "--detach", "-f", str(ref_tree), args.ref], cwd=ROOT, check=True, capture_output=True)
        try:
            for rnd in range(1, args.rounds + 1):
                figures["reference"].append(run_bench(ref_tree, shape, []))
                for j in jobs:
                    figures[f"--jobs {j}"].append(run_bench(ROOT, shape, ["--jobs", j]))
                print(f"round {rnd}: " + ", ".join(f"{k} {v[-1]:,.0f}" for k, v in figures.items()) + " columns/s", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(ref_tree)], cwd=ROOT, capture_output=True)
    ref = statistics.median(figures["reference"])
    there = f"; it measured {args.ref_measured:,.0f} on its machine" if args.ref_measured else ""
    how = "one process, scan only" if args.ref == REFERENCE else "its own scan_speed.py defaults"
    print(f"reference {args.ref} ({how}): median {ref:,.0f} columns/s here{there}")
    result = {"reference": args.ref, "reference_here": ref, "reference_measured": args.ref_measured, "rounds": args.rounds, "this_tree": {}}
    for key, values in figures.items():
        if key == "reference":
            continue
        mid = statistics.median(values)
        ratio = mid / ref
        result["this_tree"][key] = {"columns_per_s": mid, "runs": values, "ratio": round(ratio, 2)}
        there = ""
        if args.ref_measured:
            result["this_tree"][key]["on_reference_machine"] = round(ratio * args.ref_measured)
            there = f" -> about {ratio * args.ref_measured:,.0f} columns/s on the reference machine"
        print(f"this tree {key} (scan + writing outputs): median {mid:,.0f} columns/s = {ratio:.2f}x the reference{there}")
    print("RESULT " + json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
