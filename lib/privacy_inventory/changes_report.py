"""How a comparison of two assessments reaches its readers: the changes files, the CLI's lines, the notebook's tables."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from privacy_inventory.changes import CSV_COLUMNS, Change, Changes, diff_assessments
from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import scrub


def changes_csv(changes: Changes) -> str:
    """One row per change (area, change, subject, old, new), masked, Unix newlines."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in changes.all():
        writer.writerow([scrub(getattr(c, col)) for col in CSV_COLUMNS])
    return buf.getvalue()


def write_changes(changes: Changes, out_dir: Path) -> list[Path]:
    """Write out_dir/changes/changes.json and changes.csv; the same Changes give the same bytes."""
    target = Path(out_dir) / "changes"
    text = scrub(json.dumps(changes.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
    try:
        target.mkdir(parents=True, exist_ok=True)
        (target / "changes.json").write_text(text, encoding="utf-8", newline="")
        (target / "changes.csv").write_text(changes_csv(changes), encoding="utf-8", newline="")
    except OSError as exc:
        raise InventoryError(str(target), f"cannot write the changes ({exc.strerror or exc})") from None
    return [target / "changes.json", target / "changes.csv"]


def summary_lines(changes: Changes) -> list[str]:
    """The readable report `privacy-inventory diff` prints: counts per area, then each change on a line."""
    lines = [f"comparing {scrub(changes.old)} (old) with {scrub(changes.new)} (new)"]
    lines.append(", ".join(f"{area}: {n}" for area, n in changes.summary().items()))
    lines += [f"not compared: {note}" for note in changes.not_compared]
    lines += [scrub(c.line()) for c in changes.all()] or ["no changes"]
    return lines


def run_changes_stage(previous_dir: str = "", out_dir: str = "") -> Changes | None:
    """Compare this run with an earlier assessment and write changes/; None when no earlier assessment is given."""
    from privacy_inventory.paths import layout_for, project_root, resolve

    if not previous_dir:
        return None
    previous, current = resolve(previous_dir, previous_dir), layout_for(out_dir).out
    changes = diff_assessments(previous, current)
    try:
        label = previous.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        label = str(previous)
    changes = replace(changes, old=label, new="this assessment")
    write_changes(changes, current)
    return changes


def changes_frame(changes: Changes, area: str) -> Any:
    """One area's changes as a table (a one-line message when nothing changed there)."""
    from privacy_inventory.views import frame

    found = changes.area(area)
    keep = [f.name for f in fields(Change) if f.name != "area" and (f.name != "title" or any(c.title for c in found))]
    rows = [{k: scrub(getattr(c, k)) for k in keep} for c in found]
    return frame(rows, f"no change in {area}")


def show_summary(changes: Changes | None) -> None:
    """The notebook's opening: the counts per area, or why there is nothing to compare."""
    import pandas as pd
    from IPython.display import Markdown, display

    from privacy_inventory.views import styled

    if changes is None:
        display(Markdown("**No previous assessment given**: set `previous_dir` (or `privacy-inventory run --previous DIR`) to see what changed."))
        return
    display(Markdown(f"Comparing `{scrub(changes.old)}` (old) with `{scrub(changes.new)}` (new)."))
    display(styled(pd.DataFrame([{"area": a, "changes": n} for a, n in changes.summary().items()], columns=["area", "changes"])))
    if changes.not_compared:
        display(Markdown("Not compared: " + "; ".join(scrub(n) for n in changes.not_compared) + "."))


def show_area(changes: Changes | None, area: str, note: str) -> None:
    """A short Markdown note and the area's table; nothing at all when no previous assessment was given."""
    from IPython.display import Markdown, display

    from privacy_inventory.views import styled

    if changes is None:
        return
    display(Markdown(note))
    display(styled(changes_frame(changes, area)))
