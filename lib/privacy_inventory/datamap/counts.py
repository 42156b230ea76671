"""The data map's headline figures, computed once: the index, the map's figure, the RoPA and the DPIA read these numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from privacy_inventory.datamap.graph import from_disclosure_log, is_undeclared

FILE = "summary.json"


def map_counts(g: nx.DiGraph) -> dict[str, Any]:
    """Counts a reader compares across pages: categories found, tables, systems, recipients, countries, transfers."""
    nodes = [d for _, d in sorted(g.nodes(data=True))]
    kinds: dict[str, list[dict[str, Any]]] = {}
    for d in nodes:
        kinds.setdefault(str(d.get("kind")), []).append(d)
    transfers = [(u, v, d) for u, v, d in sorted(g.edges(data=True)) if d.get("kind") == "transferred_to"]
    outside = [(u, v, d) for u, v, d in transfers if d.get("outside")]
    recipients = kinds.get("recipient", [])
    countries = kinds.get("country", [])
    return {
        "regime": g.graph.get("regime", ""),
        "authority": g.graph.get("authority", ""),
        "home_label": g.graph.get("home_label", ""),
        "categories_found": sum(1 for d in kinds.get("data_category", []) if d.get("found", True)),
        "categories_declared_not_found": sum(1 for d in kinds.get("data_category", []) if not d.get("found", True)),
        "tables": len(kinds.get("table", [])),
        "systems": len(kinds.get("system", [])),
        "activities": len(kinds.get("activity", [])),
        "recipients": len(recipients),
        "recipients_undeclared": sum(1 for d in recipients if is_undeclared(d)),
        "authorities_abroad": sum(1 for d in recipients if from_disclosure_log(d)),
        "recipients_outside": len({u for u, _, _ in outside}),
        "transfers_without_valid_safeguard": len({u for u, _, d in outside if not d.get("ok")}),
        "countries": len(countries),
        "countries_outside": len({v for _, v, _ in outside}),
    }


def write_counts(g: nx.DiGraph, path: Path) -> Path:
    """Write the figures as sorted JSON next to the map, so other pages read them instead of recounting."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(map_counts(g), indent=2, sort_keys=True) + "\n", encoding="utf-8", newline="")
    return path


def read_counts(data_map_dir: Path) -> dict[str, Any]:
    """The figures the data-map stage wrote ({} when the stage has not run)."""
    try:
        data = json.loads((Path(data_map_dir) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
