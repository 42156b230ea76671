"""Our Fides export of a real scan imports back unchanged, field by field, for both demo organisations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fideslang.models import Dataset, Organization, System

from privacy_inventory.declarations import Declarations, is_special_category
from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.errors import InventoryError
from privacy_inventory.demo.fernly import FERNLY_DIR, build_fernly
from privacy_inventory.fides.export import export_fides
from privacy_inventory.fides.importer import import_fides
from privacy_inventory.models import Inventory
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

IMVBOX = Path(__file__).resolve().parents[1] / "inventory" / "imvbox"


def _scan(name: str, db: Path) -> Inventory:
    return Inventory(sources=[scan_source(parse_source(f"{name}=sqlite:///{db}"), ScanOptions(progress=False))]).sorted()


def _export(inventory: Inventory, declared: Declarations, out: Path) -> dict[str, str]:
    files = export_fides(inventory, declared)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return files


def _assert_same(back: Declarations, declared: Declarations) -> None:
    """Field by field, so a failure names the item and the field that changed."""
    assert [a.key for a in back.activities] == [a.key for a in declared.activities]
    assert [r.key for r in back.recipients] == [r.key for r in declared.recipients]
    pairs: list[tuple[str, Any, Any]] = [(f"activity {a.key}", b, a) for a, b in zip(declared.activities, back.activities)]
    pairs += [(f"recipient {r.key}", b, r) for r, b in zip(declared.recipients, back.recipients)]
    pairs.append(("controller", back.controller, declared.controller))
    for label, got, want in pairs:
        for field in type(want).model_fields:
            assert getattr(got, field) == getattr(want, field), f"{label}: {field} changed in the round trip"
    assert back == declared


@pytest.fixture(scope="module")
def imvbox_scan(imvbox_db: Path) -> Inventory:
    return _scan("imvbox", imvbox_db)


def _validates(files: dict[str, str]) -> list[System]:
    """Every exported resource validates with fideslang's own models."""
    for name, text in files.items():
        data = yaml.safe_load(text)
        for raw in data.get("dataset", []):
            Dataset.model_validate(raw)
        for raw in data.get("organization", []):
            Organization.model_validate(raw)
    return [System.model_validate(raw) for raw in yaml.safe_load(files["systems.yml"])["system"]]


def test_imvbox_export_of_a_real_scan_imports_back_unchanged(imvbox_scan: Inventory, tmp_path: Path) -> None:
    declared = load_declarations(IMVBOX)
    files = _export(imvbox_scan, declared, tmp_path / "fides")
    systems = _validates(files)
    # the scan finds health data in an activity that declares none: Fides readers see it, flagged without a basis
    flagged = [d for s in systems for d in s.privacy_declarations if any(is_special_category(c) for c in d.data_categories)]
    assert flagged and all(d.processes_special_category_data for d in flagged)
    _assert_same(import_fides(tmp_path / "fides"), declared)
    # and a second round trip writes the same files
    again = _export(imvbox_scan, import_fides(tmp_path / "fides"), tmp_path / "again")
    assert again == files


def test_fernly_export_of_a_real_scan_imports_back_unchanged(tmp_path: Path) -> None:
    build_fernly(tmp_path / "fernly.sqlite")
    declared = load_declarations(FERNLY_DIR)
    assert declared.controller is not None and declared.controller.country  # a field fideslang has no place for
    files = _export(_scan("fernly", tmp_path / "fernly.sqlite"), declared, tmp_path / "fides")
    _validates(files)
    assert "privacy_inventory.country=" in files["organization.yml"]
    _assert_same(import_fides(tmp_path / "fides"), declared)


def test_edits_made_in_fides_win_over_our_meta(imvbox_scan: Inventory, tmp_path: Path) -> None:
    """Fields fideslang holds are read from fideslang: a DPO's change in Fides is not undone by our meta."""
    declared = load_declarations(IMVBOX)
    files = _export(imvbox_scan, declared, tmp_path / "fides")
    data = yaml.safe_load(files["systems.yml"])
    target = declared.activities[0]
    for system in data["system"]:
        for decl in system.get("privacy_declarations", []):
            if decl["name"] == target.name:
                decl["retention_period"] = "P2Y"
                decl["data_subjects"] = sorted(set(decl["data_subjects"]) | {"visitor"})
    (tmp_path / "fides" / "systems.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    back = import_fides(tmp_path / "fides").activity(target.key)
    assert back.retention is not None and back.retention.period == "P2Y"
    assert "visitor" in back.data_subjects
    assert back.description == target.description and back.tables == target.tables  # meta still restores the rest


@pytest.mark.parametrize("strip", ["meta", "tags"])
def test_without_our_meta_the_export_still_loads(imvbox_scan: Inventory, tmp_path: Path, strip: str) -> None:
    """A tool that drops `meta`/tags loses what the README lists, nothing more; the file still loads."""
    declared = load_declarations(IMVBOX)
    files = _export(imvbox_scan, declared, tmp_path / "fides")
    name, kind = ("systems.yml", "system") if strip == "meta" else ("organization.yml", "organization")
    data = yaml.safe_load(files[name])
    for item in data[kind]:
        item.pop(strip, None)
    (tmp_path / "fides" / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    if strip == "meta":
        # scanned special categories now read as declared ones without an Art. 9 basis: one line, file:line
        with pytest.raises(InventoryError, match=r"systems\.yml:\d+: .*special_category_legal_basis is missing"):
            import_fides(tmp_path / "fides")
        return
    back = import_fides(tmp_path / "fides")
    assert back.activities == declared.activities and back.recipients == declared.recipients
    # lost with the tags, as the README lists: the controller's country and why DPO/representative are unknown
    assert back.controller.name == declared.controller.name and back.controller.country is None
    assert back.controller.dpo.unknown == "not stated in the Fides organization"
