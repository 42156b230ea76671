"""Policy reader: lexicon validity, sentence splitting, the IMVBox policy sentence by sentence, and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_inventory.errors import InventoryError
from privacy_inventory.policy import PolicyDeclarations, parse_policy_text, read_policy
from privacy_inventory.policy.lexicon import load_lexicon, match_entries, parse_period, period_days, term_regex
from privacy_inventory.policy.reader import split_sentences

ROOT = Path(__file__).resolve().parents[1]
IMVBOX = ROOT / "inventory" / "imvbox" / "privacy-policy.md"
REFERENCE = ROOT.parent / "shared" / "reference" / "imvbox-privacy-policy-2018.md"


@pytest.fixture(scope="module")
def imvbox() -> PolicyDeclarations:
    return read_policy(IMVBOX)


def _keys_for(decl: PolicyDeclarations, fragment: str, field: str) -> set[str]:
    """Keys of one declarations map recognised in the sentence containing `fragment`."""
    statements = [s for sts in getattr(decl, field).values() for s in sts]
    hits = [s for s in statements if fragment.lower() in s.text.lower()]
    return {s.key for s in hits}


def _sentence_exists(decl: PolicyDeclarations, fragment: str) -> bool:
    text = IMVBOX.read_text(encoding="utf-8")
    return any(fragment.lower() in s.text.lower() for s in split_sentences(text))


# --- the lexicon ---------------------------------------------------------------------------------


def test_every_lexicon_key_exists_in_fideslang() -> None:
    lex = load_lexicon()
    keys = lex.all_keys()
    categories = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    uses = {u.fides_key for u in DEFAULT_TAXONOMY.data_use}
    assert keys["data_category"] and keys["data_use"]
    assert sorted(keys["data_category"] - categories) == []
    assert sorted(keys["data_use"] - uses) == []


def test_every_lexicon_entry_has_a_note_and_keys() -> None:
    lex = load_lexicon()
    for entry in lex.categories + lex.purposes:
        assert entry.note, entry.term
        assert entry.keys, entry.term
    assert {"service_provider", "business_partner", "ad_network", "social_network", "public_authority", "affiliates"} <= set(lex.recipient_types)


def test_term_regex_allows_plural_and_hyphen_and_needs_word_boundary() -> None:
    rx = re.compile(rf"(?<!\w)(?:{term_regex('email address')})(?!\w)", re.I)
    assert rx.search("your Email Addresses")
    assert rx.search("email-address")
    assert not rx.search("emailaddressbook")


def test_longest_match_claims_its_span() -> None:
    lex = load_lexicon()
    matches = match_entries(lex.categories, "geolocation information (city and country)")
    assert [m.keys for m in matches] == [("user.location.imprecise",)]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("We keep your data for 2 years after your last order.", "P2Y"),
        ("Logs are retained for a period of six months.", "P6M"),
        ("We delete backups within 30 days.", "P30D"),
        ("We keep your data for as long as we have a relationship with you.", "relationship"),
        ("We retain it as long as your account is active.", "relationship"),
        ("We keep data only as long as necessary for these purposes.", "necessary"),
        ("We store your data.", None),
    ],
)
def test_parse_period(text: str, period: str | None) -> None:
    assert parse_period(text, load_lexicon()) == period


def test_period_days() -> None:
    assert period_days("P2Y") == 730
    assert period_days("P30D") == 30
    assert period_days("relationship") is None


# --- sentences and sections ----------------------------------------------------------------------


def test_split_sentences_keeps_sections_positions_and_abbreviations() -> None:
    text = (
        "# Privacy\n\nIntro sentence one. Intro two!\n\n**WHAT WE COLLECT**\n\nContact data\n\n"
        "We collect e.g. your name. We may also use the U.S. office; and the [link](https://x.example) text.\n"
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Intro sentence one.",
        "Intro two!",
        "We collect e.g. your name.",
        "We may also use the U.S. office; and the link text.",
    ]
    assert [s.index for s in sents] == [1, 2, 3, 4]
    assert sents[0].section == "Privacy" and sents[0].line == 3
    assert sents[2].section == "Contact data"
    assert sents[2].section_path == ("Privacy", "WHAT WE COLLECT", "Contact data")


def test_plain_text_caps_headings() -> None:
    sents = split_sentences("RETENTION\nWe keep your data for 2 years.\n")
    assert sents[0].section == "RETENTION"


def test_copy_of_imvbox_policy_is_unchanged() -> None:
    if not REFERENCE.exists():
        pytest.skip("shared reference not present")
    assert IMVBOX.read_bytes() == REFERENCE.read_bytes()


# --- the IMVBox policy, sentence by sentence ------------------------------------------------------

CASES = [
    ("email address, password and how did you hear about us", "categories", {"user.contact.email", "user.authorization.password"}),
    ("full name and country", "categories", {"user.name", "user.contact.address.country"}),
    ("payment information when you subscribe", "categories", {"user.payment"}),
    ("Invite a Friend referral program", "categories", {"user.contact.email", "user.content.private", "user.content.public"}),
    ("pages you view, content you view", "categories", {"user.behavior.browsing_history", "user.behavior.media_consumption", "user.behavior.search_history", "user.account.settings"}),
    ("your IP Address, geolocation information (city and country)", "categories", {"user.device.ip_address", "user.location.imprecise", "user.device", "user.demographic.language", "user.device.device_id"}),
    ("amount charged, date and time", "categories", {"user.behavior.purchase_history"}),
    ("cookies IDs and settings", "categories", {"user.device.cookie", "user.device.cookie_id", "user.behavior"}),
    ("cookies IDs and settings", "purposes", {"marketing.advertising.first_party.targeted"}),
    ("option to sign in to an account you already have", "categories", {"user.social"}),
    ("your name, email address, date of birth, geographic location", "categories", {"user.name", "user.contact.email", "user.demographic.date_of_birth", "user.location", "user.demographic.profile", "user.content.self_image", "user.social"}),
    ("post information through social media sites", "categories", {"user.social", "user.content.public"}),
    ("such as demographic data, your activities", "categories", {"user.demographic", "user.behavior"}),
    ("authenticate your identity when you log in", "purposes", {"essential.service", "essential.service.authentication", "essential.service.payment_processing", "personalize.content"}),
    ("authenticate your identity when you log in", "categories", {"user.location.imprecise", "user.behavior.search_history"}),
    ("serve you with advertisements that may interest you", "recipient_types", {"ad_network"}),
    ("send you promotional messages, newsletters", "purposes", {"marketing", "marketing.communications.email"}),
    ("respond and resolve your support requests", "purposes", {"essential.service.operations.support"}),
    ("investigate and prevent security issues and abuse", "purposes", {"essential.service.security"}),
    ("conduct research for further development", "purposes", {"functional.service.improve"}),
    ("comply with legal obligations to which We are subject", "purposes", {"essential.legal_obligation"}),
    ("comply with legal obligations to which We are subject", "recipient_types", {"public_authority"}),
    ("We share your Personal Information with Our service providers", "recipient_types", {"service_provider"}),
    ("with Our business partners to perform business services", "recipient_types", {"business_partner"}),
    ("We may share your Personal Information with these parties", "recipient_types", {"public_authority"}),
    ("also called ad networks or network advertisers", "recipient_types", {"ad_network"}),
    ("such as- cookies, platform device identifiers, software agents", "recipient_types", {"ad_network"}),
    ("such as- cookies, platform device identifiers, software agents", "purposes", {"analytics.reporting.ad_performance", "marketing.advertising.third_party.targeted"}),
    ("share information with Our affiliates for internal administration", "recipient_types", {"affiliates"}),
    ("your password is unique", "categories", {"user.authorization.password"}),
]

# Sentences whose wording must NOT produce a key (false friends of the lexicon).
NEGATIVE_CASES = [
    ("these interests are not overridden", "categories", "user.demographic.profile"),
    ("country of your habitual residence", "categories", "user.contact.address.country"),
    ("review the information at the following links", "categories", "user.content.public"),
    ("seek a remedy through the courts", "recipient_types", "public_authority"),
    ("agree to this Privacy Policy Our Cookies Policy", "categories", "user.device.cookie"),
    ("receive additional information about you from third-party service providers", "recipient_types", "service_provider"),
    ("option to sign in to an account you already have", "recipient_types", "service_provider"),
    ("your password is unique, secure and not shared", "denials", "share"),
]


@pytest.mark.parametrize(("fragment", "field", "expected"), CASES, ids=[f"{c[1]}:{c[0][:30]}" for c in CASES])
def test_imvbox_sentence(imvbox: PolicyDeclarations, fragment: str, field: str, expected: set[str]) -> None:
    assert _sentence_exists(imvbox, fragment), fragment
    found = _keys_for(imvbox, fragment, field)
    assert expected <= found, f"missing {sorted(expected - found)}; found {sorted(found)}"


@pytest.mark.parametrize(("fragment", "field", "key"), NEGATIVE_CASES, ids=[c[0][:30] for c in NEGATIVE_CASES])
def test_imvbox_sentence_false_friends(imvbox: PolicyDeclarations, fragment: str, field: str, key: str) -> None:
    assert _sentence_exists(imvbox, fragment), fragment
    assert key not in _keys_for(imvbox, fragment, field)


def test_imvbox_ad_networks_carry_their_categories(imvbox: PolicyDeclarations) -> None:
    related = {k for s in imvbox.recipient_types["ad_network"] for k in s.related}
    assert {"user.device.cookie", "user.device.device_id", "user.device.ip_address"} <= related


def test_imvbox_children(imvbox: PolicyDeclarations) -> None:
    promise = [c for c in imvbox.children if c.not_knowingly]
    assert len(promise) == 1
    assert promise[0].min_age == 13
    assert promise[0].statement.text == "We do not knowingly collect personally identifiable information from children under the age of 13."
    assert promise[0].statement.section == "CHILDREN'S PRIVACY"
    assert any(c.not_directed and c.min_age == 13 for c in imvbox.children)
    assert any(c.deletes for c in imvbox.children)
    assert imvbox.children_min_age == 13


def test_imvbox_retention(imvbox: PolicyDeclarations) -> None:
    periods = {r.period for r in imvbox.retention}
    assert "relationship" in periods
    rel = next(r for r in imvbox.retention if r.period == "relationship")
    assert rel.statement.text.startswith("IMVBox will keep your Personal Information for as long as")
    assert rel.statement.index > 0 and rel.statement.line > 0


def test_imvbox_transfer(imvbox: PolicyDeclarations) -> None:
    assert len(imvbox.transfers) == 1
    t = imvbox.transfers[0]
    assert "processed in countries" in t.statement.text
    assert t.statement.section == "Data Transfer"
    assert not t.names_safeguards and not t.names_destinations  # "from the European Union" is not a destination


def test_imvbox_denials_and_not_collected(imvbox: PolicyDeclarations) -> None:
    assert "sell" not in imvbox.denials and "share" not in imvbox.denials
    assert "collect" in imvbox.denials  # the children sentence
    assert imvbox.not_collected == {}


def test_imvbox_output_is_deterministic(imvbox: PolicyDeclarations) -> None:
    again = read_policy(IMVBOX)
    assert again.to_json() == imvbox.to_json()
    data = json.loads(imvbox.to_json())
    assert list(data["categories"]) == sorted(data["categories"])
    assert imvbox.warnings == []


# --- a general policy (not the demo) ----------------------------------------------------------------

GENERAL = """Acme Privacy Notice

