"""WP248 screening: each criterion met and not met on small inventories, the verdict and dpia_status."""

from __future__ import annotations

import pytest
from dpia_helpers import col, declarations, inventory, table, users

from privacy_inventory.dpia.fact_model import Fact, Facts
from privacy_inventory.dpia.screening import ASK, MET, NOT_MET, Criterion, ScreeningThresholds, dpia_status, screen, screen_activity, verdict


def _crit(inv, decl, key, facts=None, th=ScreeningThresholds()):
    result = screen_activity(decl.activities[0], inv, decl, facts, th)
    return next(c for c in result.criteria if c.key == key)


def test_profiling_met_with_ad_networks_and_not_met_for_plain_service():
    inv = inventory(users(), table("ad_events", col("ip", "user.device.ip_address"), col("cookie", "user.device.cookie_id")))
    ads = declarations({"key": "ads", "name": "Ads", "purposes": ["marketing.advertising.third_party.targeted"], "tables": ["ad_events"],
                        "recipients": ["adnet"]},
                       recipients=({"key": "adnet", "name": "AdNet", "role": "independent_controller", "type": "ad_network", "country": "FR"},))
    c = _crit(inv, ads, "evaluation_scoring")
    assert c.status == MET and any("1 ad networks (AdNet) receive" in e for e in c.evidence)
    plain = declarations({"key": "svc", "name": "Service", "tables": ["users"]})
    assert _crit(inv, plain, "evaluation_scoring").status == NOT_MET


def test_systematic_monitoring_depends_on_rows_of_tracking_data():
    sessions = table("sessions", col("ip_address", "user.device.ip_address"), col("device", "user.device.device_id"), rows=4200)
    decl = declarations({"key": "sec", "name": "Security", "tables": ["sessions"]})
    c = _crit(inventory(sessions), decl, "systematic_monitoring")
    assert c.status == MET and "4,200 rows in app.sessions" in c.evidence[0]
    small = table("sessions", col("ip_address", "user.device.ip_address"), rows=10)
    assert _crit(inventory(small), decl, "systematic_monitoring").status == NOT_MET
    assert _crit(inventory(users()), declarations({"key": "x", "name": "X", "tables": ["users"]}), "systematic_monitoring").status == NOT_MET


def test_sensitive_data_from_free_text_flag_and_not_from_email_only():
    tickets = table("tickets", col("body", "user.content.private", ("special:health",)))
    decl = declarations({"key": "support", "name": "Support", "tables": ["tickets"]})
    c = _crit(inventory(tickets), decl, "sensitive_data")
    assert c.status == MET and any("reveals health" in e for e in c.evidence)
    assert _crit(inventory(users()), declarations({"key": "a", "name": "A", "tables": ["users"]}), "sensitive_data").status == NOT_MET


def test_large_scale_threshold_is_a_parameter():
    decl = declarations({"key": "a", "name": "A", "tables": ["users"]})
    inv = inventory(users(rows=6000))
    assert _crit(inv, decl, "large_scale").status == MET
    assert _crit(inv, decl, "large_scale", th=ScreeningThresholds(large_scale_subjects=10_000)).status == NOT_MET
    assert _crit(inventory(table("misc", col("x", "user.device"))), declarations({"key": "b", "name": "B", "tables": ["misc"]}), "large_scale").status == ASK


def test_matching_datasets_when_undeclared_partner_data_links_to_people():
    partner = table("partner_data", col("account_id", "user.unique_id"), col("income", "user.financial"), fks=(("account_id", "users", "id"),))
    decl = declarations({"key": "a", "name": "A", "tables": ["users"]})
    c = _crit(inventory(users(), partner), decl, "matching_datasets")
    assert c.status == MET and "data from app.partner_data (no declared activity) combined with users" in c.evidence[0]
    assert _crit(inventory(users()), decl, "matching_datasets").status == NOT_MET


