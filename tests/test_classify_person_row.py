"""Issue 11 classes 3, 10 and 11 on a person's own row: attributes kept as pointers into lists or stores, name parts,
a person's interface settings, and the precision twins next to them (a volunteering register nobody ships)."""

from __future__ import annotations

import pytest

from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]
TONGUES = ["Finnish", "German", "Italian", "Dutch", "Turkish", "Yoruba"]

SCHEMA: dict[str, tuple[list[str], object]] = {
    # The person: their language kept by name (a list of languages exists), their picture kept in an image store.
    "volunteers": (["id INTEGER PRIMARY KEY", "given_name TEXT", "surname TEXT", "email TEXT", "birth_date TEXT",
                    "language TEXT", "profile_image_id INTEGER", "renewal_notice_id INTEGER", "weekday_slot TEXT", "job TEXT", "name_suffix TEXT",
                    "surname_prefix TEXT", "dietary_requirements TEXT", "nickname TEXT", "portrait_location TEXT", "created_at TEXT"],
                   lambda i: (i, FIRST[i % 12], LAST[i % 10], f"vol{i}@mail.example", f"19{60 + i % 35}-0{1 + i % 9}-1{i % 9}",
                              TONGUES[i % 6], 100 + i, 200 + i, ["morning", "evening"][i % 2], ["Nurse", "Carpenter", "Teacher"][i % 3],
                              ["Jr.", "Sr.", "III", None][i % 4], ["van", "de", None][i % 3],
                              ["vegetarian, no nuts", "halal", "none"][i % 3], ["Ainoska", "Bru", "Kiki"][i % 3],
                              ["local", "bucket"][i % 2], "2024-05-01 10:00:00")),
    # A list of languages (reference data) the person's `language` is named after.
    "languages": (["id INTEGER PRIMARY KEY", "label TEXT", "sort_order INTEGER"],
                lambda i: (i, TONGUES[i % 6], i)),
    # Where pictures are stored, and notices sent: neither holds people.
    "profile_images": (["id INTEGER PRIMARY KEY", "storage_path TEXT", "byte_size INTEGER", "mime_type TEXT"],
                        lambda i: (100 + i, f"store/img/{i:04d}.jpg", 20000 + i, "image/jpeg")),
    "renewal_notices": (["id INTEGER PRIMARY KEY", "subject TEXT", "sent_at TEXT"],
                        lambda i: (200 + i, "Your registration expires soon", "2024-06-01 09:00:00")),
    # A payout record of one volunteer: their bank account, written as bare digits a phone parser would accept.
    "expense_payouts": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER REFERENCES volunteers(id)",
                         "bank_name TEXT", "bank_account_no TEXT", "amount NUMERIC", "paid_on TEXT"],
                        lambda i: (i, 1 + i % N, ["Sparbank", "Nordbank", "Cassa Rurale"][i % 3],
                                   f"0{7700900000 + 37 * i}", 12.5 + i, "2024-06-30")),
    # A sign-up form: its `email_id` holds the address itself, its `form_template_id` an id of a template.
    "signup_forms": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER REFERENCES volunteers(id)", "email_id TEXT",
                      "form_template_id INTEGER"],
                     lambda i: (i, 1 + i % N, f"{FIRST[i % 12].lower()}.{i}@post.example", 1 + i % 3)),
    # The register's partner organisations: their bank details are the organisation's.
    "partner_organisations": (["id INTEGER PRIMARY KEY", "org_name TEXT", "vat_number TEXT", "website TEXT",
                               "bank_name TEXT", "bank_account_no TEXT"],
                              lambda i: (i, f"Partner {i} e.V.", f"DE{100000000 + i}", f"https://p{i}.example",
                                         "Nordbank", f"0{7700800000 + 41 * i}")),
    # The register's own login accounts: what the person picks in the application sits beside their password.
    "coordinator_accounts": (["id INTEGER PRIMARY KEY", "email TEXT", "password_hash TEXT", "inbox_pane TEXT",
                              "roster_sort TEXT", "account_status TEXT", "role TEXT", "beta_opt TEXT",
                              "list_position INTEGER", "nickname TEXT", "friends_sort_order TEXT",
                              "glucose_unit TEXT"],
                             lambda i: (i, f"coord{i}@mail.example", "$2b$12$" + f"{i:02d}" * 26 + "ab",
                                        ["list", "cards", "compact"][i % 3], ["given_first", "surname_first"][i % 2],
                                        ["active", "suspended"][i % 2], ["admin", "editor"][i % 2],
                                        ["true", "false"][i % 2], i, f"coord_{i}", ["byName", "byDate"][i % 2],
                                        ["mgdl", "mmol"][i % 2])),
    # Key-value rows of one coordinator (the key in a column named by the value's prefix): switches and locale codes
    # are that person's settings; free facts about a volunteer are facts about them.
    "coordinator_prop": (["id INTEGER PRIMARY KEY", "coordinator_account_id INTEGER REFERENCES coordinator_accounts(id)",
                          "property TEXT", "property_value TEXT"],
                         lambda i: (i, 1 + i % N, ["showArchived", "defaultLocale", "pageRows"][i % 3],
                                    ["true", "pt_BR", "25", "false"][i % 4])),
    "volunteer_facts": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER REFERENCES volunteers(id)", "attribute TEXT",
                         "attribute_value TEXT"],
                        lambda i: (i, 1 + i % N, ["birthplace", "mother"][i % 2],
                                   ["Porto Alegre", f"{FIRST[i % 12]} {LAST[i % 10]}"][i % 2])),
    # The application's queue of background jobs (a system table): the volunteer's `job` is named like it by chance.
    "jobs": (["id INTEGER PRIMARY KEY", "queue TEXT", "payload TEXT", "attempts INTEGER", "reserved_at INTEGER"],
             lambda i: (i, "default", '{"job":"SendReminder"}', i % 3, 1717000000 + i)),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("volunteers") / "volunteers.sqlite", "volunteers", SCHEMA, N)


