"""Scan speed: generate a synthetic estate, scan it in-process, print columns/s, wall time, peak RSS, precision/recall.

Run: .venv/bin/python bench/scan_speed.py --tables 1000 --columns 20 --rows 1000 [--dialect postgresql] [--cli]
The estate is generated in a child process, so neither its time nor its memory is in the figures.
The scan runs as a user's scan does: scan_estate() with the command line's default `--jobs auto` (worker
processes, one per core, for a source of 2,000 columns or more); `--jobs 1` keeps it in one process.
Also printed: where the time goes (introspection, sampling, classification, writing the outputs) and,
for SQLite, the floor: reading the same 200-row samples with the plain sqlite3 module, measured in the
same run so that a busy machine moves both alike; the scan is reported as a ratio to that floor.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from score import found_by_scan, score  # noqa: E402


def rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def estate_name(dialect: str, tables: int, columns: int, rows: int, seed: int) -> str:
    return f"estate-{dialect}-t{tables}-c{columns}-r{rows}-s{seed}"


def make_sqlite(workdir: Path, tables: int, columns: int, rows: int, seed: int) -> tuple[str, Path, float]:
    """A SQLite estate in `workdir` (reused when already there); returns URL, truth path, generation seconds."""
    db = workdir / f"{estate_name('sqlite', tables, columns, rows, seed)}.sqlite"
    truth = db.with_suffix(".truth.json")
    started = time.perf_counter()
    if not (db.exists() and truth.exists()):
        _run_estate(["--dialect", "sqlite", "--out", str(db)], tables, columns, rows, seed)
    return f"sqlite:///{db}", truth, time.perf_counter() - started


def make_postgresql(workdir: Path, tables: int, columns: int, rows: int, seed: int, pg_url: str | None) -> tuple[str, Path, float, Any]:
    """A fresh PostgreSQL database filled with the estate; starts a throwaway server unless `pg_url` names one."""
    import sqlalchemy as sa

    server = None
    if pg_url is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from support.pgserver import start_server

        server = start_server()
        pg_url = server.url("postgres")
    dbname = estate_name("pg", tables, columns, rows, seed).replace("-", "_")
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{dbname}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{dbname}"')
    admin.dispose()
    url = sa.engine.make_url(pg_url).set(database=dbname).render_as_string(hide_password=False)
    truth = workdir / f"{estate_name('postgresql', tables, columns, rows, seed)}.truth.json"
    started = time.perf_counter()
    _run_estate(["--dialect", "postgresql", "--pg-url", url, "--out", str(truth)], tables, columns, rows, seed)
    return url, truth, time.perf_counter() - started, server


def _run_estate(extra: list[str], tables: int, columns: int, rows: int, seed: int) -> None:
    cmd = [sys.executable, str(HERE / "estate.py"), "--tables", str(tables), "--columns", str(columns),
           "--rows", str(rows), "--seed", str(seed), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"estate generation failed:\n{done.stderr.strip()[-2000:]}")


class Split:
    """Seconds spent in each phase of a scan, by wrapping the scanner's own phase functions."""

    PHASES = ("introspection", "sampling", "classification", "writing")

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(self.PHASES, 0.0)
        self.cpu = 0.0  # CPU seconds (user + sys) of the scans: on a shared machine this moves far less than wall time
        self.workers = 1  # worker processes of the last scan (--jobs auto decides)
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, module: Any, name: str, phase: str) -> None:
        original = getattr(module, name)
        seconds = self.seconds
        clock = time.perf_counter

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[phase] += clock() - started

        setattr(module, name, timed)
        self._undo.append((module, name, original))

    def __enter__(self) -> "Split":
        from privacy_inventory.scan import database, estate, shards

        self.wrap_auto(estate)
        for module in (database, shards):  # scan_source, or the plan --jobs auto makes in this process
            self.wrap(module, "introspect_source", "introspection")
            self.wrap(module, "assign_roles", "classification")
        self.wrap(database, "_sample_with_fallback", "sampling")
        self.wrap(database, "classify_column", "classification")
        return self

    def wrap_auto(self, estate: Any) -> None:
        """Record how many jobs --jobs auto chose (the phases above are then this process's share only)."""
        original = estate.resolve_auto

        def resolved(*args: Any, **kwargs: Any) -> Any:
            fanout, plans = original(*args, **kwargs)
            self.workers = fanout.jobs
            return fanout, plans

        estate.resolve_auto = resolved
        self._undo.append((estate, "resolve_auto", original))

    def __exit__(self, *exc: Any) -> None:
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)


