"""Fides export validates with fideslang's own models and imports back into the same declarations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.models import Dataset, Organization, System

from privacy_inventory.declarations import Declarations
from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.errors import InventoryError
from privacy_inventory.fides.export import export_fides
from privacy_inventory.fides.importer import import_fides
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan

IMVBOX = Path(__file__).resolve().parents[1] / "inventory" / "imvbox"
CATEGORIES = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}


def _inventory(extra_category: str | None = None) -> Inventory:
    accounts = [
        ColumnScan(name="id", data_type="INTEGER", primary_key=True),
        ColumnScan(name="email", data_type="VARCHAR", category="user.contact.email", confidence=0.98),
    ]
    if extra_category:
        accounts.append(ColumnScan(name="dob", data_type="DATE", category=extra_category, confidence=0.9))
    return Inventory(
        sources=[
            SourceScan(
                name="imvbox",
                dialect="sqlite",
                url="sqlite:///imvbox.db",
                tables=[
                    TableScan(schema=None, name="films", columns=[ColumnScan(name="title", data_type="TEXT")]),
                    TableScan(schema=None, name="accounts", primary_key=["id"], columns=accounts),
                    TableScan(schema=None, name="legacy_users_2015", columns=[ColumnScan(name="pass", data_type="VARCHAR", category="user.authorization.password")]),
                ],
            )
        ]
    )


def _write(files: dict[str, str], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_export_validates_with_fideslang_models():
    files = export_fides(_inventory(), load_declarations(IMVBOX))
    assert sorted(files) == ["dataset_imvbox.yml", "organization.yml", "systems.yml"]
    dataset = Dataset.model_validate(yaml.safe_load(files["dataset_imvbox.yml"])["dataset"][0])
    fields = {(c.name, f.name): f for c in dataset.collections for f in c.fields}
    assert fields[("accounts", "email")].data_categories == ["user.contact.email"]
    assert fields[("films", "title")].data_categories is None  # only personal columns carry categories
    assert fields[("accounts", "id")].fides_meta.primary_key is True
    systems = [System.model_validate(s) for s in yaml.safe_load(files["systems.yml"])["system"]]
    by_key = {s.fides_key: s for s in systems}
    assert {"imvbox", "stripe", "facebook", "law_enforcement"} <= set(by_key)
    used = {c for s in systems for d in s.privacy_declarations for c in d.data_categories}
    assert used <= CATEGORIES
    assert by_key["stripe"].responsibility == ["Processor"] and by_key["stripe"].does_international_transfers
    assert by_key["stripe"].legal_basis_for_transfers == ["SCCs"]
    ad = [d for d in by_key["imvbox-app"].privacy_declarations if d.name == "Third-party targeted advertising"]
    assert ad and all(d.legal_basis_for_processing == "Consent" for d in ad)
    assert Organization.model_validate(yaml.safe_load(files["organization.yml"])["organization"][0]).name == "IMVBox"


def test_export_is_deterministic():
    declarations = load_declarations(IMVBOX)
    first = export_fides(_inventory(), declarations)
    inv = _inventory()
    inv.sources[0].tables.reverse()
    assert export_fides(inv, declarations) == first


def test_round_trip(tmp_path: Path):
    declared = load_declarations(IMVBOX)
    back = import_fides(_write(export_fides(_inventory(), declared), tmp_path / "fides"))
    assert back.activities == declared.activities
    assert back.recipients == declared.recipients
    assert back.controller == declared.controller  # country and `unknown` contacts travel as organization tags


def test_export_lists_scanned_categories_and_imports_back_the_declared_ones(tmp_path: Path):
    declared = load_declarations(IMVBOX)
    files = export_fides(_inventory("user.demographic.date_of_birth"), declared)
    name = declared.activity("account").name
    account = [d for s in yaml.safe_load(files["systems.yml"])["system"] for d in s.get("privacy_declarations", []) if d["name"] == name]
    assert account and all("user.demographic.date_of_birth" in d["data_categories"] for d in account)  # what the scan found
    back = import_fides(_write(files, tmp_path / "f"))
    assert back.activity("account") == declared.activity("account")  # our own export imports back unchanged
    # the undeclared legacy table exports as a dataset but is claimed by no activity
    assert all("legacy" not in t for a in back.activities for t in a.tables)


PLAIN_FIDES = """\
system:
  - fides_key: web_app
    name: Web app
    system_type: Service
    egress:
      - {fides_key: mailer, type: system}
    dataset_references: [app_db]
    privacy_declarations:
      - name: Newsletter
        data_use: marketing.communications.email
        data_categories: [user.contact.email]
        data_subjects: [customer]
        egress: [mailer]
        legal_basis_for_processing: Consent
        retention_period: relationship + P30D
        dataset_references: [app_db]
  - fides_key: mailer
    name: Mailer Inc
    system_type: Third Party
    responsibility: [Processor]
    privacy_declarations:
      - name: Mailer
        data_use: marketing.communications.email
        data_categories: [user.contact.email]
        data_subjects: [customer]
