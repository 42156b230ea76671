"""Consent coverage and other people in the data: counted in the database, raised once, on any schema (not only IMVBox)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from privacy_inventory.classify.others import other_people, public_flags
from privacy_inventory.declarations import Declarations
from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.dpia.consent import flag_covers, plan_consent_checks
from privacy_inventory.dpia.fact_plans import table_ref
from privacy_inventory.dpia.facts import collect_facts
from privacy_inventory.dpia.risks import derive_risks
from privacy_inventory.models import Inventory
from privacy_inventory.ropa.record import build_ropa
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

IMVBOX = Path(__file__).resolve().parents[1] / "inventory" / "imvbox"

# A made-up Dutch yoga studio's booking app: names IMVBox never uses.
SCHEMA = """
CREATE TABLE leden (lid_id INTEGER PRIMARY KEY, email TEXT, full_name TEXT, joined_on DATE);
CREATE TABLE toestemming (lid_id INTEGER PRIMARY KEY REFERENCES leden(lid_id), promoEmailOptIn BOOLEAN, smsConsent BOOLEAN,
                          double_opt_in BOOLEAN, revoked_at DATETIME);
CREATE TABLE mailing_sends (id INTEGER PRIMARY KEY, lid_id INTEGER REFERENCES leden(lid_id), channel TEXT, sent_at DATETIME);
CREATE TABLE emergency_contacts (id INTEGER PRIMARY KEY, lid_id INTEGER REFERENCES leden(lid_id), contact_name TEXT, contact_phone TEXT);
CREATE TABLE class_reviews (id INTEGER PRIMARY KEY, lid_id INTEGER REFERENCES leden(lid_id), body TEXT, is_visible BOOLEAN);
"""


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> tuple[Inventory, Declarations, Path]:
    root = tmp_path_factory.mktemp("studio")
    db = root / "studio.sqlite"
    con = sqlite3.connect(db)
    con.executescript(SCHEMA)
    for i in range(1, 61):
        con.execute("INSERT INTO leden VALUES (?,?,?,?)", (i, f"lid{i}@example.org", f"Lid Nummer {i}", "2024-01-02"))
        revoked = "2025-03-01 10:00:00" if i <= 10 else None
        con.execute("INSERT INTO toestemming VALUES (?,?,?,?,?)", (i, int(i > 5), int(i % 2 == 0), 0, revoked))
        for day in ("2025-02-01 09:00:00", "2025-04-01 09:00:00"):
            con.execute("INSERT INTO mailing_sends (lid_id, channel, sent_at) VALUES (?,?,?)", (i, "email", day))
        con.execute("INSERT INTO emergency_contacts (lid_id, contact_name, contact_phone) VALUES (?,?,?)", (i, f"Contact {i}", f"+31 6 1234 56{i:02d}"))
        review = ("Fijne les", "Te druk vandaag, maar goede docent", "Ik kom volgende week terug met mijn zus",
                  "De muziek was te hard", "Heerlijk ontspannen na het werk")[i % 5] + f" (les {i})"
        con.execute("INSERT INTO class_reviews (lid_id, body, is_visible) VALUES (?,?,?)", (i, review, 1))
    con.commit()
    con.close()
    decl_dir = root / "decl"
    decl_dir.mkdir()
    (decl_dir / "controller.yaml").write_text("""controller:
  name: Studio Zon BV
  address: Prinsengracht 1, Amsterdam
  email: privacy@studiozon.example
  country: NL
  dpo: {email: dpo@studiozon.example}
""", encoding="utf-8")
    (decl_dir / "activities.yaml").write_text("""activities:
  - key: members
    name: Memberships and bookings
    purposes: [essential.service]
    legal_basis: contract
    data_subjects: [customer]
    tables: [leden, emergency_contacts, class_reviews]
  - key: promotions
    name: Promotional e-mails
    purposes: [marketing.communications.email]
    legal_basis: consent
    data_subjects: [customer]
    tables: [toestemming, mailing_sends]
