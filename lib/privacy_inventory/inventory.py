"""Write what the scan stage found as files a person can open: columns.csv, integrations.csv, inventory.json."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from privacy_inventory.models import Inventory

COLUMNS_HEADER = ["source", "schema", "table", "column", "data_type", "category", "confidence", "evidence"]
INTEGRATIONS_HEADER = ["source", "file", "key", "vendor", "role", "country", "purposes", "categories", "evidence"]
FLOWS_HEADER = ["source", "file", "vendor", "flow", "key", "kind", "server_side", "endpoint", "params", "sources", "categories", "special", "children", "evidence"]


def column_rows(inventory: Inventory) -> list[list[str]]:
    """One row per scanned column, sorted, in the columns.csv layout."""
    rows = []
    for src in inventory.sources:
        for table in src.tables:
            for col in table.columns:
                rows.append([src.name, table.schema or "", table.name, col.name, col.data_type, col.category or "", f"{col.confidence:.2f}", col.evidence])
    return sorted(rows)


def integration_rows(inventory: Inventory) -> list[list[str]]:
    """One row per integration found in config, sorted, in the integrations.csv layout."""
    rows = [
        [i.source, i.file, i.key, i.vendor, i.role, i.country, ";".join(sorted(i.purposes)), ";".join(sorted(i.categories)), i.evidence]
        for i in inventory.integrations
    ]
    return sorted(rows)


def flow_rows(inventory: Inventory) -> list[list[str]]:
    """One row per event or field list an integration's config says it sends (flows.csv)."""
    rows = [
        [i.source, i.file, i.vendor, f.name, f.key, f.kind, "yes" if f.server_side else "no", f.endpoint, ";".join(f.params), ";".join(f.sources),
         ";".join(f.categories), ";".join(f.special), "yes" if f.children else "no", f.evidence]
        for i in inventory.integrations for f in i.flows
    ]
    return sorted(rows)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """CSV with Unix line endings so files are byte-identical across platforms."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_scan_outputs(inventory: Inventory, out_dir: Path) -> list[Path]:
    """Write the scan stage's files into out_dir and return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inventory.sorted()
    files = {
        "columns.csv": csv_text(COLUMNS_HEADER, column_rows(inventory)),
        "integrations.csv": csv_text(INTEGRATIONS_HEADER, integration_rows(inventory)),
        "flows.csv": csv_text(FLOWS_HEADER, flow_rows(inventory)),
    }
    inventory.save(out_dir / "inventory.json")
    written = [out_dir / "inventory.json"]
    for name, text in files.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written
