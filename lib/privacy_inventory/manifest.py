"""manifest.json: what a run used (parameters, input hashes, schema fingerprints, versions, commit, times).

It is the one file of an assessment allowed to differ between two runs on the same inputs
(it carries the start and end time); everything else is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from privacy_inventory import __version__
from privacy_inventory.masking import mask_structure
from privacy_inventory.paths import project_root

PINNED = ("fideslang", "SQLAlchemy", "pydantic", "networkx", "pandas", "matplotlib", "openpyxl", "phonenumbers", "python-stdnum", "papermill", "nbconvert", "psycopg")
MANIFEST = "manifest.json"


def file_hashes(paths: list[Path]) -> dict[str, str]:
    """sha256 of every file under the given files/directories, keyed by a project-relative path."""
    root = project_root()
    out: dict[str, str] = {}
    for base in paths:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else ([base] if base.is_file() else [])
        for f in files:
            if f.suffix in (".sqlite-journal",) or f.name.startswith(".write-test"):
                continue
            try:
                key = f.resolve().relative_to(root).as_posix()
            except ValueError:
                key = f.resolve().as_posix()
            out[key] = hashlib.sha256(f.read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def package_versions() -> dict[str, str]:
    """Versions of this package and of the libraries that shape its results."""
    versions = {"privacy-inventory": __version__}
    for name in PINNED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit() -> str:
    """The checkout's commit (with '+dirty' when it has uncommitted changes), or 'unknown'."""
    root = project_root()
    if not (root / "lib" / "privacy_inventory").is_dir():
        return "installed package (no checkout)"  # never the commit of whatever repository the user stands in
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head + ("+dirty" if dirty else "")) if head else "unknown"


def masked_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """Parameters with every URL's password masked (database URLs are env references already)."""
    return mask_structure(json.loads(json.dumps(parameters, sort_keys=True)))


def write_manifest(out: Path, parameters: dict[str, Any], inputs: list[Path], started: dt.datetime, ended: dt.datetime) -> Path:
    """Write manifest.json into an assessment directory."""
    fingerprints: dict[str, str] = {}
    inv = out / "scan" / "inventory.json"
    if inv.exists():
        data = json.loads(inv.read_text(encoding="utf-8"))
        fingerprints = {s["name"]: s.get("fingerprint", "") for s in data.get("sources", [])}
    manifest = {
        "tool": "privacy-inventory",
        "parameters": masked_parameters(parameters),
        "inputs": file_hashes(inputs),
        "schema_fingerprints": fingerprints,
        "packages": package_versions(),
        "git_commit": git_commit(),
        "started": started.isoformat(timespec="seconds"),
        "ended": ended.isoformat(timespec="seconds"),
    }
    path = out / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
