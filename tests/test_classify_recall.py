"""Issue 11's missed columns, by class, on a schema of our own (a credit-union app nobody ships, every table prefixed)."""

from __future__ import annotations


import pytest

from privacy_inventory.classify.tables import infer_prefixes, schema_prefixes, table_words
from support.schemadb import scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]

# Every table carries the application's prefix `kx`, which no vocabulary knows; members are referred to by a text
# column named after them (no foreign key), as in Frappe-style schemas.
SCHEMA: dict[str, tuple[list[str], object]] = {
    "kxMember": (["name TEXT PRIMARY KEY", "first_name TEXT", "last_name TEXT", "date_of_birth TEXT", "gender TEXT"],
                 lambda i: (f"M-{i:04d}", FIRST[i % 12], LAST[i % 10], f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}",
                            ["female", "male"][i % 2])),
    "kxUser": (["name TEXT PRIMARY KEY", "email TEXT", "password TEXT"],
               lambda i: (f"clerk{i}@union.example", f"clerk{i}@union.example", f"$2b$12${'x' * 53}")),
    # Named like a system table (`application`), but a member's loan application.
    "kxLoan Application": (["name TEXT PRIMARY KEY", "member TEXT", "amount NUMERIC", "purpose TEXT",
                            "owner TEXT", "modified TEXT"],
                           lambda i: (f"LA-{i}", f"M-{i:04d}", 1000 + 37 * i, ["car", "roof", "studies"][i % 3],
                                      f"clerk{i % 3}@union.example", "2024-01-01 10:00:00")),
    # Money in a record about one member, under no payment word.
    "kxDebt": (["name TEXT PRIMARY KEY", "member TEXT", "amount NUMERIC", "owner TEXT"],
               lambda i: (f"D-{i}", f"M-{i:04d}", 50 + 3 * i, f"clerk{i % 3}@union.example")),
    # Money typed in by a staff user, about nobody in particular: not personal.
    "kxExpense": (["name TEXT PRIMARY KEY", "user TEXT", "amount NUMERIC", "expense_account TEXT"],
                  lambda i: (f"E-{i}", f"clerk{i % 3}@union.example", 20 + i, "Office - KX")),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("union") / "union.sqlite", "union", SCHEMA, N)


def _category(scanned, table: str, column: str) -> str | None:
    return next(c for c in scanned[table].columns if c.name == column).category


def test_class_3_an_application_prefix_is_inferred_from_the_whole_schema() -> None:
    assert infer_prefixes(["kxMember", "kxUser", "kxLoan Application", "kxDebt", "kx_settings"]) == {"kx"}
    # A first word that names a kind of table is what the tables are about, not a prefix.
    assert infer_prefixes(["users", "user_roles", "user_tokens", "user_settings", "user_prefs"]) == frozenset()
    assert infer_prefixes(["kxMember", "kxUser", "kxDebt"]) == frozenset()  # too few tables to tell
    with schema_prefixes({"kx"}):
        assert table_words("kxLoan Application") == ("loan", "application")
    assert table_words("kxLoan Application") == ("kx", "loan", "application")  # forgotten after the schema


def test_class_4_references_by_name_through_an_unknown_prefix(scanned) -> None:
    assert scanned["kxMember"].role == "person"
    assert scanned["kxDebt"].references["member"] == ["kxMember", "person", "named"]
    assert scanned["kxDebt"].name_prefixes == ["kx"]
    assert _category(scanned, "kxDebt", "member") == "user.unique_id"
    assert _category(scanned, "kxMember", "name") == "user.unique_id"


def test_class_4_a_system_word_does_not_hide_a_persons_record(scanned) -> None:
    table = scanned["kxLoan Application"]
    assert table.role == "content" and "financial record of a person" in table.role_evidence
    assert _category(scanned, "kxLoan Application", "amount") == "user.financial"


def test_class_1_money_in_a_record_about_one_person(scanned) -> None:
    assert _category(scanned, "kxDebt", "amount") == "user.financial"
    # The same amount typed in by a staff user is about nobody in particular.
    assert _category(scanned, "kxExpense", "amount") is None


# ------------------------------------------------------------------------------------------------ column cases
def _verdict(table: str, column: str, values: tuple, siblings: tuple[str, ...] = (), role: str | None = None,
             **kw):
    from privacy_inventory.classify import classify_column
    from privacy_inventory.models import ColumnContext

    siblings = siblings or ("id", "member_id", column)
    return classify_column(ColumnContext(table, column, "TEXT", siblings, values=values, table_role=role,
                                         table_references_person=role == "content", **kw))


_HEX = tuple(f"{(i * 2654435761) % (1 << 64):016x}" for i in range(3, 33))
_TOKENS = tuple(f"q{i}Zr{(i * 7919) ** 4:x}-Lm{i * 13}" for i in range(30))


