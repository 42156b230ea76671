"""The DPIA rules on the second organisation (Fernly, an Irish finance app): same rules, other sector, country, schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.demo.fernly import FERNLY_DIR, REFERENCE_DATE, build_fernly, planted_sql
from privacy_inventory.dpia.facts import collect_facts
from privacy_inventory.dpia.overrides import load_overrides
from privacy_inventory.dpia.register import build_register, register_csv
from privacy_inventory.models import Inventory
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

RETENTION = {  # planted problem -> table whose retention fact must count exactly it
    "customers_past_aml_retention": "customers",
    "kyc_past_aml_retention": "kyc_checks",
    "card_txns_past_retention": "card_txns",
    "instalments_past_retention": "instalments",
    "tickets_past_retention": "support_tickets",
    "revoked_bank_links_retained": "bank_links",
    "stale_risk_signal_ips": "risk_signals",
}


@pytest.fixture(scope="module")
def fernly(tmp_path_factory: pytest.TempPathFactory):
    db = build_fernly(tmp_path_factory.mktemp("fernly-dpia") / "fernly.sqlite").path
    spec = parse_source(f"fernly=sqlite:///{db}")
    inv = Inventory(sources=[scan_source(spec, ScanOptions(progress=False))])
    decl = load_declarations(FERNLY_DIR)
    facts = collect_facts([spec], inv, decl, REFERENCE_DATE)
    con = sqlite3.connect(db)
    planted = {k: con.execute(q).fetchone()[0] for k, q in planted_sql().items()}
    con.close()
    return db, inv, decl, facts, build_register(inv, decl, facts, load_overrides(FERNLY_DIR / "dpia.yaml")), planted


@pytest.mark.parametrize("planted_key", sorted(RETENTION))
def test_retention_contradictions_are_exactly_the_planted_ones(fernly, planted_key):
    _, _, _, facts, reg, planted = fernly
    key = f"retention:fernly.{RETENTION[planted_key]}"
    assert facts.value(key) == planted[planted_key], facts.facts[key]
    assert reg.risk(key) is not None and reg.risk(key).count == planted[planted_key]


def test_payment_dates_ticket_resolution_and_statutory_periods_are_not_contradictions(fernly):
    _, _, _, facts, _, planted = fernly
    instalments, tickets, kyc = (facts.facts[f"retention:fernly.{t}"] for t in ("instalments", "support_tickets", "kyc_checks"))
    assert "paid_on does not end the relationship" in instalments.detail and "customers.closed_on" in instalments.detail
    assert "resolved_at does not end the relationship" in tickets.detail
    assert "Criminal Justice" in kyc.detail  # the AML Act's five years are honoured, not contradicted
    # the traps (162 old instalments of open accounts, 309 old tickets, 157 checks within the AML period) are not counted
    assert instalments.value == planted["instalments_past_retention"] and tickets.value == planted["tickets_past_retention"]


def test_no_generic_padding_and_measures_only_where_they_apply(fernly):
    _, _, _, _, reg, _ = fernly
    kinds = {r.kind for r in reg.risks}
    assert not kinds & {"access", "modification", "disappearance"}
    assert all(r.scope.startswith(("table:", "flow:", "activity:")) and r.evidence for r in reg.risks)
    signals = reg.risk("retention:fernly.risk_signals")
    assert any("claim contradicted" in f and "cust_id" in f and "ip_addr" in f for f in signals.factors)
    assert not any("identifiability" in f for f in signals.factors) and signals.level in ("high", "very high")
    vague = [r for r in reg.risks if any("no specifics stated" in f for f in r.factors)]
    assert vague and all("appropriate technical and organisational measures (specifics not stated)" not in r.measures for r in reg.risks)
    assert reg.risk("secret_in_database:fernly.app_config") is None  # vault:/${...}/arn: references, not secrets
    assert reg.risk("undeclared:fernly.lead_imports_2021") is not None


def test_register_has_owner_and_due_columns_and_no_raw_values(fernly):
    db, _, _, facts, reg, _ = fernly
    text = register_csv(reg)
    assert text.splitlines()[0].split(",")[12:14] == ["owner", "due"]
    con = sqlite3.connect(db)
    raw = [r[0] for r in con.execute("SELECT email_addr FROM customers LIMIT 20")] + [r[0] for r in con.execute("SELECT iban FROM bank_links LIMIT 20")]
    con.close()
    assert not [v for v in raw if v in text + facts.to_json()]


def test_necessity_and_proportionality_on_fernly(fernly):
    from privacy_inventory.dpia.necessity import OK, PROBLEM, QUESTION, assess
    from privacy_inventory.dpia.screening import screen

    _, inv, decl, facts, _, planted = fernly
    by = {a.activity: {p.key: p for p in a.points} for a in assess(inv, decl, facts, screen(inv, decl, facts))}
    assert by["fraud"]["storage_limitation"].status == PROBLEM and f"{planted['stale_risk_signal_ips']:,} rows" in by["fraud"]["storage_limitation"].answer
    assert by["marketing"]["lawfulness"].status == OK and any("marketing_consents" in e for e in by["marketing"]["lawfulness"].evidence)
    assert by["onboarding"]["lawfulness"].status in (OK, QUESTION) and "Criminal Justice" in by["onboarding"]["storage_limitation"].evidence[0]
    assert by["regulatory"]["transfers"].status == OK
    assert by["support"]["storage_limitation"].status == PROBLEM and f"{planted['tickets_past_retention']:,} rows" in by["support"]["storage_limitation"].answer
    assert all(p.status in (OK, PROBLEM, QUESTION) for a in by.values() for p in a.values())


def test_hidden_ibans_are_counted_by_their_check_digits_not_every_value(fernly):
    """credit_plans.ext_ref mostly holds order and invoice references; only the planted IBANs are bank accounts."""
    _, _, _, facts, reg, planted = fernly
    assert facts.value("hidden:fernly.credit_plans.ext_ref") == planted["ibans_in_credit_ext_ref"]
    assert reg.risk("hidden:fernly.credit_plans.ext_ref").count == planted["ibans_in_credit_ext_ref"]


def test_children_without_guardian_consent_are_exactly_the_planted_ones(fernly):
    """Teens under Ireland's 16 whose guardian consented (a guardians row linked to them) are not counted; 16-17s are not children."""
    _, _, _, facts, reg, planted = fernly
    fact = facts.facts["under_16:fernly.customers.birth_date"]
    assert fact.value == planted["teens_under_16_without_guardian"] and fact.consented and fact.consented > 0
    assert "guardians" in fact.detail and f"{fact.value:,} do not" in fact.detail
    risk = reg.risk("children:fernly.customers")
    assert risk is not None and risk.count == planted["teens_under_16_without_guardian"]
    assert any("no guardian's consent recorded" in e for e in risk.evidence)


