"""Disclosures to authorities abroad recorded in a database are transfers, judged under the controller's own regime.

A Dutch web shop's database (never seen by the project) logs government requests; the same data is judged for an EU
controller (Netherlands) and for a UK one, so the rule follows the controller's country, not IMVBox.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from privacy_inventory.datamap.disclosures import authority_transfers
from privacy_inventory.datamap.graph import build_data_map
from privacy_inventory.datamap.queries import data_map_findings, transfers_abroad
from privacy_inventory.declarations import Controller, Declarations, Party, ProcessingActivity, Recipient
from privacy_inventory.dpia.risks import derive_risks
from privacy_inventory.policy.practice import practice_facts
from privacy_inventory.ropa.record import build_ropa
from privacy_inventory.scan.database import ScanOptions
from privacy_inventory.scan.estate import scan_estate
from privacy_inventory.scan.sources import parse_source

ROWS = [  # agency, country_code, produced_at
    ("Politie Eenheid Amsterdam", None, "2025-01-10"),
    ("Politie Eenheid Amsterdam", None, "2025-02-10"),
    ("Federal Bureau of Investigation", None, "2025-03-01"),
    ("FBI Field Office Newark", None, None),  # refused: not a disclosure
    ("Ministério Público Federal", "BR", "2025-04-02"),
    ("Bundeskriminalamt", None, "2025-05-05"),
    ("Office of the special prosecutor", None, "2025-06-06"),  # no country known
]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("disclosures") / "shop.sqlite"
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE klanten (id INTEGER PRIMARY KEY, email TEXT, naam TEXT);
        CREATE TABLE government_requests (id INTEGER PRIMARY KEY, agency TEXT, country_code TEXT, klant_id INTEGER REFERENCES klanten(id),
                                          legal_process TEXT, produced_at DATE);
        CREATE TABLE authorities (username TEXT, authority TEXT);
    """)
    con.executemany("INSERT INTO klanten VALUES (?, ?, ?)", [(i, f"k{i}@example.nl", f"Klant {i}") for i in range(1, 8)])
    con.executemany("INSERT INTO government_requests (agency, country_code, klant_id, legal_process, produced_at) VALUES (?, ?, 1, 'order', ?)", ROWS)
    con.executemany("INSERT INTO authorities VALUES (?, ?)", [("admin", "ROLE_ADMIN"), ("k1", "ROLE_USER")])
    con.commit()
    con.close()
    return scan_estate([parse_source(f"shop=sqlite:///{db}")], [], ScanOptions(progress=False, sample_size=20))


def _decl(country: str) -> Declarations:
    return Declarations(
        controller=Controller(name="Winkel", address="Damrak 1", email="privacy@winkel.example", country=country, dpo=Party(email="dpo@winkel.example")),
        activities=[ProcessingActivity(key="legal", name="Legal requests", purposes=["essential.legal_obligation"], legal_basis="legal_obligation",
                                       data_subjects=["customer"], data_categories=["user.contact.email"], tables=["government_requests"],
                                       recipients=["police"])],
        recipients=[Recipient(key="police", name="Police and courts", role="public_authority", type="authority", country=country)],
    )


def test_the_log_is_counted_by_authority_country_without_writing_unknown_names(shop) -> None:
    found = {(d.country, d.authority): (d.requests, d.disclosed) for d in shop.disclosures}
    assert found[("US", "Federal Bureau of Investigation")] == (2, 1)  # the refused request is not a disclosure
    assert found[("BR", "")] == (1, 1) and found[("DE", "Bundeskriminalamt")] == (1, 1)
    assert found[("ZZ", "")] == (1, 1)
    assert {d.table for d in shop.disclosures} == {"government_requests"}  # `authorities` lists roles, not requests
    assert "special prosecutor" not in shop.to_json() and "Amsterdam" not in shop.to_json()


def test_eu_controller_home_police_is_no_transfer_us_and_brazil_are_art_48(shop) -> None:
    decl = _decl("NL")
    transfers = {t.country: t for t in authority_transfers(shop, decl)}
    assert set(transfers) == {"US", "BR"}  # NL (declared, home) and DE (EEA) are not transfers for a Dutch controller
    assert "Art. 48 GDPR" in transfers["US"].judgement.text and not transfers["US"].judgement.ok
    g = build_data_map(shop, decl)
    rows = {r["country"]: r for r in transfers_abroad(g)}
    assert rows["US"]["transfer"] == transfers["US"].judgement.text  # one wording on the map ...
    kinds = {f.kind for f in data_map_findings(g, shop, decl)}
    assert {"disclosure_abroad", "disclosure_country_unknown"} <= kinds and "undeclared_recipient" not in kinds
    entry = next(e for e in build_ropa(shop, decl).entries if e.key == "legal")
    assert any(t.country == "US" and transfers["US"].judgement.text in t.safeguard for t in entry.transfers)  # ... in item (e) ...
    risks = {r.key: r for r in derive_risks(shop, decl) if r.kind == "disclosure_abroad"}
    assert set(risks) == {"disclosure_abroad:authorities_abroad.BR", "disclosure_abroad:authorities_abroad.US"}
    assert transfers["US"].judgement.text in risks["disclosure_abroad:authorities_abroad.US"].description  # ... and in the register
    assert {"US", "BR"} <= {r.country for r in practice_facts(shop, decl).recipients_found}  # the policy gap sees the countries


def test_uk_controller_judges_the_same_log_under_uk_gdpr(shop) -> None:
    decl = _decl("GB")
    transfers = {t.country: t for t in authority_transfers(shop, decl)}
    assert {"US", "BR", "DE"} <= set(transfers)
    assert transfers["DE"].judgement.ok and "UK GDPR" in transfers["DE"].judgement.text  # EEA adequacy under UK regulations
    assert "Chapter V UK GDPR" in transfers["US"].judgement.text and "Art. 48 GDPR" not in transfers["US"].judgement.text
