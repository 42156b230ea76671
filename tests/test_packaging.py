"""The two dependency lists (pyproject.toml and environment.yml) must agree, pinned, so both setups match."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(req: str) -> tuple[str, str]:
    name, _, version = req.partition("==")
    return re.sub(r"[-_.]+", "-", name.strip().lower()), version.strip()


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        reqs += extra
    return dict(_norm(r) for r in reqs)


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    pip_list = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert "-e .[test]" in pip_list or "-e ." in pip_list, "environment.yml must install the package with pip -e ."
    return dict(_norm(r) for r in pip_list if not r.startswith("-e"))


def test_every_dependency_is_pinned() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"]) + [r for extra in data["project"]["optional-dependencies"].values() for r in extra]
    assert reqs and all("==" in r for r in reqs), [r for r in reqs if "==" not in r]


def test_environment_yml_lists_the_same_pins_as_pyproject() -> None:
    assert _environment() == _pyproject()


def test_console_script_and_module_entry_points_exist() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["privacy-inventory"] == "privacy_inventory.cli:main"
    assert (ROOT / "lib" / "privacy_inventory" / "__main__.py").exists()
