"""Plot the scaling curves (scan time and peak RSS against tables and against rows) from bench/results.json.

Run: .venv/bin/python bench/plot.py [--results bench/results.json] [--out bench/scaling.png]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = Path(__file__).resolve().parent


def curve(runs: list[dict[str, Any]], vary: str, fixed: dict[str, Any]) -> list[dict[str, Any]]:
    """The runs that differ only in `vary`, sorted by it (one per value)."""
    picked = {r[vary]: r for r in runs if all(r.get(k) == v for k, v in fixed.items())}
    return [picked[k] for k in sorted(picked)]


PHASES = ("introspection", "sampling", "classification", "writing", "other")


def plot_floor(ax: Any, speed: list[dict[str, Any]]) -> str:
    """Each run's phases as multiples of the plain-sqlite3 floor measured in the same run (a busy machine moves both)."""
    labels = [f"{r['label']}\n{'sample ' + str(r['sample_size']) if r['sample_size'] else 'names only'}" for r in speed]
    bottoms = [0.0] * len(speed)
    for phase in PHASES:
        heights = [r["split_s"].get(phase, 0.0) / r["floor_s"] for r in speed]
        ax.bar(labels, heights, bottom=bottoms, label=phase)
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    for i, r in enumerate(speed):
        ax.annotate(f"{r['ratio_to_floor']:.1f}x", (i, bottoms[i]), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=8)
    for level, label in ((6, "goal with values: 6x"), (2, "goal names only: 2x")):
        ax.axhline(level, color="grey", linestyle=":", linewidth=1)
        ax.text(len(speed) - 0.6, level, label, fontsize=7, va="bottom", ha="right", color="grey")
    ax.set(ylabel="multiples of the floor", title=f"scan phases / plain-sqlite3 floor (same run), {speed[0]['tables']} tables")
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=7)
    return "floor: " + ", ".join(f"{r['label']} {r['sample_size']}={r['ratio_to_floor']}x" for r in speed)


def plot(runs: list[dict[str, Any]], out: Path, speed: list[dict[str, Any]] | None = None) -> list[str]:
    """Draw the tables curve and the rows curves (and the ratios to the floor); returns a line per curve drawn."""
    fig, axes = plt.subplots(1, 3 if speed else 2, figsize=(18 if speed else 12, 4.8))
    ax_t, ax_r = axes[0], axes[1]
    drawn: list[str] = []
    tables = curve(runs, "tables", {"dialect": "sqlite", "columns": 20, "rows": 1000, "sample_size": 200})
    if tables:
        xs = [r["tables"] for r in tables]
        ax_t.plot(xs, [r["wall_s"] for r in tables], "o-", label="scan wall time (s)")
        ax_t.plot(xs, [r["peak_rss_mib"] / 1024 for r in tables], "s--", label="peak RSS (GiB)")
        for r in tables:
            ax_t.annotate(f"{r['columns_per_s']:.0f} col/s", (r["tables"], r["wall_s"]), textcoords="offset points", xytext=(4, 6), fontsize=8)
        drawn.append("tables: " + ", ".join(f"{r['tables']}={r['wall_s']}s" for r in tables))
    ax_t.set(xscale="log", yscale="log", xlabel="tables (20 columns, 1,000 rows each)", ylabel="seconds / GiB",
             title="SQLite: cost against number of tables")
    left = tables[0]["tables"] if tables else 1
    for level, label in ((60, "60 s target at 10,000 tables"), (1, "1 GiB peak RSS target")):
        ax_t.axhline(level, color="grey", linestyle=":", linewidth=1)
        ax_t.text(left, level, label, fontsize=8, va="bottom", color="grey")
    if tables:  # headroom so the last point's label stays inside the frame
        ax_t.set_xlim(right=tables[-1]["tables"] * 4)
        ax_t.set_ylim(top=max(200.0, max(r["wall_s"] for r in tables) * 4))
    ax_t.legend(fontsize=8)
    for dialect, style in (("sqlite", "o-"), ("postgresql", "^-")):
        rows = curve(runs, "rows", {"dialect": dialect, "tables": 10, "columns": 20, "sample_size": 200})
        if rows:
            ax_r.plot([r["rows"] for r in rows], [r["wall_s"] for r in rows], style, label=f"{dialect} scan wall time (s)")
            drawn.append(f"rows {dialect}: " + ", ".join(f"{r['rows']}={r['wall_s']}s" for r in rows))
    ax_r.set(xscale="log", xlabel="rows per table (10 tables x 20 columns)", ylabel="seconds",
             title="cost against rows per table (sample 200)")
    ax_r.set_ylim(bottom=0)
    ax_r.legend(fontsize=8)
    if speed:
        drawn.append(plot_floor(axes[2], speed))
    fig.suptitle("privacy-inventory scan benchmark (bench/results.json, bench/floor_results.json)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return drawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--out", type=Path, default=HERE / "scaling.png")
    parser.add_argument("--floor", type=Path, help="runs against the sqlite3 floor, labelled before/after (default: floor_results.json beside --results)")
    args = parser.parse_args(argv)
    try:
        runs = json.loads(args.results.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"{args.results}: cannot read results ({exc})", file=sys.stderr)
        return 2
    floor = args.floor or args.results.with_name("floor_results.json")
    speed = json.loads(floor.read_text(encoding="utf-8")) if floor.exists() else None
    drawn = plot(runs, args.out, speed)
    for line in drawn:
        print(line)
    print(f"plot: {args.out} ({len(drawn)} curves from {len(runs)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
