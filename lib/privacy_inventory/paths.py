"""Where things live: the project root, an organisation's inventory, and a run's output layout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ORG = "imvbox"
OUT_ENV = "PRIVACY_INVENTORY_OUT"


def project_root() -> Path:
    """The checkout's root (where pyproject.toml is), so notebooks work from any working directory."""
    for base in (Path.cwd(), Path(__file__).resolve()):
        for parent in (base, *base.parents):
            if (parent / "pyproject.toml").is_file() and (parent / "lib" / "privacy_inventory").is_dir():
                return parent
    return Path.cwd()


def resolve(path: str | os.PathLike[str] | None, default: str) -> Path:
    """A user path as given (absolute, or relative to the project root), or the default."""
    chosen = Path(path) if path not in (None, "") else Path(default)
    return chosen if chosen.is_absolute() else project_root() / chosen


@dataclass(frozen=True)
class RunLayout:
    """The files one assessment writes, by stage; later stages read what earlier ones wrote."""

    out: Path

    @property
    def scan(self) -> Path:
        return self.out / "scan"

    @property
    def inventory_json(self) -> Path:
        return self.scan / "inventory.json"

    @property
    def data_map(self) -> Path:
        return self.out / "data-map"

    @property
    def ropa(self) -> Path:
        return self.out / "ropa"

    @property
    def dpia(self) -> Path:
        return self.out / "dpia"

    @property
    def policy(self) -> Path:
        return self.out / "policy"

    @property
    def notebooks(self) -> Path:
        return self.out / "notebooks"


def default_out(org: str = DEFAULT_ORG) -> Path:
    """reports/<org>, unless PRIVACY_INVENTORY_OUT says otherwise (tests, CI)."""
    return resolve(os.environ.get(OUT_ENV) or f"reports/{org}", f"reports/{org}")