"""


def test_plain_fides_file_loads_instead_of_ours(tmp_path: Path):
    (tmp_path / "fides.yml").write_text(PLAIN_FIDES, encoding="utf-8")
    for d in (import_fides(tmp_path / "fides.yml"), load_declarations(tmp_path)):
        assert isinstance(d, Declarations)
        newsletter = d.activity("newsletter")
        assert newsletter.legal_basis == "consent" and newsletter.recipients == ["mailer"]
        assert newsletter.tables == ["app_db.*"] and newsletter.systems == ["Web app"]
        assert newsletter.retention.period == "relationship" and newsletter.retention.grace == "P30D"
        mailer = d.recipient("mailer")
        assert mailer.role == "processor" and mailer.country == "ZZ" and mailer.transfer_safeguard == "none"


def test_fides_errors_are_one_line_with_line_numbers(tmp_path: Path):
    path = tmp_path / "fides.yml"
    path.write_text(PLAIN_FIDES.replace("        legal_basis_for_processing: Consent\n", ""), encoding="utf-8")
    with pytest.raises(InventoryError, match=r"fides.yml:9: system\[0\]\.privacy_declarations\[0\]: legal_basis_for_processing is missing"):
        import_fides(path)
    path.write_text(PLAIN_FIDES.replace("system_type: Service", "system_typ: Service"), encoding="utf-8")
    with pytest.raises(InventoryError, match=r"fides.yml:2: system\[0\]"):
        import_fides(path)
    path.write_text(PLAIN_FIDES.replace("data_use: marketing.communications.email", "data_use: marketing.emails", 1), encoding="utf-8")
    with pytest.raises(InventoryError, match="not a fideslang data use"):
        import_fides(path)
    ours = tmp_path / "activities.yml"
    ours.write_text((IMVBOX / "activities.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InventoryError, match="not a Fides file"):
        import_fides(ours)


def test_awkward_declarations_round_trip(tmp_path: Path):
    """No system, a system named like a recipient, systems whose keys collide, two activities with one name, drafts."""
    declared = load_declarations(IMVBOX)
    first, second, third = declared.activities[:3]
    changed = [
        first.model_copy(update={"systems": [], "draft": True}),
        second.model_copy(update={"systems": ["stripe", "Web App", "web app"], "name": third.name}),
        *declared.activities[2:],
    ]
    abroad = next(i for i, r in enumerate(declared.recipients) if r.transfer_safeguard == "sccs")
    recipients = [r.model_copy(update={"draft": True}) if i == 0 else r for i, r in enumerate(declared.recipients)]
    recipients[abroad] = recipients[abroad].model_copy(update={"transfer_safeguard": "idta", "certifications": ["eu_us_dpf"]})
    controller = declared.controller.model_copy(update={"draft": True, "address": None})
    update = {"activities": changed, "recipients": recipients, "controller": controller}
    awkward = Declarations.model_validate(declared.model_copy(update=update).model_dump()).sorted()
    files = export_fides(_inventory(), awkward)
    keys = [s["fides_key"] for s in yaml.safe_load(files["systems.yml"])["system"]]
    assert len(keys) == len(set(keys)) and "stripe_system" in keys and "organisation" in keys
    assert "- IDTA" in files["systems.yml"]  # Fides readers see the safeguard in legal_basis_for_transfers
    back = import_fides(_write(files, tmp_path / "f"))
    assert back == awkward
