"""Policy reading (issue 13 point 10): purposes by meaning, quotes from the sentence that says it, third parties'
own settings set aside, transfer safeguards named anywhere, negations and conditions; sentences of other sectors
and countries, then the IMVBox and Fernly policies."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.demo.fernly import FERNLY_DIR
from privacy_inventory.policy import FoundRecipient, PracticeFacts, RetentionFact, compare_policy, parse_policy_text, read_policy
from privacy_inventory.policy.gaps import covers

ROOT = Path(__file__).resolve().parents[1]
IMVBOX = ROOT / "inventory" / "imvbox" / "privacy-policy.md"
FERNLY = FERNLY_DIR / "privacy-policy.md"


def _policy(*sentences: str, heading: str = "How we use your data", controller: tuple[str, ...] = ()) -> object:
    return parse_policy_text(f"# {heading}\n\n" + "\n\n".join(sentences) + "\n", "policy.md", controller=controller)


# --- purposes matched by meaning ------------------------------------------------------------------

MEANING = [
    ("We use device signals to detect and prevent fraud on your account.", "essential.fraud_detection"),
    ("Transaction monitoring helps us spot suspicious transactions and chargebacks.", "essential.fraud_detection"),
    ("We check orders against known scams before we ship them.", "essential.fraud_detection"),
    ("We analyse log-in patterns to stop account takeovers and abuse of the platform.", "essential.service.security"),
    ("We process your IP address to keep our services safe and secure.", "essential.service.security"),
    ("Access logs are reviewed to prevent unauthorised access to patient files.", "essential.service.security"),
    ("We keep your invoices to comply with tax law.", "essential.legal_obligation"),
    ("Under German commercial and tax law we must keep booking records for ten years.", "essential.legal_obligation"),
    ("We verify your identity to meet our anti-money laundering obligations.", "essential.legal_obligation"),
    ("Vaccination records are kept as required by the Health Act 2007.", "essential.legal_obligation"),
    ("We use your viewing history to give you personalised recommendations.", "personalize.content"),
    ("Our app recommends articles based on what you read.", "personalize.content"),
    ("We tailor the content you see to your learning goals.", "personalize.content"),
    ("With your permission we will send you offers from our partner shops.", "marketing"),
    ("We may email you about discounts and new products.", "marketing"),
    ("We send a monthly newsletter to members who sign up for it.", "marketing.communications.email"),
    ("We measure our advertising with a conversion pixel.", "analytics.reporting.ad_performance"),
    ("We use aggregated statistics to improve the app.", "functional.service.improve"),
]


@pytest.mark.parametrize(("sentence", "use"), MEANING, ids=[m[0][:40] for m in MEANING])
def test_purposes_are_matched_by_meaning(sentence: str, use: str) -> None:
    decl = _policy(sentence)
    assert any(covers(use, k) for k in decl.purposes), sorted(decl.purposes)
    st = next(s for k, sts in decl.purposes.items() if covers(use, k) for s in sts)
    assert st.text == sentence and st.section == "How we use your data"


@pytest.mark.parametrize("sentence", ["We recommend that you choose a strong password.", "We recommend you keep your app updated."])
def test_advice_is_no_personalisation(sentence: str) -> None:
    assert "personalize.content" not in _policy(sentence, "We collect your email address.").purposes


def _purpose_gaps(policy_text: str, *uses: str) -> dict[str, str]:
    decl = parse_policy_text(policy_text, "p.md")
    practice = PracticeFacts(purposes_found={u: ["activity"] for u in uses})
    return {g.subject: g.kind for g in compare_policy(decl, practice) if g.subject in uses or g.kind == "unsupported"}


@pytest.mark.parametrize(
    ("policy_text", "use"),
    [
        ("We use your data to keep the service secure and prevent abuse.", "essential.fraud_detection"),
        ("We monitor payments to detect fraud.", "essential.service.security"),
        ("We may send you offers by post or e-mail.", "marketing.communications.email"),
        ("We disclose records to the tax authority where the law requires.", "third_party_sharing.legal_obligation"),
        ("We report suspicious transactions to the police as the law requires.", "third_party_sharing.legal_obligation"),
    ],
)
def test_a_purpose_said_in_other_words_is_disclosed(policy_text: str, use: str) -> None:
    gaps = _purpose_gaps(policy_text, use)
    assert gaps.get(use) is None, gaps


def test_kin_purposes_are_not_unsupported_either() -> None:
    gaps = _purpose_gaps("We monitor payments to detect fraud.", "essential.service.security")
    assert gaps == {}, gaps


def test_hierarchy_a_narrow_purpose_does_not_cover_a_sibling_branch() -> None:
    gaps = _purpose_gaps("We send a newsletter by e-mail.", "marketing.advertising.third_party.targeted")
    assert gaps["marketing.advertising.third_party.targeted"] == "undisclosed"


# --- quotes come from the sentence that says it ---------------------------------------------------------


def test_children_gap_quotes_its_own_sentence_with_its_place() -> None:
    decl = parse_policy_text(
        "# Notice\n\n## Children\n\nOur clinic app is for adults. We do not knowingly collect data from children under 16. "
        "Parents can contact our data protection officer.\n",
        "p.md",
    )
    gap = next(g for g in compare_policy(decl, PracticeFacts(children_under_age={16: 12})) if g.subject == "children")
    assert gap.kind == "contradicted"
    assert gap.policy_sentence == "We do not knowingly collect data from children under 16."
    assert gap.policy_where.startswith('"Children", sentence 2')


def test_list_item_quote_is_trimmed() -> None:
    decl = parse_policy_text(
        "# Retention\n\n- we keep your data for as long as you have an account; and\n- we delete backups after 90 days.\n", "p.md"
    )
    rel = next(r for r in decl.retention if r.period == "relationship")
    assert rel.statement.quote == "we keep your data for as long as you have an account"
    assert rel.statement.where == '"Retention", sentence 1 (line 3)'


def test_denial_quoted_is_the_one_the_recipient_breaks() -> None:
    decl = _policy("We do not share your data with advertisers without your consent.", "We never sell your data.", heading="Sharing")
    practice = PracticeFacts(recipients_found=[FoundRecipient("ListCo", "data_broker", ("user.contact.email",))])
    gap = next(g for g in compare_policy(decl, practice) if g.kind == "contradicted")
    assert gap.policy_sentence == "We never sell your data."
    assert "sentence 2" in gap.policy_where


def test_transfer_gap_quotes_the_sentence_naming_destinations() -> None:
    decl = parse_policy_text(
        "# Transfers\n\nYour data may be processed in other countries. Our support provider in India works under standard "
        "contractual clauses, and we transfer data to India only.\n",
        "p.md",
    )
    practice = PracticeFacts(recipients_found=[FoundRecipient("Helpdesk", "support", ("user.contact.email",), "US")], home_country="DE")
    gap = next(g for g in compare_policy(decl, practice) if g.subject == "transfer: US")
    assert "India" in gap.policy_sentence and "sentence 2" in gap.policy_where
    assert "standard contractual clauses" in gap.detail


# --- a third party's own settings and policies are never the controller's promise ----------------------

THIRD_PARTY = [
    "You can change how Google uses your data in Google's own privacy settings.",
    "You can opt out of interest-based ads through Facebook's ad preferences.",
    "Their privacy policy governs how they use your information.",
    "You can control what you share through the privacy settings available on social media sites.",
    "Apple's App Store terms and conditions apply to purchases made in the app.",
    "We are not responsible for the privacy practices of the payment provider.",
]


@pytest.mark.parametrize("sentence", THIRD_PARTY, ids=[s[:40] for s in THIRD_PARTY])
def test_third_party_own_settings_are_set_aside(sentence: str) -> None:
    decl = _policy(sentence, "We collect your email address to run your account.")
    assert [s.index for s in decl.set_aside] and all(s.index == 1 for s in decl.set_aside)
    one = {k for m in (decl.categories, decl.purposes, decl.recipient_types, decl.denials) for k, sts in m.items() for s in sts if s.index == 1}
    assert one == set(), one
    assert "user.contact.email" in decl.categories


def test_a_third_party_clause_leaves_the_controllers_clause() -> None:
    decl = _policy("Meta's own data policy governs what Meta does with it; we do not sell your personal data.")
    assert [s.condition for s in decl.denials["sell"]] == [""]
    assert "meta's own data policy" in decl.set_aside[0].term


@pytest.mark.parametrize(
    "sentence",
    [
        "Stripe does not store your card number on its servers.",
        "Our advertising partners do not sell your data.",
        "They will not share your data with anyone else.",
    ],
)
def test_a_third_partys_denial_is_not_ours(sentence: str) -> None:
    decl = _policy(sentence, "We collect your name.")
    assert decl.denials == {} and decl.not_collected == {}
    practice = PracticeFacts(recipients_found=[FoundRecipient("Meta", "ad_network", ("user.contact.email",))])
    assert not [g for g in compare_policy(decl, practice) if g.kind == "contradicted"]


def test_the_controllers_own_settings_are_kept() -> None:
    decl = _policy("Fernly's privacy settings let you turn off marketing.", "We collect your email address to run your account.", controller=("Fernly",))
    assert decl.set_aside == [] and "user.privacy_preferences" in decl.categories
    inferred = parse_policy_text('# Notice\n\nBrightCare Ltd ("BrightCare", "we") runs the app.\n\nBrightCare\'s privacy settings let you hide your profile. We collect your email address to run your account.\n', "p.md")
    assert inferred.set_aside == []


# --- transfer safeguards, wherever they are named -------------------------------------------------------

SAFEGUARDS = [
    ("Where our providers are in the US, we rely on the European Commission's standard contractual clauses.", {"standard_contractual_clauses"}),
    ("We use the UK International Data Transfer Agreement (IDTA) or the UK Addendum to the EU SCCs.", {"international_data_transfer_agreement", "uk_addendum", "standard_contractual_clauses"}),
    ("Our group companies are bound by Binding Corporate Rules approved by the CNIL.", {"binding_corporate_rules"}),
    ("Our analytics vendor is certified under the EU-U.S. Data Privacy Framework.", {"data_privacy_framework"}),
    ("Canada and Switzerland benefit from adequacy decisions of the European Commission.", {"adequacy_decision"}),
    ("Our hosting provider in Singapore signed model clauses with us.", {"standard_contractual_clauses"}),
]


@pytest.mark.parametrize(("sentence", "names"), SAFEGUARDS, ids=[s[0][:40] for s in SAFEGUARDS])
def test_safeguards_are_recorded_under_any_heading(sentence: str, names: set[str]) -> None:
    decl = _policy(sentence, heading="Who we work with")
    assert decl.transfers, "not read as a transfer statement"
    assert names <= set(decl.transfers[0].safeguards)
    practice = PracticeFacts(recipients_found=[FoundRecipient("Vendor", "hosting", ("user.contact.email",), "US")], home_country="IE")
    assert not [g for g in compare_policy(decl, practice) if g.subject == "transfer safeguards"]


def test_no_safeguard_named_is_still_reported() -> None:
    decl = _policy("Your data may be transferred to other countries.")
    practice = PracticeFacts(recipients_found=[FoundRecipient("Vendor", "hosting", ("user.contact.email",), "US")], home_country="IE")
    assert [g for g in compare_policy(decl, practice) if g.subject == "transfer safeguards"]


# --- negations and conditions --------------------------------------------------------------------------


def test_absolute_and_conditional_denials() -> None:
    decl = _policy(
        "We do not sell your personal data.",
        "We will not share your data with advertisers unless you consent.",
        "We never share your information with third parties except our payment processors.",
        heading="Sharing",
    )
    assert [s.condition for s in decl.denials["sell"]] == [""]
    assert sorted(s.condition for s in decl.denials["share"]) == ["except", "unless"]
    assert {"ad_network", "payment_provider"} <= set(decl.recipient_types)
    practice = PracticeFacts(recipients_found=[FoundRecipient("AdCo", "ad_network", ("user.device.cookie_id",))])
    contradicted = [g for g in compare_policy(decl, practice) if g.kind == "contradicted"]
    assert [g.policy_sentence for g in contradicted] == ["We do not sell your personal data."]


def test_conditional_share_alone_is_never_contradicted() -> None:
    decl = _policy("We will not share your data with advertisers unless you consent.", heading="Sharing")
    practice = PracticeFacts(recipients_found=[FoundRecipient("AdCo", "ad_network", ("user.device.cookie_id",))])
    gaps = compare_policy(decl, practice)
    assert not [g for g in gaps if g.kind == "contradicted"]
    assert not [g for g in gaps if g.subject == "recipient: AdCo" and g.kind == "undisclosed"]


def test_scoped_denial_is_no_not_collected_promise() -> None:
    decl = _policy("Our app records which screens are used. It does not record your name or your IP address for this purpose.")
    assert decl.not_collected == {}
    assert decl.denials["collect"][0].condition == "for this purpose"
    absolute = _policy("We do not collect biometric data.")
    assert "user.biometric" in absolute.not_collected


def test_purpose_denied_outright_is_contradicted_by_practice() -> None:
    decl = _policy("We will never use your personal data for targeted advertising.")
    assert "marketing.advertising.first_party.targeted" in decl.denied_purposes
    assert "marketing.advertising.first_party.targeted" not in decl.purposes
    gaps = compare_policy(decl, PracticeFacts(purposes_found={"marketing.advertising.first_party.targeted": ["ads"]}))
    assert [(g.kind, g.subject) for g in gaps] == [("contradicted", "marketing.advertising.first_party.targeted")]


def test_purpose_denied_with_a_condition_is_a_stated_purpose() -> None:
    decl = _policy("We do not use your data for marketing without your consent.")
    assert "marketing" in decl.purposes and decl.denied_purposes == {}
    health = _policy("We never use your health data for advertising.")
    gaps = compare_policy(health, PracticeFacts(purposes_found={"marketing.advertising": ["ads"]}))
    assert not [g for g in gaps if g.kind == "contradicted"]  # a promise about health data, not about all data


# --- the two demo organisations' policies ----------------------------------------------------------------


def test_imvbox_third_party_sentences_are_set_aside() -> None:
    decl = read_policy(IMVBOX, controller=("IMVBox",))
    aside = {s.index: s.text for s in decl.set_aside}
    assert any("privacy settings available on some social media sites" in t for t in aside.values())
    assert any("controlled by the third-party service" in t for t in aside.values())
    assert any("not responsible for the privacy practices of third party advertisers" in t for t in aside.values())
    settings = next(i for i, t in aside.items() if "privacy settings available on some social media sites" in t)
    found = {k for m in (decl.categories, decl.recipient_types) for k, sts in m.items() for s in sts if s.index == settings}
    assert found == set()
    assert "third_party_sharing.legal_obligation" in decl.purposes
    assert "essential.service.security" in decl.purposes


def test_fernly_policy_read_by_meaning() -> None:
    decl = read_policy(FERNLY, controller=("Fernly Finance DAC",))
    assert {"essential.fraud_detection", "essential.legal_obligation", "third_party_sharing.legal_obligation",
            "analytics.reporting.ad_performance", "functional.service.improve", "marketing.communications"} <= set(decl.purposes)
    safeguards = {g for t in decl.transfers for g in t.safeguards}
    assert {"standard_contractual_clauses", "adequacy_decision"} <= safeguards
    assert decl.not_collected == {}  # "It does not record your name ... for this purpose" is scoped
    assert decl.set_aside == []
    declared = load_declarations(FERNLY_DIR)
    uses = {p for a in declared.activities for p in a.purposes}
    practice = PracticeFacts(purposes_found={u: sorted(a.key for a in declared.activities if u in a.purposes) for u in uses})
    undisclosed = {g.subject for g in compare_policy(decl, practice) if g.kind == "undisclosed"}
    assert not undisclosed & {"essential.fraud_detection", "essential.legal_obligation", "third_party_sharing.legal_obligation", "analytics.reporting"}


# --- the retention sentence quoted is the one about those records -----------------------------------------


RETENTION_POLICY = """# How long we keep it

