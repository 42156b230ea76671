"""Progress bars that render in a terminal and in JupyterLab, and stay quiet in logs and CI."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress_bar(items: Iterable[T], *, desc: str, unit: str, enabled: bool = True) -> Iterator[T]:
    """Wrap an iterable in tqdm (notebook widget in Jupyter, text on a terminal, nothing otherwise)."""
    items = list(items)
    if not enabled or os.environ.get("PRIVACY_INVENTORY_NO_PROGRESS"):
        return iter(items)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
    interactive = sys.stderr.isatty() or "ipykernel" in sys.modules
    return iter(tqdm(items, desc=desc, unit=unit, disable=not interactive, leave=False, dynamic_ncols=True))
