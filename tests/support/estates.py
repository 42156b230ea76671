"""Several sources for the scan's fan-out tests: the demo, a copy under another name, and one that cannot be opened."""

from __future__ import annotations

import shutil
from pathlib import Path

from privacy_inventory.scan.sources import SourceSpec, parse_source


def three_sources(demo_db: Path, folder: Path) -> list[SourceSpec]:
    """`imvbox` (the demo), `copy` (the same file copied into `folder`) and `gone` (a file that does not exist)."""
    copy = folder / "copy.sqlite"
    shutil.copy(demo_db, copy)
    return [parse_source(f"imvbox=sqlite:///{demo_db}"), parse_source(f"copy=sqlite:///{copy}"),
            parse_source(f"gone=sqlite:///{folder / 'missing.sqlite'}")]
