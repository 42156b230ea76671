"""Copy the suite's notebooks into a working directory, so an installed package can be used from JupyterLab."""

from __future__ import annotations

import shutil
from pathlib import Path

from privacy_inventory.errors import InventoryError
from privacy_inventory.paths import notebook_dir


def copy_notebooks(target: Path) -> tuple[list[Path], list[Path]]:
    """Copy every notebook that is not there yet; a notebook already in `target` (maybe edited) is kept."""
    source = notebook_dir()
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise InventoryError(str(source), "no notebooks found in the installed package")
    written: list[Path] = []
    kept: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for nb in notebooks:
            dest = target / nb.name
            if dest.exists():
                kept.append(dest)
                continue
            shutil.copyfile(nb, dest)
            written.append(dest)
    except OSError as exc:
        raise InventoryError(str(target), f"cannot copy the notebooks ({exc.strerror or exc})") from None
    return written, kept
