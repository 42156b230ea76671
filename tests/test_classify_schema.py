"""Issue 11's error classes on a schema of our own (a care-home app nobody ships): roles, vocabularies, languages."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from privacy_inventory.classify import classify_column
from privacy_inventory.classify.knowledge import using
from privacy_inventory.classify.lexicon import check_file, load
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import ColumnContext
from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]


SCHEMA: dict[str, tuple[list[str], object]] = {
    # A tenant table: domain, plan, billing and feature flags, and its own (not personal) contact details.
    "homes": (["home_id INTEGER PRIMARY KEY", "home_name TEXT", "subdomain TEXT", "plan TEXT", "feature_flags TEXT",
               "street TEXT", "phone TEXT", "contact_email TEXT"],
              lambda i: (i, f"Birch House {i}", f"birch{i}", "pro", "{}", f"{i} Mill Lane", f"+44 20 7946 {1000 + i}",
                         f"office{i}@birch.example")),
    # People under a domain name, a surrogate key and German column names.
    "care_recipients": (["recipient_record_id INTEGER PRIMARY KEY", "home_id INTEGER", "vorname TEXT", "nachname TEXT",
                         "geburtsdatum TEXT", "telefon TEXT", "plz TEXT", "sozialversicherungsnummer TEXT",
                         "emergency_contact_name TEXT", "emergency_contact_phone TEXT", "record_status TEXT",
                         "mobile2_kind TEXT", "must_change_password BOOLEAN", "profile_json TEXT", "portal_secret TEXT"],
                        lambda i: (i, i % 3 + 1, FIRST[i % 12], LAST[i % 10], f"19{40 + i % 50}-0{1 + i % 9}-1{i % 9}",
                                   f"+49 30 {1200000 + i * 37}", f"{10115 + i}", f"65 170839 J {i:03d}",
                                   f"{FIRST[(i + 5) % 12]} {LAST[(i + 3) % 10]}", f"+44 7911 {123000 + i * 37}",
                                   ["active", "discharged"][i % 2], ["home", "work"][i % 2], i % 2,
                                   json.dumps({"first_name": FIRST[i % 12], "email": f"p{i}@mail.example",
                                               "birthday": "1950-01-01"}),
                                   f"{(i * 7919) ** 5:x}Zq{i * 31}kPw")),
    # Clinical readings that refer to a person by naming convention only (no foreign key).
    "vital_readings": (["reading_id INTEGER PRIMARY KEY", "care_recipient_id INTEGER", "systolic INTEGER",
                        "diastolic INTEGER", "spo2 INTEGER", "taken_on TEXT", "created_at TEXT"],
                       lambda i: (i, i, 110 + i, 70 + i % 10, 95 + i % 4, f"2024-03-{1 + i % 27:02d}",
                                  f"2024-03-{1 + i % 27:02d} 10:00:00")),
    # An insurance table (an organisation word) holding a policy holder, who is a person.
    "insurance_policies": (["policy_id INTEGER PRIMARY KEY", "care_recipient_id INTEGER", "insurer_name TEXT",
                            "policyholder_name TEXT", "policyholder_city TEXT", "member_number TEXT"],
                           lambda i: (i, i, "Northwind Mutual", f"{FIRST[(i + 2) % 12]} {LAST[i % 10]}",
                                      ["Leeds", "Graz", "Lille"][i % 3], f"NWM-{500000 + i}")),
    # Staff attendance: clock-in/out times are an employee's record, not record-keeping times.
    "staff": (["staff_id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT"],
              lambda i: (i, FIRST[i % 12], LAST[i % 10], f"staff{i}@birch.example")),
    "staff_attendance": (["id INTEGER PRIMARY KEY", "staff_id INTEGER", "clock_in TEXT", "clock_out TEXT",
                          "updated_at TEXT"],
                         lambda i: (i, i % 5 + 1, f"2024-04-0{1 + i % 9} 07:5{i % 10}", f"2024-04-0{1 + i % 9} 16:0{i % 10}",
                                    "2024-05-01 00:00:00")),
    # What a person allows, and a key-value side table keyed by the person.
    "recipient_permissions": (["id INTEGER PRIMARY KEY", "care_recipient_id INTEGER", "allow_voicemail BOOLEAN",
                               "share_with_registry BOOLEAN", "notice_received BOOLEAN"],
                              lambda i: (i, i, i % 2, (i + 1) % 2, 1)),
    "recipient_facts": (["id INTEGER PRIMARY KEY", "care_recipient_id INTEGER", "fact_key TEXT", "fact_value TEXT"],
                        lambda i: (i, i, ["diet", "faith", "hobby"][i % 3], ["vegetarian", "quaker", "chess"][i % 3])),
    # System endpoints of the tenant: not personal.
    "webhooks": (["id INTEGER PRIMARY KEY", "home_id INTEGER", "webhook_url TEXT", "signing_secret TEXT"],
                 lambda i: (i, i % 3 + 1, f"https://hooks.example/{i}", f"whsec_{(i * 104729) ** 4:x}")),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("care") / "care.sqlite", "care", SCHEMA, N)


def _category(scanned, table: str, column: str) -> str | None:
    return _col(scanned, table, column).category


def test_table_roles_from_the_whole_schema_are_stored_and_cited(scanned) -> None:
    assert scanned["homes"].role == "organisation" and "subdomain" in scanned["homes"].role_evidence
    assert scanned["care_recipients"].role == "person" and scanned["care_recipients"].person_table
    assert scanned["vital_readings"].role == "content"
    assert scanned["vital_readings"].references["care_recipient_id"] == ["care_recipients", "person", "named"]
    assert scanned["webhooks"].role == "system"


def test_class_1_domain_vocabulary(scanned) -> None:
    for column in ("systolic", "diastolic", "spo2"):
        assert _category(scanned, "vital_readings", column) == "user.health_and_medical"
    assert _category(scanned, "insurance_policies", "member_number") == \
        "user.health_and_medical.insurance_beneficiary_id"


def test_class_2_names_in_other_languages(scanned) -> None:
    expected = {"vorname": "user.name.first", "nachname": "user.name.last",
                "geburtsdatum": "user.demographic.date_of_birth", "telefon": "user.contact.phone_number",
                "plz": "user.contact.address.postal_code",
                "sozialversicherungsnummer": "user.government_id.national_identification_number"}
    for column, category in expected.items():
        assert _category(scanned, "care_recipients", column) == category, column


def test_class_3_and_8_prefixed_people_are_not_vetoed_by_the_table(scanned) -> None:
    assert _category(scanned, "insurance_policies", "policyholder_name") == "user.name"
    assert _category(scanned, "insurance_policies", "policyholder_city") == "user.contact.address.city"
    assert _category(scanned, "care_recipients", "emergency_contact_phone") == "user.contact.phone_number"
    assert _category(scanned, "insurance_policies", "insurer_name") is None


def test_class_4_surrogate_keys_and_references_by_name(scanned) -> None:
    assert _category(scanned, "care_recipients", "recipient_record_id") == "user.unique_id"
    ref = _col(scanned, "vital_readings", "care_recipient_id")
    assert ref.category == "user.unique_id" and "by its name" in ref.evidence


def test_class_5_organisations_are_not_people(scanned) -> None:
    for column in ("home_name", "street", "phone", "contact_email"):
        assert _category(scanned, "homes", column) is None, column
    ref = _col(scanned, "care_recipients", "home_id")
    assert ref.category is None and "organisation" in ref.evidence


def test_class_6_status_type_and_flags_are_not_personal(scanned) -> None:
    for column in ("record_status", "mobile2_kind", "must_change_password"):
        assert _category(scanned, "care_recipients", column) is None, column


def test_class_7_system_endpoints(scanned) -> None:
    assert _category(scanned, "webhooks", "webhook_url") is None
    assert _category(scanned, "webhooks", "signing_secret") is None


def test_class_9_personal_event_dates_take_their_context(scanned) -> None:
    assert _category(scanned, "vital_readings", "taken_on") == "user.health_and_medical"
    assert _category(scanned, "vital_readings", "created_at") is None
    assert _category(scanned, "staff_attendance", "clock_in") == "user.job_title"
    assert _category(scanned, "staff_attendance", "clock_out") == "user.job_title"
    assert _category(scanned, "staff_attendance", "updated_at") is None


def test_class_10_permissions_and_unknown_secrets(scanned) -> None:
    for column in ("allow_voicemail", "share_with_registry", "notice_received"):
        assert _category(scanned, "recipient_permissions", column) == "user.privacy_preferences", column
    secret = _col(scanned, "care_recipients", "portal_secret")
    assert secret.category == "user.authorization.credentials"


def test_class_11_structured_values_about_a_person(scanned) -> None:
    assert _category(scanned, "recipient_facts", "fact_value") == "user.demographic.profile"
    assert _category(scanned, "recipient_facts", "fact_key") is None
    profile = _col(scanned, "care_recipients", "profile_json")
    assert profile.category is not None and "email" in profile.evidence  # a JSON profile: its keys say why


def test_class_12_evidence_says_what_a_person_sees() -> None:
    sentences = tuple(f"The night nurse was kind and patient with my father on day {i}." for i in range(30))
    verdict = classify_column(ColumnContext("care_feedback", "body", "text", ("id", "user_id", "body"),
                                            values=sentences))
    assert verdict.category == "user.content.private" and verdict.confidence >= 0.6
    assert "30/30 sampled values are free text" in verdict.evidence
    avatar = classify_column(ColumnContext("users", "avatar_url", "text", ("id", "email", "avatar_url"),
                                           values=tuple(f"https://cdn.example/a/{i}.png" for i in range(20))))
    assert avatar.category == "user.content.self_image"


# ------------------------------------------------------------------------------------------------ lexicons
def test_a_dpo_vocabulary_is_used_and_held_out_knowledge_is_left_out(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("source: our HR system\nrules:\n  - label: staff badge code\n"
                       "    category: user.unique_id\n    scope: any\n    words: [badge code]\n"
                       "    priority: 90\n    source: general\n", encoding="utf-8")
    column = ColumnContext("shifts", "badge_code", "text", ("id", "badge_code"), values=("B-12", "B-13"))
    assert classify_column(column).category is None
    with using([str(lexicon)]):
        assert classify_column(column).category == "user.unique_id"
    assert classify_column(column).category is None
    fitted = [r for r in load().rules if r.fitted_on]
    assert fitted, "the package marks what it fitted on corpus applications"
    app = fitted[0].fitted_on[0]
    assert all(app not in r.fitted_on for r in load(exclude_fitted_on=[app]).rules)


@pytest.mark.parametrize("text,where", [
    ("rules: []\n", "lexicon.yaml:1"),
    ("source: x\nrules:\n  - label: a\n    category: user.nonsense\n    words: [a]\n    source: general\n", ":4"),
    ("source: x\nrules:\n  - label: a\n    words: [Not Lower]\n    source: general\n", ":4"),
    ("source: x\nrules:\n  - label: a\n    words: [a]\n", ":3"),
    ("source: x\nrules:\n  - label: a\n    scope: everywhere\n    words: [a]\n    source: general\n", ":4"),
])
def test_bad_lexicons_are_one_line_errors_with_file_and_line(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError) as err:
        check_file(path)
    assert where in err.value.source and "\n" not in str(err.value)


def test_scan_takes_a_lexicon_and_rejects_a_bad_one_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "shifts.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE shifts (id INTEGER PRIMARY KEY, badge_code TEXT)")
    con.executemany("INSERT INTO shifts VALUES (?, ?)", [(i, f"B-{i}") for i in range(1, 20)])
    con.commit()
    con.close()
    good = tmp_path / "lexicon.yaml"
    good.write_text("source: our HR system\nrules:\n  - label: staff badge code\n    category: user.unique_id\n"
                    "    words: [badge code]\n    priority: 90\n    source: general\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: x\nrules:\n  - label: a\n    words: [a]\n", encoding="utf-8")

    def scan(lexicon: Path, out: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "privacy_inventory", "scan", "--db", f"sqlite:///{db}",
                               "--lexicon", str(lexicon), "--out", str(tmp_path / out)],
                              capture_output=True, text=True, timeout=300)

    done = scan(good, "ok")
    assert done.returncode == 0, done.stderr
    inventory = json.loads((tmp_path / "ok" / "inventory.json").read_text(encoding="utf-8"))
    column = inventory["sources"][0]["tables"][0]["columns"][1]
    assert column["name"] == "badge_code" and column["category"] == "user.unique_id"
    failed = scan(bad, "bad")
    assert failed.returncode == 2 and f"{bad}:3" in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
