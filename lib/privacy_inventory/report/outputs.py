"""Reading what the stages wrote (JSON, CSV): absent files give a default, a corrupt one a one-line InventoryError."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from privacy_inventory.errors import InventoryError


def read_json(path: Path, default: Any) -> Any:
    """A JSON file's content, `default` when the stage did not write it; a corrupt file is the user's to fix."""
    if not path.is_file():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InventoryError(str(path), f"not valid JSON ({exc})") from None


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows as dicts, [] when absent."""
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [dict(row) for row in csv.DictReader(handle)]
    except (csv.Error, UnicodeDecodeError) as exc:
        raise InventoryError(str(path), f"not a readable CSV file ({exc})") from None
