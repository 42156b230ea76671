"""A Fides project of our own making: its systems map to its datasets, vendors and outside systems are recipients."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from fideslang.models import Dataset, Organization, System

from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.errors import InventoryError
from privacy_inventory.fides.export import export_fides
from privacy_inventory.fides.importer import import_fides, read_fides_project
from privacy_inventory.models import Inventory

PROJECT = Path(__file__).resolve().parent / "fixtures" / "fides_project"


def test_the_sample_is_valid_fideslang() -> None:
    kinds = {"system": System, "dataset": Dataset, "organization": Organization}
    seen = set()
    for path in sorted(PROJECT.glob("*.yml")):
        for kind, items in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for raw in items:
                kinds[kind].model_validate(raw)
                seen.add(kind)
    assert seen == set(kinds)


def test_systems_datasets_activities_and_recipients() -> None:
    project = read_fides_project(PROJECT)
    d = project.declarations
    # systems: the three that hold the project's datasets or only process, none of them a recipient
    assert project.systems == {"Billing": ["billing_db"], "Clinic portal": ["practice_db"], "Web statistics": []}
    assert d.systems() == ["Billing", "Clinic portal", "Web statistics"]
    # datasets: their collections become the tables the activities cover
    assert project.datasets == {"billing_db": ["card_payments", "invoices"], "practice_db": ["appointments", "patients"]}
    assert [a.key for a in d.activities] == ["appointment_reminders", "invoicing_and_payments", "treatment_and_patient_records", "website_statistics"]
    treatment = d.activity("treatment_and_patient_records")
    assert treatment.tables == ["appointments", "patients"] and treatment.systems == ["Clinic portal"]
    assert treatment.art9_condition == "h" and treatment.legal_basis == "contract"
    assert treatment.retention.period == "P20Y" and treatment.recipients == []
    invoicing = d.activity("invoicing_and_payments")  # billing receives from the portal, yet holds billing_db: ours
    assert invoicing.tables == ["card_payments", "invoices"] and invoicing.systems == ["Billing"]
    assert invoicing.legal_basis == "legal_obligation" and invoicing.recipients == ["stripe"]
    assert d.activity("appointment_reminders").recipients == ["reminder_mailer"]
    assert d.activity("website_statistics").tables == [] and d.activity("website_statistics").systems == ["Web statistics"]
    # recipients: the vendor system with its transfer country, and the outside system the vendor catalogue knows
    assert project.external == ["stripe"]
    assert [r.key for r in d.recipients] == ["reminder_mailer", "stripe"]
    mailer, stripe = d.recipients
    assert (mailer.role, mailer.country, mailer.transfer_safeguard) == ("processor", "US", "sccs")
    assert mailer.contract_reference == "contracts/mailing-dpa-2025.pdf"
    assert (stripe.name, stripe.role, stripe.country, stripe.vendor) == ("Stripe", "processor", "US", "stripe")
    assert stripe.transfer_safeguard == "none" and stripe.categories == ["user.financial.credit_card"]
    assert all(r.country != "ZZ" for r in d.recipients)
    assert d.controller.name == "Fysio Noord B.V." and d.controller.dpo.email == "fg@fysionoord.example"
    assert load_declarations(PROJECT) == d  # the same project as a declarations directory


def test_an_outside_system_nobody_knows_is_a_recipient_in_an_unknown_country(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    text = (project / "systems.yml").read_text(encoding="utf-8").replace("stripe", "acme_collections")
    (project / "systems.yml").write_text(text, encoding="utf-8")
    (acme,) = [r for r in import_fides(project).recipients if r.key == "acme_collections"]
    assert (acme.country, acme.transfer_safeguard, acme.vendor) == ("ZZ", "none", None)


def _broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("systems.yml", "        special_category_legal_basis: Health or social care (with a basis in law)\n", "",
         r"systems\.yml:\d+: system\[0\]\.privacy_declarations\[0\]: special_category_legal_basis is missing; .*user\.health_and_medical"),
        ("systems.yml", "third_country_transfers: [USA]", "third_country_transfers: [USX]",
         r"systems\.yml:\d+: system\[3\]\.third_country_transfers\[0\]: 'USX' is not an ISO 3166"),
        ("systems.yml", "  - fides_key: web_statistics", "  - fides_key: billing",
         r"systems\.yml:\d+: system\[2\]\.fides_key: system 'billing' is defined twice"),
        ("dataset_billing.yml", "      - name: card_payments\n", "      - nam: card_payments\n",
         r"dataset_billing\.yml:\d+: dataset\[0\]\.collections\[1\]"),
        ("systems.yml", "legal_basis_for_processing: Contract", "legal_basis_for_processing: Contrakt",
         r"systems\.yml:\d+: system\[0\]\.privacy_declarations\[0\]\.legal_basis_for_processing"),
    ],
)
def test_bad_fides_files_give_one_line_with_file_and_line(tmp_path: Path, name: str, old: str, new: str, expected: str) -> None:
    with pytest.raises(InventoryError, match=expected) as caught:
        import_fides(_broken(tmp_path, name, old, new))
    assert "\n" not in str(caught.value)


def test_a_fides_project_goes_out_and_comes_back_the_same(tmp_path: Path) -> None:
    declared = import_fides(PROJECT)
    out = tmp_path / "export"
    out.mkdir()
    for name, text in export_fides(Inventory(sources=[]), declared).items():
        (out / name).write_text(text, encoding="utf-8")
    assert import_fides(out) == declared
