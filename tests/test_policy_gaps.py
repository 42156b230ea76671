"""Policy-versus-practice comparison on small hand-built facts: hierarchy, special categories, contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_inventory.policy import (
    FoundRecipient,
    PolicyDeclarations,
    PolicyGap,
    PolicyStatement,
    PracticeFacts,
    RetentionFact,
    compare_policy,
    parse_policy_text,
    read_policy,
)
from privacy_inventory.policy.gaps import covers
from privacy_inventory.policy.lexicon import load_lexicon

IMVBOX = Path(__file__).resolve().parents[1] / "inventory" / "imvbox" / "privacy-policy.md"


def _policy(categories: list[str] = (), recipients: list[str] = (), purposes: list[str] = ()) -> PolicyDeclarations:
    """Declarations built by hand: one made-up sentence per key."""

    def st(key: str, i: int) -> PolicyStatement:
        return PolicyStatement("Section", i, f"We handle {key}.", key, key)

    return PolicyDeclarations(
        source="test",
        categories={k: [st(k, i)] for i, k in enumerate(categories, 1)},
        recipient_types={k: [st(k, i)] for i, k in enumerate(recipients, 100)},
        purposes={k: [st(k, i)] for i, k in enumerate(purposes, 200)},
    )


def _by(gaps: list[PolicyGap], kind: str, subject: str) -> list[PolicyGap]:
    return [g for g in gaps if g.kind == kind and g.subject == subject]


def test_covers_follows_the_hierarchy() -> None:
    assert covers("user.contact", "user.contact.email")
    assert covers("user.contact.email", "user.contact.email")
    assert not covers("user.contact.email", "user.contact")
    assert not covers("user.contact", "user.contactless")


@pytest.mark.parametrize(
    ("role", "rtype"),
    [
        ("payments", "payment_provider"),
        ("payment processor", "payment_provider"),
        ("ad_exchange", "ad_network"),
        ("advertising", "ad_network"),
        ("social_sign_in", "social_network"),
        ("support_desk", "service_provider"),
        ("cloud_hosting", "service_provider"),
        ("error_tracking", "analytics_provider"),
        ("data_broker", "data_broker"),
        ("Law Enforcement", "public_authority"),
        ("independent_controller", None),
    ],
)
def test_roles_and_vendor_families_map_to_recipient_types(role: str, rtype: str | None) -> None:
    assert load_lexicon().recipient_type_for_role(role) == rtype


def test_parent_disclosure_covers_children() -> None:
    policy = _policy(["user.contact", "user.device"])
    facts = PracticeFacts(categories_found={"user.contact.email": ["crm.users.email"], "user.device.ip_address": ["web.logs.ip"]})
    assert [g for g in compare_policy(policy, facts) if g.kind == "undisclosed"] == []


def test_undisclosed_ordinary_category_is_medium_with_counts_and_places() -> None:
    policy = _policy(["user.contact.email"])
    facts = PracticeFacts(categories_found={"user.contact.phone_number": ["crm.users.phone", "shop.orders.phone"], "user.contact.email": ["crm.users.email"]})
    [gap] = _by(compare_policy(policy, facts), "undisclosed", "user.contact.phone_number")
    assert gap.severity == "medium"
    assert "2 place(s)" in gap.detail
    assert gap.evidence == "crm.users.phone; shop.orders.phone"
    assert gap.policy_sentence is None


def test_special_category_always_reported_even_under_a_broad_parent() -> None:
    policy = _policy(["user"])  # a policy that only says "information about you"
    facts = PracticeFacts(special_categories_found={"user.health_and_medical": 12}, categories_found={"user.health_and_medical": ["clinic.visits.diagnosis"]})
    [gap] = _by(compare_policy(policy, facts), "undisclosed", "user.health_and_medical")
    assert gap.severity == "high"
    assert "Special-category" in gap.detail


def test_special_category_disclosed_at_its_own_level_is_fine() -> None:
    policy = _policy(["user.health_and_medical"])
    facts = PracticeFacts(special_categories_found={"user.health_and_medical.genetic": 3})
    assert _by(compare_policy(policy, facts), "undisclosed", "user.health_and_medical.genetic") == []


def test_unsupported_category_is_low_and_quotes_the_sentence() -> None:
    policy = _policy(["user.contact.email", "user.demographic.gender"])
    facts = PracticeFacts(categories_found={"user.contact.email": ["crm.users.email"]})
    gaps = compare_policy(policy, facts)
    [gap] = _by(gaps, "unsupported", "user.demographic.gender")
    assert gap.severity == "low"
    assert gap.policy_sentence == "We handle user.demographic.gender."
    assert _by(gaps, "unsupported", "user.contact.email") == []


def test_said_not_collected_but_found_is_contradicted() -> None:
    policy = parse_policy_text("We collect your email address. We do not collect precise location data.", "p.md")
    facts = PracticeFacts(categories_found={"user.location.precise": ["app.events.lat"], "user.contact.email": ["app.users.email"]})
    [gap] = _by(compare_policy(policy, facts), "contradicted", "user.location.precise")
    assert gap.severity == "high"
    assert gap.policy_sentence == "We do not collect precise location data."


def test_children_contradiction_carries_the_count() -> None:
    policy = parse_policy_text("We do not knowingly collect personal information from children under the age of 13.", "p.md")
    facts = PracticeFacts(children_under_age={13: 42, 16: 310})
    [gap] = _by(compare_policy(policy, facts), "contradicted", "children")
    assert gap.severity == "high"
    assert "42 people under 13" in gap.detail
    assert gap.policy_sentence.startswith("We do not knowingly collect")


def test_children_no_contradiction_when_only_older_children_found() -> None:
    policy = parse_policy_text("We do not knowingly collect personal information from children under 13.", "p.md")
    facts = PracticeFacts(children_under_age={13: 0, 16: 25})
    assert _by(compare_policy(policy, facts), "contradicted", "children") == []


def test_children_undisclosed_when_policy_is_silent() -> None:
    policy = _policy(["user.contact.email"])
    facts = PracticeFacts(children_under_age={16: 5})
    [gap] = _by(compare_policy(policy, facts), "undisclosed", "children")
    assert gap.severity == "high" and "5 people under 16" in gap.detail


def test_retention_relationship_contradicted_by_closed_accounts() -> None:
    policy = parse_policy_text("We keep your personal information for as long as we have a relationship with you.", "p.md")
    facts = PracticeFacts(retention_periods_found=[RetentionFact("shop.accounts", 1534, 1460, True, "rows of closed accounts")])
    [gap] = _by(compare_policy(policy, facts), "contradicted", "retention")
    assert gap.severity == "high"
    assert "1534 rows of closed accounts in shop.accounts" in gap.detail and "1460 days" in gap.detail


def test_retention_fixed_period() -> None:
    policy = parse_policy_text("We retain order records for 2 years.", "p.md")
    over = PracticeFacts(retention_periods_found=[RetentionFact("shop.orders", 10, 800, False)])
    under = PracticeFacts(retention_periods_found=[RetentionFact("shop.orders", 10, 500, False)])
    assert len(_by(compare_policy(policy, over), "contradicted", "retention")) == 1
    assert _by(compare_policy(policy, under), "contradicted", "retention") == []


def test_retention_undisclosed_when_policy_states_none() -> None:
    policy = _policy(["user.contact.email"])
    facts = PracticeFacts(retention_periods_found=[RetentionFact("shop.accounts", 7, 400)])
    [gap] = _by(compare_policy(policy, facts), "undisclosed", "retention")
    assert gap.severity == "medium"


def test_undisclosed_recipient_is_high_and_covered_subtype_is_not() -> None:
    policy = _policy(["user.contact.email"], recipients=["service_provider"])
    facts = PracticeFacts(
        recipients_found=[
            FoundRecipient("Stripe", "payment processor", ("user.financial.credit_card",), "US"),
            FoundRecipient("AdCo", "advertising", ("user.device.cookie_id",), "US", "declared"),
        ]
    )
    gaps = compare_policy(policy, facts)
    assert _by(gaps, "undisclosed", "recipient: Stripe") == []
    [gap] = _by(gaps, "undisclosed", "recipient: AdCo")
    assert gap.severity == "high" and "ad_network" in gap.detail
    assert gap.evidence == "declared: AdCo (advertising, US)"


def test_do_not_sell_contradicted_by_ad_network() -> None:
    policy = parse_policy_text("We do not sell your personal information. Advertising networks may set cookies.", "p.md")
    facts = PracticeFacts(recipients_found=[FoundRecipient("AdCo", "ad_network", ("user.device.cookie_id",))])
    [gap] = _by(compare_policy(policy, facts), "contradicted", "recipient: AdCo")
    assert gap.severity == "high"
    assert gap.policy_sentence == "We do not sell your personal information."


def test_do_not_sell_not_contradicted_by_processor() -> None:
    policy = parse_policy_text("We do not sell your personal information. We use service providers to host data.", "p.md")
    facts = PracticeFacts(recipients_found=[FoundRecipient("Host", "hosting", ("user.contact.email",))])
    assert [g for g in compare_policy(policy, facts) if g.kind == "contradicted"] == []


def test_unsupported_recipient_type_but_not_contingent_ones() -> None:
    policy = _policy(recipients=["service_provider", "affiliates", "public_authority"])
    facts = PracticeFacts(recipients_found=[FoundRecipient("Mailer", "email", ())])
    gaps = compare_policy(policy, facts)
    assert len(_by(gaps, "unsupported", "recipient type: affiliates")) == 1
    assert _by(gaps, "unsupported", "recipient type: public_authority") == []
    assert _by(gaps, "unsupported", "recipient type: service_provider") == []


def test_transfers() -> None:
    silent = _policy(["user.contact.email"])
    facts = PracticeFacts(recipients_found=[FoundRecipient("Mailer", "email", (), "US"), FoundRecipient("Host", "hosting", (), "DE")])
    gaps = compare_policy(silent, facts)
    assert len(_by(gaps, "undisclosed", "transfer: US")) == 1
    assert _by(gaps, "undisclosed", "transfer: DE") == []  # inside the EEA
    named = parse_policy_text("We transfer data to the United States under standard contractual clauses.", "p.md")
    assert [g for g in compare_policy(named, facts) if g.subject.startswith("transfer")] == []
    other = PracticeFacts(recipients_found=[FoundRecipient("Dev", "vendor", (), "IN")])
    [gap] = _by(compare_policy(named, other), "undisclosed", "transfer: IN")
    assert gap.policy_sentence.startswith("We transfer data")


def test_purposes_follow_the_hierarchy() -> None:
    policy = _policy(purposes=["marketing"])
    facts = PracticeFacts(purposes_found={"marketing.advertising.third_party.targeted": ["config: AdCo"], "analytics.reporting": ["config: Stats"]})
    gaps = compare_policy(policy, facts)
    assert _by(gaps, "undisclosed", "marketing.advertising.third_party.targeted") == []
    assert len(_by(gaps, "undisclosed", "analytics.reporting")) == 1


def test_gaps_are_sorted_and_single_line() -> None:
    policy = _policy(["user.contact.email", "user.name"])
    facts = PracticeFacts(
        categories_found={"user.contact.phone_number": ["a.b.c"], "user.contact.email": ["a.b.d"]},
        special_categories_found={"user.biometric": 1},
        children_under_age={13: 2},
    )
    gaps = compare_policy(policy, facts)
    ranks = [{"high": 0, "medium": 1, "low": 2}[g.severity] for g in gaps]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 2
    assert all("\n" not in g.detail for g in gaps)
    assert compare_policy(policy, facts) == gaps


def test_empty_practice_gives_no_gaps() -> None:
    assert compare_policy(_policy(["user.contact.email"], ["service_provider"]), PracticeFacts()) == []


def test_imvbox_policy_against_a_practice() -> None:
    policy = read_policy(IMVBOX)
    facts = PracticeFacts(
        categories_found={
            "user.contact.email": ["imvbox.accounts.email"],
            "user.contact.phone_number": ["imvbox.accounts.phone"],
            "user.device.ip_address": ["imvbox.sessions.ip"],
            "user.demographic.date_of_birth": ["imvbox.profiles.birth_date"],
        },
        special_categories_found={"user.health_and_medical": 4},
        recipients_found=[
            FoundRecipient("PayCo", "payment processor", ("user.financial.credit_card",), "US"),
            FoundRecipient("AdCo", "ad_network", ("user.device.cookie_id",), "US"),
        ],
        children_under_age={13: 9},
        retention_periods_found=[RetentionFact("imvbox.accounts", 311, 1200, True, "closed accounts")],
        home_country="GB",
    )
    gaps = compare_policy(policy, facts)
    subjects = {(g.kind, g.subject) for g in gaps}
    assert ("contradicted", "children") in subjects
    assert ("contradicted", "retention") in subjects
    assert ("undisclosed", "user.health_and_medical") in subjects
    assert ("undisclosed", "user.contact.phone_number") in subjects  # IMVBox never mentions phone numbers
    assert ("undisclosed", "user.contact.email") not in subjects
    assert ("undisclosed", "recipient: AdCo") not in subjects  # ad networks are disclosed
    assert ("undisclosed", "transfer safeguards") in subjects
    assert all(g.severity in {"high", "medium", "low"} for g in gaps)


def test_all_three_kinds_from_one_small_policy() -> None:
    policy = parse_policy_text("We collect your email address and gender. We do not sell personal data. We keep data for 1 year.", "p.md")
    facts = PracticeFacts(
        categories_found={"user.contact.email": ["x.y.z"], "user.contact.phone_number": ["x.y.p"]},
        recipients_found=[FoundRecipient("Broker", "data broker", ("user.contact.email",))],
        retention_periods_found=[RetentionFact("x.y", 3, 900, False)],
    )
    gaps = compare_policy(policy, facts)
    assert {g.kind for g in gaps} == {"undisclosed", "contradicted", "unsupported"}
    assert {(g.kind, g.subject) for g in gaps} >= {
        ("undisclosed", "user.contact.phone_number"),
        ("contradicted", "recipient: Broker"),
        ("contradicted", "retention"),
        ("unsupported", "user.demographic.gender"),
    }
