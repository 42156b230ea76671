"""Name tokenisation, column-name rules and person-table detection, with positive and negative cases."""

from __future__ import annotations

import pytest
from fideslang.default_taxonomy import DEFAULT_TAXONOMY

from privacy_inventory.classify import is_person_table
from privacy_inventory.classify.names import ID_RULES, RULES, match_name
from privacy_inventory.classify.signals import CONFIRMERS, STRONG
from privacy_inventory.classify.tables import head_noun, is_org_table
from privacy_inventory.classify.tokens import singular, tokenize

TAXONOMY = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}


@pytest.mark.parametrize("name,expected", [
    ("lastSignInIp", ("last", "sign", "in", "ip")),
    ("last_sign_in_ip", ("last", "sign", "in", "ip")),
    ("LastSignInIP", ("last", "sign", "in", "ip")),
    ("dob", ("date", "of", "birth")),
    ("fname", ("first", "name")),
    ("lname", ("last", "name")),
    ("tel", ("phone",)),
    ("msisdn", ("phone",)),
    ("addr1", ("address", "1")),
    ("zip", ("postal", "code")),
    ("postcode", ("postal", "code")),
    ("cc_num", ("cc", "number")),
    ("ua", ("user", "agent")),
    ("user_agent", ("user", "agent")),
    ("lat", ("latitude",)),
    ("lng", ("longitude",)),
    ("sex", ("gender",)),
    ("firstName", ("first", "name")),
    ("usermeta", ("user", "meta")),
    ("e_mail", ("email",)),
    ("comment_author_IP", ("comment", "author", "ip")),
])
def test_tokenize(name: str, expected: tuple[str, ...]) -> None:
    assert tokenize(name) == expected


def test_tokenize_keeps_unknown_words_and_ignores_separators() -> None:
    assert tokenize("genre--title") == ("genre", "title")
    assert tokenize("") == ()
    assert tokenize("__") == ()


@pytest.mark.parametrize("word,expected", [("users", "user"), ("companies", "company"), ("people", "person"),
                                           ("addresses", "address"), ("status", "status"), ("class", "class")])
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def _first_category(column: str) -> str | None:
    rules = match_name(column)
    return rules[0].category if rules else "NO RULE"


@pytest.mark.parametrize("column,category", [
    ("email", "user.contact.email"), ("user_email", "user.contact.email"), ("EmailAddress", "user.contact.email"),
    ("phone_number", "user.contact.phone_number"), ("tel", "user.contact.phone_number"),
    ("msisdn", "user.contact.phone_number"), ("first_name", "user.name.first"), ("fname", "user.name.first"),
    ("surname", "user.name.last"), ("lname", "user.name.last"), ("display_name", "user.name"),
    ("username", "user.account.username"), ("user_login", "user.account.username"),
    ("encrypted_password", "user.authorization.password"), ("password_hash", "user.authorization.password"),
    ("salt", "user.authorization.password"), ("reset_password_token", "user.authorization.credentials"),
    ("otp_secret", "user.authorization.credentials"), ("remember_token", "user.authorization.credentials"),
    ("last_sign_in_ip", "user.device.ip_address"), ("lastSignInIp", "user.device.ip_address"),
    ("street", "user.contact.address.street"), ("addr1", "user.contact.address.street"),
    ("city", "user.contact.address.city"), ("zip", "user.contact.address.postal_code"),
    ("postcode", "user.contact.address.postal_code"), ("country", "user.contact.address.country"),
    ("dob", "user.demographic.date_of_birth"), ("birth_date", "user.demographic.date_of_birth"),
    ("age", "user.demographic.age_range"), ("gender", "user.demographic.gender"), ("sex", "user.demographic.gender"),
    ("locale", "user.demographic.language"), ("nationality", "user.demographic"),
    ("cc_num", "user.financial.credit_card"), ("card_last4", "user.financial.credit_card"),
    ("iban", "user.financial.bank_account"), ("ssn", "user.government_id.national_identification_number"),
    ("nino", "user.government_id.national_identification_number"),
    ("passport_number", "user.government_id.passport_number"),
    ("driving_licence", "user.government_id.drivers_license_number"),
    ("lat", "user.location.precise"), ("lng", "user.location.precise"), ("geo", "user.location.precise"),
    ("user_agent", "user.device"), ("ua", "user.device"), ("device_id", "user.device.device_id"),
    ("idfa", "user.device.device_id"), ("cookie_id", "user.device.cookie_id"),
    ("search_query", "user.behavior.search_history"), ("watch_history", "user.behavior.media_consumption"),
    ("avatar", "user.content.self_image"), ("bio", "user.content.public"),
    ("marketing_opt_in", "user.privacy_preferences"), ("cookie_consent", "user.privacy_preferences"),
    ("job_title", "user.job_title"), ("employer", "user.workplace"), ("followers", "user.social"),
    ("religion", "user.demographic.religious_belief"), ("ethnicity", "user.demographic.race_ethnicity"),
    ("sexual_orientation", "user.demographic.sexual_orientation"), ("diagnosis", "user.health_and_medical"),
    ("allergies", "user.health_and_medical"), ("criminal_record", "user.criminal_history"),
    ("fingerprint_template", "user.biometric.fingerprint"),
])
def test_name_rules_positive(column: str, category: str) -> None:
    assert _first_category(column) == category


