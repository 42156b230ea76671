"""Payments whose merchant category code reveals Art. 9 data, read from the payments row or through a key to the merchant."""

from __future__ import annotations

import datetime as dt

from privacy_inventory.declarations import Declarations
from privacy_inventory.dpia.facts import collect_facts
from privacy_inventory.models import Inventory
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source
from support.schemadb import write_rows


def _facts(tmp_path, ddl: list[str], rows: dict[str, list[tuple]]):
    spec = parse_source(f"bank=sqlite:///{write_rows(tmp_path / 'bank.sqlite', ddl, rows)}")
    inv = Inventory(sources=[scan_source(spec, ScanOptions(progress=False))])
    return collect_facts([spec], inv, Declarations(), dt.date(2026, 3, 31))


def test_integer_codes_through_a_key_to_the_merchant_table(tmp_path):
    shops = [(1, "Grocer", 5411), (2, "Parish church", 8661), (3, "Hospital", 8062), (4, "Pharmacy", 5912), (5, "Party", 8651)]
    users = [(i, f"user{i}@example.invalid") for i in range(1, 21)]
    pays = [(i, 1 + i % 20, 1 + i % 5, 9.5) for i in range(1, 101)]
    facts = _facts(tmp_path, ["CREATE TABLE shops (id INTEGER PRIMARY KEY, name TEXT, merchant_category_code INTEGER)",
                              "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
                              "CREATE TABLE payments (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), shop_id INTEGER REFERENCES shops(id), amount REAL)"],
                   {"shops": shops, "users": users, "payments": pays})
    fact = facts.facts["special_inference:bank.payments"]
    assert fact.value == sum(1 for p in pays if p[2] in (2, 3, 5))  # church, hospital, party; not the grocer nor the pharmacy
    assert "religious beliefs" in fact.detail and "health" in fact.detail and "political opinions" in fact.detail
    assert "special_inference:bank.shops" not in facts.facts and "special_inference:bank.users" not in facts.facts


def test_no_special_codes_count_zero(tmp_path):
    facts = _facts(tmp_path, ["CREATE TABLE card_transactions (id INTEGER PRIMARY KEY, customer_email TEXT, mcc TEXT, amount REAL)"],
                   {"card_transactions": [(i, f"c{i}@example.invalid", "5411", 3.0) for i in range(1, 30)]})
    assert facts.value("special_inference:bank.card_transactions") == 0


def test_automated_rejections_with_a_human_review_flag(tmp_path):
    """Rejected with human_review false or empty counts; reviewed rejections and approvals do not."""
    rows = [(i, f"a{i}@example.invalid", ("rejected", "approved")[i % 2], (1, 0, None)[i % 3]) for i in range(1, 61)]
    facts = _facts(tmp_path, ["CREATE TABLE loan_applications (id INTEGER PRIMARY KEY, applicant_email TEXT, outcome TEXT, human_review BOOLEAN)"],
                   {"loan_applications": rows})
    assert facts.value("automated_decisions:bank.loan_applications") == sum(1 for r in rows if r[2] == "rejected" and not r[3])
