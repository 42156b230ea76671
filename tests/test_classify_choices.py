"""Issue 11 class 10 and the settings part of class 6: what a person chooses on their own row is personal, the same
names on an operator's, a product's or the platform's row are not (a ride-hailing app nobody ships)."""

from __future__ import annotations

import pytest

from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]
ZONES = ["Europe/Oslo", "America/Lima", "Asia/Kolkata", "Africa/Lagos", "Europe/Lisbon", "Pacific/Auckland"]

SCHEMA: dict[str, tuple[list[str], object]] = {
    # The person: their choices sit beside their name and e-mail, with status flags nobody chooses.
    "riders": (["id INTEGER PRIMARY KEY", "full_name TEXT", "email TEXT", "birth_date TEXT",
                "enable_trip_receipt_emails BOOLEAN", "notify_on_driver_arrival BOOLEAN",
                "ride_history_visibility SMALLINT", "searchable_by_phone BOOLEAN", "preferred_contact_channel TEXT",
                "distance_units TEXT", "pickup_sounds_enabled BOOLEAN", "time_zone TEXT", "preferred_language TEXT",
                "digest_language TEXT",
                "is_active BOOLEAN", "email_confirmed BOOLEAN", "must_change_password BOOLEAN", "deleted BOOLEAN",
                "totp_enabled BOOLEAN", "disable_password_login BOOLEAN", "failed_login_count INTEGER",
                "allow_ride_sharing BOOLEAN"],
               lambda i: (i, f"{FIRST[i % 12]} {LAST[i % 10]}", f"rider{i}@mail.example", f"19{60 + i % 35}-0{1 + i % 9}-1{i % 9}",
                          i % 2, (i + 1) % 2, 1 + i % 3, i % 3 == 0, ["sms", "email", "call"][i % 3],
                          ["km", "mi"][i % 2], i % 2, ZONES[i % 6], ["en", "nb", "de"][i % 3], ["en", "fi"][i % 2],
                          1, i % 5 != 0, i % 7 == 0, 0, i % 4 == 0, 0, i % 4, i % 2)),
    # A settings table whose rows point at one rider: that rider's choices.
    "rider_preferences": (["id INTEGER PRIMARY KEY", "rider_id INTEGER REFERENCES riders(id)",
                           "send_weekly_digest BOOLEAN", "map_layout TEXT", "updated_at TEXT"],
                          lambda i: (i, i, i % 2, ["compact", "satellite", "classic"][i % 3], "2024-05-01 10:00:00")),
    # An operator (a tenant): the same kind of names are the company's policy, not anybody's choice.
    "fleet_operators": (["id INTEGER PRIMARY KEY", "company_name TEXT", "vat_number TEXT", "domain TEXT", "plan TEXT",
                         "website TEXT", "enable_surge_notifications BOOLEAN", "driver_visibility SMALLINT",
                         "time_zone TEXT", "map_layout TEXT"],
                        lambda i: (i, f"Fleet {i} AS", f"NO{900000000 + i}MVA", f"fleet{i}.example", "pro",
                                   f"https://fleet{i}.example", i % 2, 1 + i % 3, ZONES[i % 6], "classic")),
    # A product and the platform's own switches: not about a person at all.
    "ride_products": (["id INTEGER PRIMARY KEY", "title TEXT", "price NUMERIC", "visibility TEXT", "show_in_app BOOLEAN",
                       "enable_pooling BOOLEAN"],
                      lambda i: (i, ["Comfort", "XL", "Green", "Pet"][i % 4], 9.5 + i, ["public", "hidden"][i % 2],
                                 i % 2, (i + 1) % 2)),
    "platform_switches": (["id INTEGER PRIMARY KEY", "enable_signup BOOLEAN", "notifications_enabled BOOLEAN",
                           "maintenance_mode BOOLEAN"],
                          lambda i: (i, 1, i % 2, 0)),
    # A trip belongs to a rider, but an option of one trip is no setting of the person, nor what they allow.
    "trips": (["id INTEGER PRIMARY KEY", "rider_id INTEGER REFERENCES riders(id)", "notify_driver BOOLEAN",
               "allow_shared_ride BOOLEAN", "fare NUMERIC"],
              lambda i: (i, 1 + i % N, i % 2, i % 3 == 0, 12.0 + i)),
    # Key-value rows of one rider: in a table named for settings they are the rider's settings, elsewhere facts.
    "rider_settings": (["id INTEGER PRIMARY KEY", "rider_id INTEGER REFERENCES riders(id)", "option_key TEXT",
                        "option_value TEXT"],
                       lambda i: (i, 1 + i % N, ["map_style", "auto_tip", "quiet_ride"][i % 3], ["dark", "10", "true"][i % 3])),
    "rider_attributes": (["id INTEGER PRIMARY KEY", "rider_id INTEGER REFERENCES riders(id)", "attr_key TEXT",
                          "attr_value TEXT"],
                         lambda i: (i, 1 + i % N, ["employer", "nickname"][i % 2], f"{FIRST[i % 12]} Works")),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("rides") / "rides.sqlite", "rides", SCHEMA, N)