def test_roles_and_references_of_the_schema(scanned) -> None:
    assert scanned["volunteers"].role == "person"
    assert scanned["volunteers"].references["language"][0] == "languages"
    assert scanned["volunteers"].references["profile_image_id"][0] == "profile_images"


def test_a_persons_language_named_after_a_list_of_languages_is_their_language(scanned) -> None:
    got = _col(scanned, "volunteers", "language")
    assert got.category == "user.demographic.language"
    assert "the person's" in got.evidence


def test_a_persons_picture_kept_as_an_id_of_an_image_store_is_their_picture(scanned) -> None:
    got = _col(scanned, "volunteers", "profile_image_id")
    assert got.category == "user.content.self_image"
    assert "'profile_images'" in got.evidence


def test_a_pointer_named_after_a_record_is_not_the_attribute_before_it(scanned) -> None:
    # `renewal_notice_id` points at a notice: the words before the record's noun do not make it a personal attribute.
    assert _col(scanned, "volunteers", "renewal_notice_id").category is None
    assert _col(scanned, "profile_images", "storage_path").category is None


def test_an_email_id_holding_addresses_is_an_email(scanned) -> None:
    assert _col(scanned, "signup_forms", "email_id").category == "user.contact.email"
    assert _col(scanned, "signup_forms", "form_template_id").category is None


def test_a_bank_account_name_beats_phone_shaped_digits(scanned) -> None:
    # Bare digits (`07700900037`) pass a phone parser; the name says what they are, and the payout is the person's.
    got = _col(scanned, "expense_payouts", "bank_account_no")
    assert got.category == "user.financial.bank_account", got.evidence
    assert _col(scanned, "expense_payouts", "bank_name").category == "user.financial.bank_account"


def test_an_organisations_bank_details_stay_not_personal(scanned) -> None:
    assert _col(scanned, "partner_organisations", "bank_name").category is None
    assert _col(scanned, "partner_organisations", "bank_account_no").category is None


@pytest.mark.parametrize("column", ["inbox_pane", "roster_sort"])
def test_option_words_no_rule_names_on_a_login_row_are_the_persons_settings(scanned, column: str) -> None:
    got = _col(scanned, "coordinator_accounts", column)
    assert got.category == "user.account.settings", got.evidence
    assert "login row" in got.evidence and "option words" in got.evidence


@pytest.mark.parametrize("column", ["account_status", "role", "beta_opt", "list_position"])
def test_states_roles_yes_no_words_and_positions_on_a_login_row_are_not_settings(scanned, column: str) -> None:
    assert _col(scanned, "coordinator_accounts", column).category is None


def test_option_words_on_a_persons_record_without_a_login_are_not_settings(scanned) -> None:
    # A volunteer's record is kept about them; nothing on it is a choice they make in the application.
    assert scanned["volunteers"].role == "person"
    assert _col(scanned, "volunteers", "weekday_slot").category is None


def test_key_value_rows_of_a_person_holding_switches_are_their_settings(scanned) -> None:
    got = _col(scanned, "coordinator_prop", "property_value")
    assert got.category == "user.account.settings", got.evidence
    assert "key-value record" in got.evidence
    assert _col(scanned, "volunteer_facts", "attribute_value").category == "user.demographic.profile"


def test_a_persons_job_named_like_a_system_table_is_their_job(scanned) -> None:
    assert scanned["jobs"].role == "system"
    got = _col(scanned, "volunteers", "job")
    assert got.category == "user.job_title", got.evidence


@pytest.mark.parametrize("column", ["name_suffix", "surname_prefix"])
def test_a_prefix_or_suffix_of_a_persons_name_is_their_name_not_their_surname(scanned, column: str) -> None:
    assert _col(scanned, "volunteers", column).category == "user.name"
    assert _col(scanned, "volunteers", "surname").category == "user.name.last"


def test_what_a_person_eats_is_a_fact_about_them(scanned) -> None:
    assert _col(scanned, "volunteers", "dietary_requirements").category == "user.demographic.profile"


def test_a_nickname_on_a_record_nobody_signs_in_with_is_a_name(scanned) -> None:
    # On a volunteer's record (no password anywhere on it) it is what people call them; beside a password it is the
    # name the person signs in with.
    assert _col(scanned, "volunteers", "nickname").category == "user.name"
    assert _col(scanned, "coordinator_accounts", "nickname").category == "user.account.username"


def test_where_a_persons_picture_is_stored_is_not_where_the_person_is(scanned) -> None:
    assert _col(scanned, "volunteers", "portrait_location").category is None


def test_the_head_of_the_name_says_it_is_an_order_not_the_friends(scanned) -> None:
    # `friends_sort_order` holding a few option words on a login row: how the person's friends are listed to them.
    got = _col(scanned, "coordinator_accounts", "friends_sort_order")
    assert got.category == "user.account.settings", got.evidence


def test_a_clinical_word_on_a_login_row_holding_option_words_is_a_setting(scanned) -> None:
    # `glucose_unit` = mgdl|mmol on the row a coordinator signs in with: the unit they want, no reading of theirs.
    got = _col(scanned, "coordinator_accounts", "glucose_unit")
    assert got.category == "user.account.settings", got.evidence
    assert "login row" in got.evidence and "option words" in got.evidence