""", encoding="utf-8")
    spec = parse_source(f"studio=sqlite:///{db}")
    inv = Inventory(sources=[scan_source(spec, ScanOptions(progress=False))])
    return inv, load_declarations(decl_dir), db


def test_flags_cover_only_the_purposes_they_name():
    assert flag_covers("consent_ads", ["marketing.advertising.third_party.targeted"])
    assert flag_covers("consent_ads", ["analytics.reporting.ad_performance"])
    assert not flag_covers("consent_analytics", ["analytics.reporting.ad_performance"])  # ad measurement is not general analytics
    assert flag_covers("promoEmailOptIn", ["marketing.communications.email"])
    assert not flag_covers("smsConsent", ["marketing.communications.email"])
    assert flag_covers("gdpr_consent", ["marketing.communications.email"]) and not flag_covers("gdpr_consent", ["x"], generic_ok=False)


def test_consent_off_and_after_withdrawal_counted_on_an_unseen_schema(studio):
    inv, decl, db = studio
    checks = {c.key: c for c in plan_consent_checks(inv, decl, table_ref)}
    assert sorted(checks) == ["after_withdrawal:studio.mailing_sends:studio.toestemming.revoked_at",
                              "consent_off:studio.mailing_sends:studio.toestemming.promoEmailOptIn"]  # not SMS, not double opt-in
    facts = collect_facts([parse_source(f"studio=sqlite:///{db}")], inv, decl, dt.date(2025, 6, 30))
    assert facts.value("consent_off:studio.mailing_sends:studio.toestemming.promoEmailOptIn") == 10  # 5 members x 2 sends
    assert facts.value("after_withdrawal:studio.mailing_sends:studio.toestemming.revoked_at") == 10  # 10 members, the April send
    risks = {r.key: r for r in derive_risks(inv, decl, facts)}
    risk = risks["without_consent:promotions"]
    assert risk.count == 20 and risk.level in ("high", "very high")
    assert any("10 rows of studio.mailing_sends" in e for e in risk.evidence)
    assert "lid" not in " ".join(risk.evidence).replace("lid_id", "")  # names of columns only, no values


def test_other_people_and_public_by_default_on_an_unseen_schema(studio):
    inv, decl, db = studio
    tables = {t.name: t for t in inv.sources[0].tables}
    found = other_people(tables["emergency_contacts"], "studio.emergency_contacts")
    assert [(o.role, o.subject) for o in found] == [("emergency_contacts", "next_of_kin")]
    assert set(found[0].columns) >= {"contact_name", "contact_phone"} and "lid_id" not in found[0].columns
    assert other_people(tables["leden"], "studio.leden") == []
    assert public_flags(tables["class_reviews"]) == ["is_visible"]
    entry = next(e for e in build_ropa(inv, decl).entries if e.key == "members")
    assert any("emergency contacts" in s and "not declared" in s for s in entry.data_subjects)
    assert any(f.kind == "other_people_not_declared" for f in entry.findings)
    facts = collect_facts([parse_source(f"studio=sqlite:///{db}")], inv, decl, dt.date(2025, 6, 30))
    assert facts.value("public:studio.class_reviews.is_visible") == 60
    risks = {r.key: r for r in derive_risks(inv, decl, facts)}
    assert risks["other_people:studio.emergency_contacts"].count == 60
    assert risks["public_by_default:studio.class_reviews"].count == 60


def test_imvbox_ad_events_without_advertising_consent(imvbox_db: Path):
    spec = parse_source(f"imvbox=sqlite:///{imvbox_db}")
    inv = Inventory(sources=[scan_source(spec, ScanOptions(progress=False))])
    decl = load_declarations(IMVBOX)
    con = sqlite3.connect(imvbox_db)
    truth = con.execute("SELECT count(*) FROM ad_events a JOIN cookies c ON c.cookie_id = a.cookie_id WHERE c.consent_ads = 0").fetchone()[0]
    con.close()
    facts = collect_facts([spec], inv, decl, dt.date(2025, 6, 30))
    assert facts.value("consent_off:imvbox.ad_events:imvbox.cookies.consent_ads") == truth == 1545
    assert [f.key for f in facts.of_kind("consent_off")] == ["consent_off:imvbox.ad_events:imvbox.cookies.consent_ads"]
    risks = {r.key: r for r in derive_risks(inv, decl, facts)}
    assert risks["without_consent:advertising"].count == 1545
    tables = {t.name: t for t in inv.sources[0].tables}
    assert [o.role for o in other_people(tables["referrals"], "imvbox.referrals")] == ["invitees"]
    assert [o.role for o in other_people(tables["facebook_logins"], "imvbox.facebook_logins")] == ["friends"]
    assert public_flags(tables["profiles"]) == ["isPublic"]


def test_fernly_marketing_after_withdrawal(tmp_path_factory: pytest.TempPathFactory):
    from privacy_inventory.demo.fernly import FERNLY_DIR, REFERENCE_DATE, build_fernly, planted_sql

    db = build_fernly(tmp_path_factory.mktemp("fernly-consent") / "fernly.sqlite").path
    spec = parse_source(f"fernly=sqlite:///{db}")
    inv = Inventory(sources=[scan_source(spec, ScanOptions(progress=False))])
    decl = load_declarations(FERNLY_DIR)
    con = sqlite3.connect(db)
    planted = con.execute(planted_sql()["marketing_after_withdrawal"]).fetchone()[0]
    con.close()
    facts = collect_facts([spec], inv, decl, REFERENCE_DATE)
    assert facts.value("after_withdrawal:fernly.campaign_sends:fernly.marketing_consents.withdrawn_at") == planted == 34
    assert all(f.value == 0 for f in facts.of_kind("consent_off"))  # everyone who got e-mail had opted in to e-mail
    tables = {t.name: t for t in inv.sources[0].tables}
    assert [o.role for o in other_people(tables["guardians"], "fernly.guardians")] == ["guardians"]
    # an Irish controller: Ireland's age of digital consent (16), EU GDPR transfers (the UK adequate, Meta Ireland at home)
    assert any(k.startswith("under_16:") for k in facts.facts) and not any(k.startswith("under_13:") for k in facts.facts)
    from privacy_inventory.datamap.graph import build_data_map
    from privacy_inventory.datamap.queries import transfers_abroad

    graph = build_data_map(inv, decl)
    rows = {r["recipient"]: r for r in transfers_abroad(graph)}
    assert graph.graph["regime"] == "EU GDPR" and "Data Protection Commission" in graph.graph["authority"]
    assert rows["onfido"]["ok"] and rows["onfido"]["transfer"].startswith("adequacy (Art. 45 GDPR): United Kingdom")
    assert "meta" not in rows and "brevo" not in rows and rows["intercom"]["ok"]  # EU SCCs are valid under EU GDPR
