"""Fides both ways on real data: the IMVBox export of a real scan imports back unchanged; a Fides project of
systems and `dataset:` files maps its own systems to its datasets instead of making them recipients."""

from __future__ import annotations

from pathlib import Path

import yaml
from fideslang.models import Dataset, System

from privacy_inventory.declarations import is_special_category
from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.fides.export import export_fides
from privacy_inventory.fides.importer import import_fides
from privacy_inventory.models import Inventory
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

ROOT = Path(__file__).resolve().parents[1]

DATASET = """dataset:
  - fides_key: school_db
    name: School management database
    collections:
      - name: pupils
        fields:
          - name: id
            data_categories: [user.unique_id]
          - name: full_name
            data_categories: [user.name]
          - name: allergies
            data_categories: [user.health_and_medical]
      - name: guardians
        fields:
          - name: email
            data_categories: [user.contact.email]
"""
SYSTEMS = """system:
  - fides_key: school_portal
    name: School portal
    system_type: Service
    responsibility: [Processor]
    dataset_references: [school_db]
    egress:
      - fides_key: mail_provider
        type: system
    privacy_declarations:
      - name: Pupil records
        data_use: essential.service
        data_categories: [user.name, user.health_and_medical]
        data_subjects: [trainee]
        legal_basis_for_processing: Public interest
        special_category_legal_basis: Reasons of substantial public interest (with a basis in law)
        dataset_references: [school_db]
        egress: [mail_provider]
  - fides_key: mail_provider
    name: Mail provider
    system_type: Service
    responsibility: [Processor]
    ingress:
      - fides_key: school_portal
        type: system
    privacy_declarations:
      - name: Mail delivery
        data_use: essential.service.notifications.email
        data_categories: [user.contact.email]
        data_subjects: [trainee]
"""


def test_imvbox_export_of_a_real_scan_imports_back_unchanged(imvbox_db: Path, tmp_path: Path) -> None:
    declared = load_declarations(ROOT / "inventory" / "imvbox")
    inventory = Inventory(sources=[scan_source(parse_source(f"imvbox=sqlite:///{imvbox_db}"), ScanOptions(progress=False))]).sorted()
    files = export_fides(inventory, declared)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    exported = yaml.safe_load(files["systems.yml"])["system"]
    special = [d for s in exported for d in s.get("privacy_declarations", []) if any(is_special_category(c) for c in d.get("data_categories", []))]
    assert special, "the real scan finds special categories in IMVBox's activities"
    back = import_fides(tmp_path)
    assert back.activities == declared.activities
    assert back.recipients == declared.recipients
    conditions = {a.key: a.art9_condition for a in back.activities if a.art9_condition}
    assert conditions == {a.key: a.art9_condition for a in declared.activities if a.art9_condition}


def test_a_fides_project_maps_its_own_systems_to_its_datasets(tmp_path: Path) -> None:
    project = tmp_path / "fides-project"
    project.mkdir()
    (project / "dataset.yml").write_text(DATASET, encoding="utf-8")
    (project / "systems.yml").write_text(SYSTEMS, encoding="utf-8")
    Dataset.model_validate(yaml.safe_load(DATASET)["dataset"][0])  # the sample is valid fideslang
    for raw in yaml.safe_load(SYSTEMS)["system"]:
        System.model_validate(raw)
    for declarations in (import_fides(project), load_declarations(project)):
        assert [r.key for r in declarations.recipients] == ["mail_provider"]  # the portal holds the datasets: it is ours
        (activity,) = [a for a in declarations.activities if a.key == "pupil_records"]
        assert activity.tables == ["guardians", "pupils"]  # the collections of the referenced dataset
        assert activity.systems == ["School portal"]
        assert activity.recipients == ["mail_provider"]
        assert activity.art9_condition == "g" and activity.legal_basis == "public_task"
