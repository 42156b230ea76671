"""One transfer judgement under the controller's own regime, the same words on the data map, the RoPA, the DPIA and the policy gap."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from privacy_inventory.datamap.counts import map_counts
from privacy_inventory.datamap.graph import build_data_map
from privacy_inventory.datamap.queries import data_map_findings, transfers_abroad
from privacy_inventory.declarations import Declarations
from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.dpia.risks import derive_risks
from privacy_inventory.jurisdiction import (
    controller_consent_age,
    digital_consent_age,
    eea,
    judge_transfer,
    regime_for,
)
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan
from privacy_inventory.policy.gaps import PracticeFacts, compare_policy
from privacy_inventory.policy.reader import read_policy
from privacy_inventory.ropa.record import build_ropa

DATA = Path(__file__).resolve().parents[1] / "lib" / "privacy_inventory" / "data" / "jurisdictions.yaml"


def _declarations(tmp_path: Path, country: str, recipients: list[dict]) -> Declarations:
    (tmp_path / "controller.yaml").write_text(yaml.safe_dump({"controller": {
        "name": "Example Ltd", "address": "1 Example Street", "email": "privacy@example.org", "country": country,
        "dpo": {"email": "dpo@example.org"}}}), encoding="utf-8")
    (tmp_path / "activities.yaml").write_text(yaml.safe_dump({"activities": [{
        "key": "service", "name": "Service", "purposes": ["essential.service"], "legal_basis": "contract",
        "data_subjects": ["customer"], "data_categories": ["user.contact.email"], "tables": ["people"],
        "recipients": [r["key"] for r in recipients], "security_measures": ["encryption at rest (AES-256)"]}]}), encoding="utf-8")
    (tmp_path / "recipients.yaml").write_text(yaml.safe_dump({"recipients": recipients}, sort_keys=False), encoding="utf-8")
    return load_declarations(tmp_path)


def _inventory() -> Inventory:
    cols = [ColumnScan("email", "TEXT", category="user.contact.email", confidence=0.95, evidence="name + values")]
    return Inventory(sources=[SourceScan("app", "sqlite", "sqlite:///app.db", tables=[TableScan(None, "people", columns=cols, row_estimate=50)])])


RECIPIENTS = [
    {"key": "crm_us", "name": "CRM Inc", "role": "processor", "type": "service_provider", "country": "US", "transfer_safeguard": "sccs"},
    {"key": "dpf_us", "name": "Certified Inc", "role": "processor", "type": "service_provider", "country": "US",
     "transfer_safeguard": "none", "certifications": ["eu_us_dpf", "uk_extension"]},
    {"key": "mail_fr", "name": "Courrier SAS", "role": "processor", "type": "email_service", "country": "FR"},
    {"key": "host_gb", "name": "Hosting Ltd", "role": "processor", "type": "hosting", "country": "GB"},
    {"key": "police_us", "name": "Federal Bureau of Investigation", "role": "public_authority", "type": "authority", "country": "US",
     "transfer_safeguard": "none"},
]


def test_the_data_lists_have_a_source_and_a_date():
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert "Sources" in DATA.read_text(encoding="utf-8")
    for spec in data["regimes"].values():
        assert spec["adequacy"]["as_of"] and spec["adequacy"]["source"]
    assert len(eea()) == 30 and "NO" in eea() and "GB" not in eea()


@pytest.mark.parametrize(("country", "regime", "authority"), [
    ("GB", "UK GDPR", "Information Commissioner's Office (ICO)"),
    ("IE", "EU GDPR", "Data Protection Commission (DPC)"),
    ("FR", "EU GDPR", "Commission nationale de l'informatique et des libertés (CNIL)"),
    (None, "EU GDPR", "the lead supervisory authority of the main establishment (Art. 56 GDPR)"),
])
def test_the_controller_country_decides_the_regime_and_its_authority(country, regime, authority):
    reg = regime_for(country)
    assert (reg.name, reg.authority) == (regime, authority)


def test_uk_regime_judges_transfers_under_uk_law():
    uk = regime_for("GB")
    assert judge_transfer(uk, "GB").transfer is False  # the UK is home, not a third country
    fr = judge_transfer(uk, "FR")
    assert fr.transfer and fr.ok and fr.basis == "adequacy" and "UK GDPR" in fr.text  # EEA covered by UK adequacy regulations
    assert not judge_transfer(uk, "US", "sccs").ok  # EU SCCs alone are no UK transfer tool
    assert "UK Addendum" in judge_transfer(uk, "US", "sccs").text
    assert judge_transfer(uk, "US", "idta").ok and judge_transfer(uk, "US", "uk_addendum").ok
    assert not judge_transfer(uk, "US", None, certifications=["eu_us_dpf"]).ok  # the UK Extension is its own certification
    assert judge_transfer(uk, "US", None, certifications=["uk_extension"]).basis == "certified"
    assert judge_transfer(uk, "KR").ok and not judge_transfer(uk, "BR").ok


def test_eu_regime_judges_transfers_under_eu_law():
    eu = regime_for("DE")
    assert judge_transfer(eu, "GB").ok and judge_transfer(eu, "GB").transfer  # UK: a third country with an adequacy decision
    assert judge_transfer(eu, "FR").transfer is False
    assert judge_transfer(eu, "US", "sccs").ok and not judge_transfer(eu, "US", "idta").ok
    assert not judge_transfer(eu, "US", "adequacy").ok  # adequacy for the US covers DPF-certified recipients only
    assert judge_transfer(eu, "US", "adequacy", certifications=["eu_us_dpf"]).ok
    assert judge_transfer(eu, "ZZ", "none").basis == "unknown_country"


def test_disclosure_to_an_authority_abroad_is_a_transfer():
    for country, law in (("GB", "Chapter V UK GDPR"), ("DE", "Art. 48 GDPR")):  # each regime's own wording (UK GDPR has no EU Art. 48 route)
        judged = judge_transfer(regime_for(country), "US", None, authority=True)
        assert judged.transfer and not judged.ok and judged.basis == "foreign_authority" and law in judged.text
    assert judge_transfer(regime_for("GB"), "GB", None, authority=True).transfer is False  # a home authority is no transfer


@pytest.mark.parametrize(("country", "age"), [("GB", 13), ("DE", 16), ("FR", 15), ("IE", 16), ("NL", 16), ("ES", 14), ("IT", 14), (None, 16)])
def test_age_of_digital_consent_follows_the_country(country, age):
    assert digital_consent_age(country) == age


def test_one_judgement_and_one_wording_on_every_page(tmp_path: Path):
    decl = _declarations(tmp_path, "GB", RECIPIENTS)
    assert controller_consent_age(decl) == 13
    inventory = _inventory()
    graph = build_data_map(inventory, decl)
    assert graph.graph["regime"] == "UK GDPR" and graph.graph["home_label"] == "the UK"
    rows = {r["recipient"]: r for r in transfers_abroad(graph)}
    assert set(rows) == {"crm_us", "dpf_us", "mail_fr", "police_us"}  # GB is home; FR is abroad for a UK controller
    assert rows["mail_fr"]["ok"] and rows["dpf_us"]["ok"] and not rows["crm_us"]["ok"] and not rows["police_us"]["ok"]
    findings = {f.key: f for f in data_map_findings(graph, inventory, decl)}
    unsafe = sorted(k for k in findings if k.startswith("datamap.transfer-without-safeguard"))
    assert unsafe == ["datamap.transfer-without-safeguard.crm_us.US", "datamap.transfer-without-safeguard.police_us.US"]
    ropa = build_ropa(inventory, decl)
    transfers = {t.recipient: t for t in ropa.entries[0].transfers}
    assert set(transfers) == set(rows)
    for key, row in rows.items():  # the RoPA's item (e) says what the data map says
        assert row["transfer"] in transfers[key].safeguard
    risks = {r.key: r for r in derive_risks(inventory, decl)}
    assert {"transfer:crm_us", "transfer:police_us"} <= set(risks) and "transfer:dpf_us" not in risks and "transfer:mail_fr" not in risks
    assert rows["crm_us"]["transfer"] in risks["transfer:crm_us"].description
    counts = map_counts(graph)
    assert (counts["recipients_outside"], counts["countries_outside"], counts["transfers_without_valid_safeguard"]) == (4, 2, 2)


def test_same_organisation_in_the_eu_has_other_transfers(tmp_path: Path):
    decl = _declarations(tmp_path, "IE", RECIPIENTS)
    graph = build_data_map(_inventory(), decl)
    rows = {r["recipient"]: r for r in transfers_abroad(graph)}
    assert set(rows) == {"crm_us", "dpf_us", "host_gb", "police_us"}  # France is home now; the UK is abroad (with adequacy)
    assert rows["crm_us"]["ok"] and rows["host_gb"]["ok"] and rows["dpf_us"]["ok"] and not rows["police_us"]["ok"]


def _policy(tmp_path: Path, text: str):
    path = tmp_path / "policy.md"
    path.write_text(text, encoding="utf-8")
    return read_policy(path)


def test_policy_gap_judges_home_area_and_safeguards_by_regime(tmp_path: Path):
    policy = _policy(tmp_path, "# Privacy\n\n## International transfers\n\nWhen a provider in the United States processes your data, "
                     "we rely on the European Commission's Standard Contractual Clauses.\n")
    assert policy.transfers and policy.transfers[0].safeguards == ("standard_contractual_clauses",)  # named SCCs are a safeguard
    practice = PracticeFacts(home_country="GB", countries=["FR", "MT", "US"])
    gaps = compare_policy(policy, practice)
    subjects = {g.subject for g in gaps}
    assert "transfer safeguards" not in subjects
    assert "transfer: FR" not in subjects and "transfer: MT" not in subjects  # covered by UK adequacy regulations
    silent = _policy(tmp_path, "# Privacy\n\nWe collect your email address to run the service.\n")
    gaps = {g.subject: g for g in compare_policy(silent, practice)}
    assert gaps["transfer: US"].severity == "medium" and gaps["transfer: FR"].severity == "low"
    assert "outside the UK" in gaps["transfer: FR"].detail


def test_purposes_matched_by_meaning(tmp_path: Path):
    policy = _policy(tmp_path, "# Privacy\n\nWe use your data to detect and prevent abuse of the service and for security purposes.\n")
    practice = PracticeFacts(purposes_found={"essential.fraud_detection": ["risk_signals"]})
    assert not [g for g in compare_policy(policy, practice) if g.subject == "essential.fraud_detection"]  # fraud detection is security
    other = PracticeFacts(purposes_found={"marketing.advertising.third_party.targeted": ["ad_events"]})
    assert [g.kind for g in compare_policy(policy, other) if g.subject == "marketing.advertising.third_party.targeted"] == ["undisclosed"]