@pytest.mark.parametrize("column", [
    "created_at", "updated_at", "deleted_at", "createdAt", "sign_in_count", "views_count", "is_active",
    "enabled", "sort_order", "version", "lock_version", "status", "last_login", "email_verified",
    "email_template", "age_rating", "has_avatar", "release_year",
])
def test_name_rules_negative(column: str) -> None:
    assert _first_category(column) is None


@pytest.mark.parametrize("column", ["genre", "film_title_slug_x", "widget", "quantity_unit_xyz"])
def test_unrelated_names_match_no_personal_rule(column: str) -> None:
    assert _first_category(column) in ("NO RULE", None)


def test_every_category_a_rule_can_emit_exists_in_fideslang() -> None:
    emitted = {r.category for r in RULES + ID_RULES if r.category}
    emitted |= {s[0] for s in STRONG} | set(CONFIRMERS)
    emitted |= {"user.unique_id", "user.name", "user.content.public", "user.content.private", "user.payment",
                "user.behavior.purchase_history"}
    missing = sorted(emitted - TAXONOMY)
    assert not missing, missing


def test_rule_flags_are_known() -> None:
    flags = {r.flag for r in RULES if r.flag}
    assert flags <= {"special:health", "special:religion", "special:ethnicity", "special:sexual_orientation",
                     "special:politics", "special:trade_union", "special:genetic", "special:biometric",
                     "special:criminal"}


@pytest.mark.parametrize("table,columns", [
    ("users", ()), ("auth_user", ()), ("wp_users", ()), ("tbl_customer", ()), ("customers", ()),
    ("patients", ()), ("employees", ()), ("people", ()), ("members", ()), ("subscribers", ()),
    ("user_profiles", ()), ("customer_entity", ()), ("patient_data", ()), ("authors", ()),
    ("accounts", ("id", "username", "display_name")),
    ("signups", ("id", "email", "password_digest")), ("registrations", ("email", "first_name", "last_name")),
])
def test_person_tables(table: str, columns: tuple[str, ...]) -> None:
    assert is_person_table(table, columns)


@pytest.mark.parametrize("table,columns", [
    ("genres", ()), ("products", ()), ("films", ()), ("roles", ()), ("tags", ()), ("categories", ()),
    ("organizations", ("email", "phone", "name")), ("tenants", ("contact_email", "password")),
    ("clinics", ("email", "phone")), ("stores", ()), ("companies", ("email", "first_name")),
    ("settings", ("smtp_password", "admin_email")), ("account_account", ("name", "code")),
    ("oauth_applications", ("name", "secret", "uid")), ("posts", ("user_id", "raw")),
    ("newsletter_log", ("email",)),
])
def test_not_person_tables(table: str, columns: tuple[str, ...]) -> None:
    assert not is_person_table(table, columns)


def test_org_tables_and_head_nouns() -> None:
    assert is_org_table("store_settings") and is_org_table("tenants") and is_org_table("res_company")
    assert not is_org_table("user_settings") and not is_org_table("customers")
    assert head_noun("customer_address_entity") == "address"
    assert head_noun("wp_users") == "user"