def test_roles_of_the_schema(scanned) -> None:
    assert scanned["riders"].role == "person"
    assert scanned["fleet_operators"].role == "organisation"
    assert scanned["rider_preferences"].references["rider_id"][:2] == ["riders", "person"]


@pytest.mark.parametrize("column", ["enable_trip_receipt_emails", "notify_on_driver_arrival", "distance_units",
                                    "pickup_sounds_enabled"])
def test_a_persons_own_setting_on_their_row(scanned, column: str) -> None:
    assert _col(scanned, "riders", column).category == "user.account.settings"


@pytest.mark.parametrize("column", ["ride_history_visibility", "searchable_by_phone", "preferred_contact_channel",
                                    "allow_ride_sharing"])
def test_what_a_person_lets_others_see_or_how_to_reach_them_is_a_privacy_preference(scanned, column: str) -> None:
    assert _col(scanned, "riders", column).category == "user.privacy_preferences"


def test_the_evidence_says_who_chooses_and_why_it_is_a_choice(scanned) -> None:
    got = _col(scanned, "riders", "enable_trip_receipt_emails")
    assert "'enable_trip_receipt_emails' is a choice the person in 'riders' makes" in got.evidence
    assert "stored as BOOLEAN" in got.evidence
    vis = _col(scanned, "riders", "ride_history_visibility")
    assert "what others may see of them" in vis.evidence and "3 options" in vis.evidence


def test_a_time_zone_on_the_persons_profile_is_a_setting(scanned) -> None:
    assert _col(scanned, "riders", "time_zone").category == "user.account.settings"
    assert _col(scanned, "fleet_operators", "time_zone").category is None  # the operator's, not a person's


def test_a_named_attribute_is_not_taken_for_a_choice(scanned) -> None:
    # `preferred_language` is the person's language (a demographic); so is the language their digest comes in: the
    # name's head says what the column holds, whatever choice word comes before it.
    assert _col(scanned, "riders", "preferred_language").category == "user.demographic.language"
    assert _col(scanned, "riders", "digest_language").category == "user.demographic.language"


@pytest.mark.parametrize("column", ["is_active", "email_confirmed", "must_change_password", "deleted", "totp_enabled",
                                    "disable_password_login", "failed_login_count"])
def test_status_flags_and_security_state_are_not_choices(scanned, column: str) -> None:
    assert _col(scanned, "riders", column).category is None


def test_a_settings_table_that_belongs_to_one_person(scanned) -> None:
    digest = _col(scanned, "rider_preferences", "send_weekly_digest")
    assert digest.category == "user.account.settings"
    assert "whose settings 'rider_preferences' holds" in digest.evidence
    assert _col(scanned, "rider_preferences", "map_layout").category == "user.account.settings"
    assert _col(scanned, "rider_preferences", "updated_at").category is None


@pytest.mark.parametrize("table,column", [
    ("fleet_operators", "enable_surge_notifications"), ("fleet_operators", "driver_visibility"),
    ("fleet_operators", "map_layout"), ("ride_products", "visibility"), ("ride_products", "show_in_app"),
    ("ride_products", "enable_pooling"), ("platform_switches", "enable_signup"),
    ("platform_switches", "notifications_enabled"), ("trips", "notify_driver"), ("trips", "allow_shared_ride"),
])
def test_the_same_names_on_an_operator_product_system_or_record_row_are_not_personal(scanned, table: str,
                                                                                      column: str) -> None:
    assert _col(scanned, table, column).category is None


def test_key_value_rows_of_a_settings_table_are_the_persons_settings(scanned) -> None:
    got = _col(scanned, "rider_settings", "option_value")
    assert got.category == "user.account.settings" and "that person's settings" in got.evidence
    assert _col(scanned, "rider_attributes", "attr_value").category == "user.demographic.profile"
