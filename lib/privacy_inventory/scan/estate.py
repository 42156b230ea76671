"""Scan every source given (databases and config files) into one Inventory; a failed source is recorded, not fatal."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Inventory, SourceScan
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import SourceSpec, parse_source

log = logging.getLogger(__name__)
DEFAULT_APP = "app"


def parse_sources(dbs: Sequence[str]) -> list[SourceSpec]:
    """Parse every --db argument first, so a typo fails before any scanning starts."""
    specs = [parse_source(db) for db in dbs]
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise InventoryError(spec.name, "two sources have the same name; name them with NAME=URL")
        seen.add(spec.name)
    return specs


def scan_estate(specs: Sequence[SourceSpec], config_paths: Sequence[Path | str] = (), options: ScanOptions = ScanOptions()) -> Inventory:
    """Scan databases then config files; each failure lands in the inventory as a failed source."""
    inventory = Inventory(sample_size=options.sample_size)
    for spec in specs:
        try:
            inventory.sources.append(scan_source(spec, options))
        except InventoryError as exc:
            log.debug("%s", exc)
            inventory.sources.append(SourceScan(name=spec.name, dialect=spec.dialect, url=spec.masked, status="failed", error=exc.message))
    if config_paths:
        from privacy_inventory.scan.integrations import scan_config_paths

        for name, paths in group_config_paths(config_paths).items():
            integrations, findings, files = scan_config_paths(paths, source=name)
            inventory.integrations.extend(integrations)
            inventory.config_findings.extend(findings)
            inventory.config_sources.extend(f"{name}:{f}" for f in files)
    return inventory.sorted()


def group_config_paths(config_paths: Sequence[Path | str]) -> dict[str, list[Path]]:
    """`--config [NAME=]PATH`: NAME is the application the config belongs to (default `app`)."""
    groups: dict[str, list[Path]] = {}
    for raw in config_paths:
        text = str(raw)
        name, sep, rest = text.partition("=")
        if sep and name and "/" not in name and not Path(text).exists():
            groups.setdefault(name, []).append(Path(rest))
        else:
            groups.setdefault(DEFAULT_APP, []).append(Path(text))
    return groups


def failures(inventory: Inventory) -> list[str]:
    """One line per source that could not be scanned, for the command line's exit status."""
    return [f"{s.name}: {s.error}" for s in inventory.sources if s.status == "failed"]