def test_vulnerable_subjects_from_exact_fact_sample_or_subjects():
    dob = col("dob", "user.demographic.date_of_birth", ("children",), {"under_13": 2, "sampled_dates": 200})
    inv = inventory(users(1500, dob))
    decl = declarations({"key": "a", "name": "A", "tables": ["users"]})
    uk = ScreeningThresholds(children_age=13)  # a UK controller's Art. 8 age
    sampled = _crit(inv, decl, "vulnerable_subjects", th=uk)
    assert sampled.status == MET and "2 of 200 sampled app.users rows under 13" in sampled.evidence[0]
    facts = Facts("2026-06-30", {"under_13:app.users.dob": Fact("under_13:app.users.dob", "under_age", "app.users", ["dob"], "", value=30)})
    assert "30 of 1,500 app.users rows under 13" in _crit(inv, decl, "vulnerable_subjects", facts, th=uk).evidence[0]
    zero = Facts("2026-06-30", {"under_13:app.users.dob": Fact("under_13:app.users.dob", "under_age", "app.users", ["dob"], "", value=0)})
    assert _crit(inv, decl, "vulnerable_subjects", zero, th=uk).status == NOT_MET
    sixteen = Facts("2026-06-30", {"under_16:app.users.dob": Fact("under_16:app.users.dob", "under_age", "app.users", ["dob"], "", value=41)})
    assert "41 of 1,500 app.users rows under 16" in _crit(inv, decl, "vulnerable_subjects", sixteen).evidence[0]  # no country: GDPR's 16
    staff = declarations({"key": "hr", "name": "HR", "tables": ["users"], "data_subjects": ["employee"]})
    assert _crit(inventory(users()), staff, "vulnerable_subjects").status == MET


def test_innovative_technology_biometrics_only():
    inv = inventory(table("faces", col("template", "user.biometric")))
    assert _crit(inv, declarations({"key": "a", "name": "A", "tables": ["faces"], "art9_condition": "a"}), "innovative_technology").status == MET
    assert _crit(inventory(users()), declarations({"key": "a", "name": "A", "tables": ["users"]}), "innovative_technology").status == NOT_MET


@pytest.mark.parametrize("key", ["automated_decision", "prevents_rights"])
def test_fraud_detection_needs_the_dpo_answer(key):
    fraud = declarations({"key": "f", "name": "Fraud", "purposes": ["essential.fraud_detection"], "tables": ["users"]})
    assert _crit(inventory(users()), fraud, key).status == ASK
    assert _crit(inventory(users()), declarations({"key": "a", "name": "A", "tables": ["users"]}), key).status == NOT_MET


def test_verdict_rules():
    c = lambda s: Criterion("k", "n", s)  # noqa: E731
    assert verdict([c(MET), c(MET), c(NOT_MET)]) == "required"
    assert verdict([c(MET), c(ASK), c(NOT_MET)]) == "needs DPO answer"
    assert verdict([c(MET), c(NOT_MET), c(NOT_MET)]) == "not required"
    assert verdict([c(ASK), c(NOT_MET)]) == "not required"


def test_screen_applies_dpo_answers_and_dpia_status_maps_activities():
    fraud = declarations({"key": "f", "name": "Fraud", "purposes": ["essential.fraud_detection"], "tables": ["sessions"]},
                         {"key": "a", "name": "A", "tables": ["users"]})
    sessions = table("sessions", col("uid", "user.unique_id"), col("ip", "user.device.ip_address"), rows=5000, fks=(("uid", "users", "id"),))
    inv = inventory(users(), sessions)
    assert dpia_status(screen(inv, fraud)) == {"a": "not required", "f": "needs DPO answer"}
    answers = {("f", "automated_decision"): ("not met", "by DPO on 2026-01-01: reviewed"), ("f", "prevents_rights"): ("not met", "by DPO")}
    result = screen(inv, fraud, answers=answers)
    assert dpia_status(result)["f"] == "not required"
    assert next(c for c in result[1].criteria if c.key == "automated_decision").reviewed.startswith("by DPO")