def test_payments_to_unions_churches_and_parties_are_special_category_inferences(fernly):
    """card_txns.mcc 8699/8661/8651 reveal Art. 9 data; merchants (organisations, no payments) and pharmacies (5912) are not counted."""
    _, _, _, facts, reg, planted = fernly
    fact = facts.facts["special_inference:fernly.card_txns"]
    assert fact.value == planted["special_category_payments"], fact
    assert all(w in fact.detail for w in ("trade union membership", "religious beliefs", "political opinions"))
    assert "special_inference:fernly.merchants" not in facts.facts
    risk = reg.risk("special:fernly.card_txns")
    assert risk is not None and risk.count == planted["special_category_payments"] and risk.level in ("high", "very high")


def test_credit_declined_by_the_model_alone_is_an_art22_decision(fernly):
    """credit_plans: declined by `model-v4` counts; declined by an analyst, or approved by the model, does not."""
    _, _, _, facts, reg, planted = fernly
    fact = facts.facts["automated_decisions:fernly.credit_plans"]
    assert fact.value == planted["automated_credit_declines"] and fact.columns == ["decision", "decided_by"], fact
    risk = reg.risk("automated_decision:fernly.credit_plans")
    assert risk is not None and risk.count == planted["automated_credit_declines"] and risk.level in ("high", "very high")
    assert not [k for k in facts.facts if k.startswith("automated_decisions:") and k != "automated_decisions:fernly.credit_plans" and facts.value(k)]


def test_credit_plans_at_special_merchants_are_contracts_not_payments(fernly):
    """credit_plans point to merchants (MCC) but hold a loan's principal, not a payment: no special-category inference there."""
    _, _, _, facts, reg, _ = fernly
    assert "special_inference:fernly.credit_plans" not in facts.facts and reg.risk("special:fernly.credit_plans") is None