def test_class_10_unknown_secrets_in_a_persons_row() -> None:
    # A hex key of 64 bits under a name no vocabulary knows, in a person's row: a credential.
    got = _verdict("volunteers", "pairing_seed", _HEX, ("id", "first_name", "email", "pairing_seed"), "person")
    assert got.category == "user.authorization.credentials" and "high-entropy" in got.evidence
    # Random, but nobody's secret: a public key, a file's digest, a payment reference.
    for name in ("public_key", "file_sha1", "payment_reference"):
        assert _verdict("volunteers", name, _TOKENS, ("id", "first_name", "email", name), "person").category is None


def test_class_10_the_key_of_a_persons_token_row_is_the_secret() -> None:
    sessions = _verdict("portal_sessions", "id", _TOKENS, ("id", "member_id", "ip", "payload"), "content",
                        primary_key=True)
    assert sessions.category == "user.device.cookie_id"
    tokens = _verdict("member_tokens", "id", _HEX, ("id", "member_id", "expires"), "content", primary_key=True)
    assert tokens.category == "user.authorization.credentials"
    # When the token has a column of its own, the key is only a key.
    keyed = _verdict("member_tokens", "id", _TOKENS, ("id", "member_id", "token"), "content", primary_key=True)
    assert keyed.category is None


def test_class_4_people_under_suffixes_and_prefixes() -> None:
    ids = tuple(str(i) for i in range(1, 31))
    for column in ("person_a", "person_b", "ticket_reporter"):
        got = _verdict("kinships", column, ids, ("id", "person_a", "person_b", "ticket_reporter"))
        assert got.category == "user.unique_id", column
    handles = tuple(f"{w}{i}" for i, w in enumerate(["nightowl", "quietfox", "kite_runner", "mothman", "wren"] * 6))
    got = _verdict("threads", "board_last_poster_name", handles, ("id", "board_last_poster_name"))
    assert got.category == "user.account.username"
    # A count of people is no person.
    assert _verdict("events", "max_participants", ids, ("id", "max_participants")).category is None


def test_class_3_id_before_the_noun_and_lookup_ids_of_a_person() -> None:
    ids = tuple(str(i) for i in range(1, 31))
    own = _verdict("patient", "id_patient", ids, ("id_patient", "firstname", "lastname"), "person")
    assert own.category == "user.unique_id"
    gender = _verdict("patient", "id_gender", ("1", "2") * 15, ("id_patient", "firstname", "id_gender"), "person",
                      referenced_table="gender", referenced_role="reference")
    assert gender.category == "user.demographic.gender"


def test_class_3_the_tables_own_noun_before_a_field() -> None:
    # `pupil_allow_photos` in `pupils`: the table's noun, then an ordinary field a rule knows.
    got = _verdict("pupils", "pupil_allow_photos", ("1", "0") * 15, ("pupil_id", "first_name", "pupil_allow_photos"),
                   "person")
    assert got.category == "user.privacy_preferences"


def test_class_9_a_patients_visit_and_prescription_take_the_clinical_context() -> None:
    dates = tuple(f"2024-02-{1 + i % 27:02d} 09:30:00" for i in range(30))
    visit = _verdict("ward_visits", "started_on", dates, ("id", "patient_id", "started_on", "created_at"), "content",
                     table_subjects=("patients",))
    assert visit.category == "user.health_and_medical" and "clinical record" in visit.evidence
    dose = _verdict("drug_dispensings", "strength", tuple(f"{5 * (i % 4 + 1)} mg" for i in range(30)),
                    ("id", "patient_id", "strength"), "content", table_subjects=("patients",))
    assert dose.category == "user.health_and_medical"
    # The same visit stamp on a web page view is no health data.
    page = _verdict("page_visits", "started_on", dates, ("id", "user_id", "started_on"), "content",
                    table_subjects=("users",))
    assert page.category != "user.health_and_medical"


def test_class_12_a_description_about_someone_is_their_private_text() -> None:
    notes = tuple(f"Call back about the roof repair, she prefers mornings ({i})." for i in range(30))
    about = _verdict("follow_ups", "description", notes, ("id", "contact_id", "description"), "content",
                     table_subjects=("contacts",))
    assert about.category == "user.content.private"
    # A few fixed reasons picked from a list are no text a person wrote.
    picked = _verdict("follow_ups", "cancel_reason", ("duplicate", "moved away", "entered in error") * 10,
                      ("id", "contact_id", "cancel_reason"), "content", table_subjects=("contacts",))
    assert picked.category is None and "repeated choices" in picked.evidence


def test_class_10_a_yes_no_preference_is_the_setting_itself() -> None:
    from privacy_inventory.classify import classify_column
    from privacy_inventory.models import ColumnContext

    got = classify_column(ColumnContext("members", "notify_on_new_lesson", "BOOLEAN",
                                        ("id", "first_name", "email", "notify_on_new_lesson"), values=(0, 1) * 15,
                                        table_role="person"))
    assert got.category == "user.account.settings"