1. What we collect
We collect your phone number, postal address, gender and precise location (GPS).
With your consent we process health data such as allergies.
We do not collect biometric data.

2. Sharing
We do not sell your personal information.
We transfer data to the United States under standard contractual clauses.

3. Retention
We keep order data for 2 years after your last purchase.

4. Children
Our app is not directed to children under 16 years of age.
"""


def test_general_policy() -> None:
    d = parse_policy_text(GENERAL, "acme.txt")
    assert {"user.contact.phone_number", "user.contact.address", "user.demographic.gender", "user.location.precise", "user.health_and_medical"} <= set(d.categories)
    assert "user.biometric" in d.not_collected and "user.biometric" not in d.categories
    assert set(d.denials) >= {"sell", "collect"}
    assert d.transfers[0].destinations == ("US",)
    assert d.transfers[0].safeguards == ("standard_contractual_clauses",)
    assert [r.period for r in d.retention] == ["P2Y"]
    assert d.children[0].min_age == 16 and d.children[0].not_directed and not d.children[0].not_knowingly
    assert d.categories["user.contact.phone_number"][0].section == "1. What we collect"


# --- bad input -------------------------------------------------------------------------------------

GERMAN = (
    "Datenschutzerklärung\n\nWir erheben Ihren Namen und Ihre Anschrift, wenn Sie ein Konto anlegen. "
    "Die Daten werden nicht an Dritte weitergegeben. Sie haben das Recht auf Auskunft und Löschung. "
    "Kinder unter sechzehn Jahren dürfen den Dienst nicht nutzen. Wir speichern Ihre Daten nur so lange wie nötig.\n"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "privacy policy is empty"),
        ("   \n\n\t ", "privacy policy is empty"),
        (GERMAN, "no English privacy-policy statements recognised"),
        ("The weather was lovely. We walked along the river and ate lunch.", "no privacy-policy statements recognised"),
    ],
)
def test_parse_errors(content: str, message: str) -> None:
    with pytest.raises(InventoryError) as err:
        parse_policy_text(content, "policy.md")
    assert message in str(err.value)
    assert str(err.value).startswith("policy.md: ")
    assert "\n" not in str(err.value)


def test_read_policy_file_errors(tmp_path: Path) -> None:
    binary = tmp_path / "policy.pdf"
    binary.write_bytes(bytes(range(256)) * 40)
    missing = tmp_path / "nope.md"
    cases = {binary: "binary", missing: "not found", tmp_path: "is a folder"}
    for path, word in cases.items():
        with pytest.raises(InventoryError) as err:
            read_policy(path)
        assert word in str(err.value) and str(path) in str(err.value)


def test_read_policy_garbled_text(tmp_path: Path) -> None:
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(bytes([0x01, 0x02, 0x03, 0x1B, 0x7F]) * 200 + b"email address")
    with pytest.raises(InventoryError, match="not readable text"):
        read_policy(garbled)


def test_read_policy_latin1_file(tmp_path: Path) -> None:
    p = tmp_path / "policy.txt"
    p.write_bytes("We collect your email address and your caf\xe9 preferences.".encode("cp1252"))
    d = read_policy(p)
    assert "user.contact.email" in d.categories


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_gives_declarations_or_inventory_error(text: str) -> None:
    try:
        d = parse_policy_text(text, "fuzz.md")
    except InventoryError as exc:
        assert str(exc).startswith("fuzz.md: ")
    else:
        assert d.statement_count > 0
