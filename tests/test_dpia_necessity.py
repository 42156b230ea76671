"""Art. 35(7)(b): the WP248 Annex 2 points answered per activity from the inventory, or asked of the DPO."""

from __future__ import annotations

from dpia_helpers import col, declarations, inventory, table, users

from privacy_inventory.dpia.fact_model import Fact, Facts
from privacy_inventory.dpia.necessity import OK, PROBLEM, QUESTION, activity_frame, assess, checklist, retention_words, summary_frame

POINTS = [p["key"] for p in checklist()["points"]]


def _by(results):
    return {a.activity: {p.key: p for p in a.points} for a in results}


def test_every_activity_gets_the_nine_points_answered_or_asked():
    inv = inventory(users(100), table("news", col("uid", "user.unique_id"), col("optin", "user.privacy_preferences"), fks=(("uid", "users", "id"),)))
    decl = declarations({"key": "a", "name": "A", "tables": ["users"]}, {"key": "n", "name": "N", "tables": ["news"], "legal_basis": "consent",
                                                                        "purposes": ["marketing.communications.email"]})
    results = assess(inv, decl)
    assert [a.activity for a in results] == ["a", "n"]
    for a in results:
        assert [p.key for p in a.points] == POINTS
        assert all(p.status in (OK, PROBLEM, QUESTION) and p.answer for p in a.points)
    assert list(summary_frame(results).columns)[0] == "activity" and len(activity_frame(results[0])) == 9


def test_answers_come_from_the_inventory():
    inv = inventory(users(100, col("notes", "user.content.private", ("special:health",))),
                    table("clicks", col("uid", "user.unique_id"), col("ip", "user.device.ip_address"), fks=(("uid", "users", "id"),)),
                    table("orphans", col("email", "user.contact.email")))
    decl = declarations(
        {"key": "care", "name": "Care", "tables": ["users"], "data_categories": ["user.contact.email"],
         "retention": {"period": "P1Y", "basis": "one year", "date_column": "created"}, "recipients": ["crm"]},
        {"key": "ads", "name": "Ads", "tables": ["clicks", "orphans"], "legal_basis": "consent", "purposes": ["marketing.advertising.third_party.targeted"],
         "data_categories": ["user.device.ip_address", "user.contact.email"], "recipients": ["net"]},
        {"key": "upsell", "name": "Upsell", "tables": ["users"], "legal_basis": "contract", "purposes": ["marketing.communications.email"]},
        recipients=({"key": "crm", "name": "CRM Ltd", "role": "processor", "type": "service_provider", "country": "US", "transfer_safeguard": "none"},
                    {"key": "net", "name": "AdNet", "role": "independent_controller", "type": "ad_network", "country": "US", "transfer_safeguard": "sccs",
                     "contract_reference": "DPA-7"}))
    facts = Facts("2026-06-30", {"retention:app.users": Fact("retention:app.users", "retention", "app.users", ["created"],
                                                             "rows where created older than P1Y (activity care)", value=42, period="P1Y")})
    got = _by(assess(inv, decl, facts))
    care, ads, upsell = got["care"], got["ads"], got["upsell"]
    assert care["lawfulness"].status == PROBLEM and "no Art. 9(2) condition" in care["lawfulness"].answer
    assert care["minimisation"].status == PROBLEM and "user.content.private" in care["minimisation"].answer
    assert care["storage_limitation"].status == PROBLEM and "42 rows of app.users" in care["storage_limitation"].answer
    assert care["processors"].status == QUESTION and "CRM Ltd" in care["processors"].answer
    assert care["transfers"].status == PROBLEM and "CRM Ltd (US)" in care["transfers"].answer
    assert ads["lawfulness"].status == QUESTION and "where is each consent" in ads["lawfulness"].answer
    assert ads["rights"].status == PROBLEM and "app.orphans" in ads["rights"].answer
    assert ads["transfers"].status == OK and ads["transfers"].evidence[0].startswith("AdNet (US): ")
    assert upsell["lawfulness"].status == PROBLEM and "not necessary to perform a contract" in upsell["lawfulness"].answer
    assert upsell["storage_limitation"].status == PROBLEM and upsell["storage_limitation"].answer == "no retention period declared"
    assert all(p.status == QUESTION for p in (care["accuracy"], care["information"]))


def test_retention_in_words():
    decl = declarations({"key": "a", "name": "A", "retention": {"period": "relationship", "grace": "P6Y", "basis": "b",
                                                                "statutory": {"period": "P6Y", "law": "Tax Act s.1"}}},
                        {"key": "b", "name": "B", "retention": {"period": "P13M", "basis": "b"}})
    assert retention_words(decl.activity("a")) == "for the relationship, then 6 years (law: 6 years, Tax Act s.1)"
    assert retention_words(decl.activity("b")) == "13 months"