def _cpu_seconds() -> float:
    """User + sys seconds of this process and of its finished children (forked scan workers are reaped at the end)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def scan_once(url: str, sample_size: int, profile: Path | None = None, split: Split | None = None, out_dir: Path | None = None,
              jobs: int | str = "auto") -> tuple[Any, float]:
    """Scan the estate in-process as the command line does (scan_estate, --jobs), write its outputs; the SourceScan and wall seconds."""
    from privacy_inventory.inventory import write_scan_outputs
    from privacy_inventory.scan.database import ScanOptions
    from privacy_inventory.scan.estate import scan_estate
    from privacy_inventory.scan.executors import FanOut
    from privacy_inventory.scan.sources import parse_source

    spec = parse_source(f"estate={url}")
    options = ScanOptions(progress=False, sample_size=sample_size, timeout_s=600.0)
    profiler = cProfile.Profile() if profile else None
    split = split or Split()
    split.workers = jobs if isinstance(jobs, int) else 1
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    if profiler:
        profiler.enable()
    with split:
        inventory = scan_estate([spec], (), options, FanOut(jobs=jobs))
    result = inventory.sources[0]
    if out_dir is not None:
        wrote = time.perf_counter()
        write_scan_outputs(inventory, out_dir)
        split.seconds["writing"] += time.perf_counter() - wrote
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - started
    split.cpu += _cpu_seconds() - cpu_started
    if profiler and profile:
        profiler.dump_stats(str(profile))
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    return result, wall


def sample_floor(db_path: Path, sample_size: int, runs: int = 12) -> float:
    """Seconds to read about `sample_size` rows of every column of every table with the plain sqlite3 module.

    Like the scanner: the table list, then per table its rowid range and a few runs of consecutive rows at
    seeded random places; nothing decoded, nothing classified: what the machine needs just to read samples.
    """
    started = time.perf_counter()
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")]
        length = -(-sample_size // runs)
        for name in names:
            ident = '"' + name.replace('"', '""') + '"'
            lo, hi = con.execute(f"SELECT (SELECT min(rowid) FROM {ident}), (SELECT max(rowid) FROM {ident})").fetchone()
            if lo is None:
                continue
            if hi - lo < 2 * sample_size:
                con.execute(f"SELECT * FROM {ident} LIMIT {sample_size}").fetchall()
                continue
            rng = random.Random(zlib.crc32(name.encode("utf-8")))
            starts = sorted(rng.randint(lo, hi) for _ in range(runs))
            con.execute(" UNION ALL ".join(f"SELECT * FROM (SELECT * FROM {ident} WHERE rowid >= {s} ORDER BY rowid LIMIT {length})" for s in starts)).fetchall()
    finally:
        con.close()
    return time.perf_counter() - started


def run_cli(url: str, sample_size: int, jobs: int, out_dir: Path) -> dict[str, Any]:
    """The whole command line scan under bench/tree_rss.py: wall time and peak RSS/PSS of the process tree."""
    exe = Path(sys.executable).with_name("privacy-inventory")
    cmd = [sys.executable, str(HERE / "tree_rss.py"), "--interval", "0.1", "--", str(exe), "scan", "--db", f"estate={url}",
           "--out", str(out_dir), "--sample-size", str(sample_size), "--jobs", str(jobs)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("RESULT ")]
    if not lines:
        raise SystemExit(f"CLI scan failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(lines[-1][len("RESULT "):])


def record(path: Path, entry: dict[str, Any]) -> None:
    """Add or replace this run (keyed by dialect, shape and sample size) in the results JSON."""
    runs = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    key = ("dialect", "tables", "columns", "rows", "sample_size")
    runs = [r for r in runs if tuple(r.get(k) for k in key) != tuple(entry[k] for k in key)]
    runs.append(entry)
    runs.sort(key=lambda r: tuple(r.get(k) for k in key))
    path.write_text(json.dumps(runs, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, required=True)
    parser.add_argument("--columns", type=int, required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--dialect", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--sample-size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) generated SQLite estates here; default: a temporary directory")
    parser.add_argument("--pg-url", help="admin URL of an existing PostgreSQL server (default: start a throwaway one)")
    parser.add_argument("--json", type=Path, help="add this run's figures to a results JSON (e.g. bench/results.json)")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the scan here and print the top entries (this process only: add --jobs 1)")
    parser.add_argument("--repeat", type=int, default=1, help="scan N times in this process; wall time is the median, first scan also shown")
    parser.add_argument("--floor-sample", type=int, default=200, help="rows per table the sqlite3 floor reads (default 200, also for --sample-size 0)")
    parser.add_argument("--cli", action="store_true", help="also run the whole CLI scan (bench/tree_rss.py) and report it against the floor")
    parser.add_argument("--jobs", type=lambda t: t if t == "auto" else int(t), default="auto",
                        help="--jobs of the scan, in-process and CLI (default auto, as the command line; 1 = one process, with the phase split)")
    parser.add_argument("--out", type=Path, help="write the scan outputs here (default: a directory in the workdir)")
    args = parser.parse_args(argv)
    if min(args.tables, args.rows, args.repeat) < 1 or args.columns < 2 or args.sample_size < 0:
        parser.error("--tables, --rows, --repeat >= 1, --columns >= 2, --sample-size >= 0")
    os.environ.setdefault("PRIVACY_INVENTORY_NO_PROGRESS", "1")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pi-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        if args.dialect == "sqlite":
            url, truth_path, gen_s = make_sqlite(workdir, args.tables, args.columns, args.rows, args.seed)
        else:
            url, truth_path, gen_s, server = make_postgresql(workdir, args.tables, args.columns, args.rows, args.seed, args.pg_url)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))["truth"]
        import privacy_inventory.scan.database  # noqa: F401 - imports are not part of the scan figure

        db_path = Path(url[len("sqlite:///"):]) if args.dialect == "sqlite" else None
        floors = [sample_floor(db_path, args.floor_sample)] if db_path else []
        out_dir = args.out or workdir / f"out-{estate_name(args.dialect, args.tables, args.columns, args.rows, args.seed)}-n{args.sample_size}"
        before = rss_mib()
        load_before = round(os.getloadavg()[0], 2)
        walls, split = [], Split()
        for _ in range(args.repeat):
            result, took = scan_once(url, args.sample_size, args.profile, split, out_dir, args.jobs)
            walls.append(took)
        wall = statistics.median(walls)
        peak = rss_mib()
        if db_path:
            floors.append(sample_floor(db_path, args.floor_sample))
        floor = min(floors) if floors else None
        phases = {k: round(v / args.repeat, 3) for k, v in split.seconds.items()}
        phases["other"] = round(max(0.0, sum(walls) / args.repeat - sum(phases.values())), 3)
        found = found_by_scan(result)
        sc = score(truth, found)
        ncols = sum(len(t.columns) for t in result.tables)
        entry = {
            "dialect": args.dialect, "tables": args.tables, "columns": args.columns, "rows": args.rows,
            "sample_size": args.sample_size, "seed": args.seed, "scanned_columns": ncols,
            "wall_s": round(wall, 3), "columns_per_s": round(ncols / wall, 1) if wall else None,
            "peak_rss_mib": peak, "rss_before_scan_mib": before, "generate_s": round(gen_s, 1),
            "status": result.status, "python": platform.python_version(), "repeat": args.repeat,
            "first_wall_s": round(walls[0], 3), "split_s": phases, **sc.as_dict(),
            "cpu_s": round(split.cpu / args.repeat, 3), "load_1min": [load_before, round(os.getloadavg()[0], 2)],
            "jobs": args.jobs, "workers": split.workers,
        }
        if floor is not None:
            entry.update(floor_s=round(floor, 3), floor_runs_s=[round(f, 3) for f in floors], floor_sample=args.floor_sample,
                         ratio_to_floor=round(wall / floor, 2))
        print(f"estate: {args.dialect} {args.tables} tables x {args.columns} columns x {args.rows} rows "
              f"(seed {args.seed}, sample {args.sample_size}; generated in {gen_s:.1f} s, not counted)")
        runs = f" (median of {args.repeat}, first {walls[0]:.2f} s)" if args.repeat > 1 else ""
        how = f"--jobs {args.jobs}: " + (f"{split.workers} worker processes" if split.workers > 1 else "one process")
        print(f"scan + writing outputs ({how}): {ncols} columns in {wall:.2f} s{runs} = {entry['columns_per_s']} columns/s (status {result.status})")
        print(f"CPU (user + sys of the scan, its forked workers included): {entry['cpu_s']:.2f} s; load average (1 min) {entry['load_1min'][0]} before, "
              f"{entry['load_1min'][1]} after, on {os.cpu_count()} cores")
        share = " (this process only: the workers' sampling and classification are not in it; --jobs 1 for the whole split)" if split.workers > 1 else ""
        print("split: " + ", ".join(f"{k} {v:.2f} s ({100 * v / max(wall, 1e-9):.0f}%)" for k, v in phases.items()) + share)
        if floor is not None:
            print(f"floor: plain sqlite3 reading {args.floor_sample}-row samples of every table {floor:.2f} s "
                  f"(min of {', '.join(f'{f:.2f}' for f in floors)} s, before and after the scan); scan = {wall / floor:.1f}x the floor")
        print(f"peak RSS: {peak} MiB (before scan {before} MiB)")
        if args.cli:
            cli = run_cli(url, args.sample_size, args.jobs, out_dir.with_name(out_dir.name + f"-cli-j{args.jobs}"))
            entry["cli"] = {"jobs": args.jobs, **cli}
            if floor is not None:
                entry["cli"]["ratio_to_floor"] = round(cli["wall_s"] / floor, 2)
            ratio = f" = {cli['wall_s'] / floor:.1f}x the floor" if floor else ""
            print(f"CLI (--jobs {args.jobs}): {cli['wall_s']:.2f} s = {ncols / cli['wall_s']:.1f} columns/s{ratio}, peak tree RSS {cli['peak_tree_rss_mib']} MiB, PSS {cli['peak_tree_pss_mib']} MiB")
        print(sc.line())
        print("RESULT " + json.dumps(entry, sort_keys=True))
        if args.json:
            record(args.json, entry)
    finally:
        if server is not None:
            server.stop()
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