We keep your account and identity records for five years after our relationship ends.
We keep payment records for six years after the account closes.
We keep fraud signals for 13 months.
We delete a linked bank account 30 days after you remove the link.
Support conversations are kept for two years after our relationship ends.
"""


@pytest.mark.parametrize(
    ("table", "kept_days", "sentence"),
    [
        ("app.customers", 1825, "We keep your account and identity records for five years after our relationship ends."),
        ("app.card_payments", 2190, "We keep payment records for six years after the account closes."),
        ("app.support_tickets", 730, "Support conversations are kept for two years after our relationship ends."),
        ("app.bank_links", 30, "We delete a linked bank account 30 days after you remove the link."),
        ("app.risk_signals", 390, "We keep fraud signals for 13 months."),
    ],
)
def test_retention_contradiction_quotes_the_sentence_about_those_records(table: str, kept_days: int, sentence: str) -> None:
    decl = parse_policy_text(RETENTION_POLICY, "p.md")
    practice = PracticeFacts(retention_periods_found=[RetentionFact(table, 7, kept_days, True, "rows kept too long")])
    [gap] = [g for g in compare_policy(decl, practice) if g.subject == "retention"]
    assert gap.kind == "contradicted" and gap.policy_sentence == sentence
    assert gap.policy_where.startswith('"How long we keep it"')


def test_retention_within_the_sentence_about_those_records_is_no_contradiction() -> None:
    decl = parse_policy_text(RETENTION_POLICY, "p.md")
    practice = PracticeFacts(retention_periods_found=[RetentionFact("app.customers", 7, 400, True, "rows")])
    assert not [g for g in compare_policy(decl, practice) if g.subject == "retention"]  # 13 months is about fraud signals


# --- recipients named by what they are ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "We report suspicious transactions to the Financial Intelligence Unit, as the law requires.",
        "We report loans to the Central Credit Register.",
        "We disclose records to the tax office when the law requires it.",
        "We share information with police forces investigating a crime.",
    ],
)
def test_authorities_by_meaning(sentence: str) -> None:
    assert "public_authority" in _policy(sentence, heading="Sharing").recipient_types


def test_sharing_to_measure_advertising_is_an_ad_recipient() -> None:
    decl = _policy("If you agree, we share your hashed email address with Meta to measure our advertising.", heading="Sharing")
    assert "ad_network" in decl.recipient_types
