"""Scan speed: generate a synthetic estate, scan it in-process, print columns/s, wall time, peak RSS, precision/recall.

Run: .venv/bin/python bench/scan_speed.py --tables 1000 --columns 20 --rows 1000 [--dialect postgresql]
The estate is generated in a child process, so neither its time nor its memory is in the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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


def scan_once(url: str, sample_size: int, profile: Path | None = None) -> tuple[Any, float]:
    """Scan the estate with our scanner in-process; returns the SourceScan and wall seconds."""
    from privacy_inventory.scan.database import ScanOptions, scan_source
    from privacy_inventory.scan.sources import parse_source

    spec = parse_source(f"estate={url}")
    options = ScanOptions(progress=False, sample_size=sample_size, timeout_s=600.0)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = scan_source(spec, options)
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - started
    if profiler and profile:
        profiler.dump_stats(str(profile))
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    return result, wall


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
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the scan here and print the top entries")
    parser.add_argument("--repeat", type=int, default=1, help="scan N times in this process; wall time is the median, first scan also shown")
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

        before = rss_mib()
        walls = []
        for _ in range(args.repeat):
            result, took = scan_once(url, args.sample_size, args.profile)
            walls.append(took)
        wall = statistics.median(walls)
        peak = rss_mib()
        found = found_by_scan(result)
        sc = score(truth, found)
        ncols = sum(len(t.columns) for t in result.tables)
        entry = {
            "dialect": args.dialect, "tables": args.tables, "columns": args.columns, "rows": args.rows,
            "sample_size": args.sample_size, "seed": args.seed, "scanned_columns": ncols,
            "wall_s": round(wall, 3), "columns_per_s": round(ncols / wall, 1) if wall else None,
            "peak_rss_mib": peak, "rss_before_scan_mib": before, "generate_s": round(gen_s, 1),
            "status": result.status, "python": platform.python_version(), "repeat": args.repeat,
            "first_wall_s": round(walls[0], 3), **sc.as_dict(),
        }
        print(f"estate: {args.dialect} {args.tables} tables x {args.columns} columns x {args.rows} rows "
              f"(seed {args.seed}, sample {args.sample_size}; generated in {gen_s:.1f} s, not counted)")
        runs = f" (median of {args.repeat}, first {walls[0]:.2f} s)" if args.repeat > 1 else ""
        print(f"scan: {ncols} columns in {wall:.2f} s{runs} = {entry['columns_per_s']} columns/s (status {result.status})")
        print(f"peak RSS: {peak} MiB (before scan {before} MiB)")
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
