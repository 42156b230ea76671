"""Import a Fides project (one YAML file or a folder of them) as our validated declarations, with its map of systems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from privacy_inventory.declarations import Declarations
from privacy_inventory.declarations_io import check_files
from privacy_inventory.errors import checked
from privacy_inventory.fides.project import project_map
from privacy_inventory.yaml_io import load_yaml_located


@dataclass
class FidesProject:
    """What a Fides project became: declarations, own systems with their datasets, datasets with their collections."""

    declarations: Declarations
    systems: dict[str, list[str]] = field(default_factory=dict)  # own system name -> dataset keys it references
    datasets: dict[str, list[str]] = field(default_factory=dict)  # dataset key -> collection (table) names
    external: list[str] = field(default_factory=list)  # egress targets not defined in the project


def _fides_paths(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file()) if path.is_dir() else [path]


def import_fides(path: Path) -> Declarations:
    """Read a Fides YAML file (or a directory of them) into our declarations; problems raise `file:line`."""
    path = Path(path)
    return checked(*check_files(_fides_paths(path), str(path), fides_only=True))


def read_fides_project(path: Path) -> FidesProject:
    """A Fides project with its map: which systems are ours, which datasets they hold, which targets are outside."""
    declarations = import_fides(path)
    docs = [load_yaml_located(p) for p in _fides_paths(Path(path))]
    return FidesProject(declarations, *project_map(docs))
