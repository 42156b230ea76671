"""Run a command and sample the summed RSS of its whole process tree, since `/usr/bin/time -v` misses forkserver workers.

Run: .venv/bin/python bench/tree_rss.py [--interval 0.1] -- COMMAND ARGS...
Prints `tree: wall W s, peak tree RSS T MiB, PSS S MiB (largest single process P MiB, at most N processes)` and `RESULT {...}` on stderr.
Linux only (reads /proc); a process living less than one interval can be missed, so the peak is a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc/*/stat (a process gone mid-read is skipped)."""
    kids: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        ppid = int(text[text.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(stat.parent.name))
    return kids


def rss_kib(pid: int) -> int:
    """Resident set of one process in KiB (0 when it has exited)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def pss_kib(pid: int) -> int:
    """Proportional set size in KiB (shared pages split between their users; 0 when it has exited)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_rss(root: int) -> tuple[int, int, int, int]:
    """Summed RSS, summed PSS, largest single RSS (all KiB) and process count of `root` and its descendants."""
    kids, todo, sizes, shares = children_map(), [root], [], []
    while todo:
        pid = todo.pop()
        sizes.append(rss_kib(pid))
        shares.append(pss_kib(pid))
        todo.extend(kids.get(pid, []))
    return sum(sizes), sum(shares), max(sizes), len(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(command)
    except OSError as exc:
        print(f"{command[0]}: cannot run ({exc.strerror})", file=sys.stderr)
        return 127
    peak_sum = peak_pss = peak_one = most = 0
    while proc.poll() is None:
        total, shared, largest, count = tree_rss(proc.pid)
        peak_sum, peak_pss = max(peak_sum, total), max(peak_pss, shared)
        peak_one, most = max(peak_one, largest), max(most, count)
        time.sleep(args.interval)
    wall = time.perf_counter() - started
    figures = {"wall_s": round(wall, 2), "peak_tree_rss_mib": round(peak_sum / 1024, 1),
               "peak_tree_pss_mib": round(peak_pss / 1024, 1),
               "peak_single_rss_mib": round(peak_one / 1024, 1), "max_processes": most, "returncode": proc.returncode}
    print(f"tree: wall {wall:.2f} s, peak tree RSS {figures['peak_tree_rss_mib']} MiB, PSS {figures['peak_tree_pss_mib']} MiB "
          f"(largest single process {figures['peak_single_rss_mib']} MiB, at most {most} processes), exit {proc.returncode}",
          file=sys.stderr)
    print("RESULT " + json.dumps(figures, sort_keys=True), file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
