"""Where things live: the project root, an organisation's inventory, and a run's output layout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ORG = "imvbox"
OUT_ENV = "PRIVACY_INVENTORY_OUT"
STAGE_ENV = "PRIVACY_INVENTORY_STAGE"  # "<final dir><os.pathsep><staging dir>", set by `run` while notebooks execute


def project_root() -> Path:
    """The checkout's root (where pyproject.toml is), so notebooks work from any working directory."""
    for base in (Path.cwd(), Path(__file__).resolve()):
        for parent in (base, *base.parents):
            if (parent / "pyproject.toml").is_file() and (parent / "lib" / "privacy_inventory").is_dir():
                return parent
    return Path.cwd()


def bundle_root() -> Path:
    """Where the notebooks and the demo organisation live: the checkout, or the copy inside an installed wheel."""
    root = project_root()
    if (root / "notebooks").is_dir() and (root / "inventory" / DEFAULT_ORG).is_dir():
        return root
    return Path(__file__).resolve().parent / "bundle"


def notebook_dir() -> Path:
    """The suite's notebooks (checkout or installed package)."""
    return bundle_root() / "notebooks"


def demo_inventory() -> Path:
    """The IMVBox demo organisation's declared inventory, the default only when no database is named."""
    return bundle_root() / "inventory" / DEFAULT_ORG


def is_demo(inventory_dir: Path) -> bool:
    """Whether an inventory directory is the demo organisation's (its generated database and fixed date apply)."""
    return Path(inventory_dir).name == DEFAULT_ORG


def inventory_path(inventory_dir: str | os.PathLike[str] | None) -> Path:
    """A notebook's `inventory_dir` parameter as a directory; empty means the demo organisation."""
    return resolve(inventory_dir, "") if inventory_dir not in (None, "") else demo_inventory()


def from_cwd(path: str | os.PathLike[str]) -> Path:
    """A path given on the command line: relative to where the user stands, never to the checkout."""
    chosen = Path(path).expanduser()
    return chosen if chosen.is_absolute() else Path.cwd() / chosen


def resolve(path: str | os.PathLike[str] | None, default: str) -> Path:
    """A notebook path parameter as given (absolute, or relative to the project root), or the default."""
    chosen = Path(path) if path not in (None, "") else Path(default)
    return staged(chosen if chosen.is_absolute() else project_root() / chosen)


def staged(path: Path) -> Path:
    """During `run`, the final output directory is written in its staging copy (notebooks only name the final one)."""
    mapping = os.environ.get(STAGE_ENV, "")
    if not mapping:
        return path
    final, _, stage = mapping.partition(os.pathsep)
    try:
        rel = Path(os.path.abspath(path)).relative_to(final)
    except ValueError:
        return path
    return Path(stage) / rel if rel.parts else Path(stage)


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


def layout_for(out_dir: str | os.PathLike[str] | None) -> RunLayout:
    """The output layout for a run directory ('' means reports/imvbox or $PRIVACY_INVENTORY_OUT)."""
    return RunLayout(resolve(out_dir, str(default_out())) if out_dir else default_out())


def cli_default_out(org: str) -> Path:
    """`run`'s output without --out: ./reports/<org> where the user stands (or $PRIVACY_INVENTORY_OUT)."""
    return from_cwd(os.environ.get(OUT_ENV) or f"reports/{org}")
