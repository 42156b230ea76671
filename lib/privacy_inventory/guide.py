"""The guided start (notebooks/00_start.ipynb): connect, scan, review, draft the inventory, then the full run."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import mask_url
from privacy_inventory.models import Inventory

NOTHING = "Set `databases` in the parameters cell above (e.g. crm=postgresql://reader:${PGPASSWORD}@db/crm), then run the notebook again."


def connection_table(databases: Sequence[str]) -> pd.DataFrame:
    """One row per database: can it be opened read-only? (one line of reason when not; no password shown)."""
    from privacy_inventory.scan.connect import check_connection, create_readonly_engine
    from privacy_inventory.scan.sources import parse_source

    if not databases:
        return pd.DataFrame({"next step": [NOTHING]})
    rows = []
    for raw in databases:
        try:
            spec = parse_source(raw)
        except InventoryError as exc:
            rows.append({"source": exc.source, "database": "", "status": f"not usable: {exc.message}"})
            continue
        try:
            engine = create_readonly_engine(spec, timeout_s=15)
            check_connection(engine, spec)
            engine.dispose()
            rows.append({"source": spec.name, "database": spec.masked, "status": f"connected read-only ({spec.dialect})"})
        except InventoryError as exc:
            rows.append({"source": spec.name, "database": spec.masked, "status": f"not connected: {exc.message}"})
    return pd.DataFrame(rows, columns=["source", "database", "status"])


def scan(databases: Sequence[str], configs: Sequence[str], sample_size: int = 200) -> Inventory | None:
    """Scan the databases and config files (read-only, bounded samples); None when no database is set."""
    from privacy_inventory.scan.database import ScanOptions
    from privacy_inventory.scan.estate import scan_estate
    from privacy_inventory.scan.executors import FanOut
    from privacy_inventory.scan.sources import parse_source

    specs = []
    for raw in databases:
        try:
            specs.append(parse_source(raw))
        except InventoryError:
            continue  # step 1 said why; the others are scanned
    if not specs:
        return None
    return scan_estate(specs, list(configs), ScanOptions(sample_size=sample_size), FanOut())


def draft(inventory_dir: str, inventory: Inventory | None, org: str = "") -> pd.DataFrame:
    """Write the starter declared inventory (never overwriting files that exist) and say what was done."""
    from privacy_inventory.onboarding import org_name, summary_lines, write_starter
    from privacy_inventory.paths import resolve

    if inventory is None:
        return pd.DataFrame({"next step": [NOTHING]})
    if not inventory_dir:
        return pd.DataFrame({"next step": ["Set `inventory_dir` (where your organisation's declarations go, e.g. inventory/myorg) and run again."]})
    result = write_starter(resolve(inventory_dir, inventory_dir), inventory, org_name(org or None, inventory))
    return pd.DataFrame({"init": summary_lines(result)})


def run_command(inventory_dir: str, databases: Sequence[str], configs: Sequence[str]) -> str:
    """The command that runs the whole suite on this organisation (passwords stay `${VAR}` references or masked)."""
    parts = ["privacy-inventory", "run"] + (["--inventory", inventory_dir] if inventory_dir else [])
    for db in databases:
        parts += ["--db", mask_url(db)]
    for cfg in configs:
        parts += ["--config", cfg]
    return " ".join(shlex.quote(p) if "$" not in p else f"'{p}'" for p in parts)


def full_run(inventory_dir: str, databases: Sequence[str], configs: Sequence[str], out_dir: str = "", sample_size: int = 200) -> str:
    """Run every notebook of the suite on this organisation, as the command line does; returns where it wrote."""
    from privacy_inventory.run import run_suite

    if not databases:
        return NOTHING
    args = argparse.Namespace(db=list(databases), config=list(configs), inventory=Path(inventory_dir) if inventory_dir else None, org=None,
                              policy=None, previous=None, out=Path(out_dir) if out_dir else None, sample_size=sample_size, jobs=1, timeout=30.0, schema=[])
    status = run_suite(args)
    return f"finished with status {status}; open the index.html of the assessment directory printed above"


def next_steps(inventory: Inventory | None) -> Any:
    """A short summary of what the scan found, to decide what to review first."""
    if inventory is None:
        return pd.DataFrame({"next step": [NOTHING]})
    from privacy_inventory import views

    return views.category_summary(inventory)
