"""Issue 11's false alarms on a schema of our own (a wholesale bakery's B2B and B2C app nobody ships).

Each test is one class of error: organisations taken for people (companies known by their contact people, and
the invoices kept about them), ids of the row itself or of non-people, records named after people that are not
people, key/value options inside documents, and the guard of class 8 (a card holder stays a person).
"""

from __future__ import annotations

import json

import pytest

from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]
CAFES = ["Crumb & Co", "Morning Loaf Ltd", "Rye Society", "Flour Power GmbH", "Baguette Brothers SARL"]
TITLES = ["Weekly delivery", "Standing order", "Holiday stock", "Trial batch", "Spring menu"]

SCHEMA: dict[str, tuple[list[str], object]] = {
    # Staff who use the application.
    "users": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT", "password TEXT",
               "ui_settings TEXT"],
              lambda i: (i, FIRST[i % 12], LAST[i % 10], f"staff{i}@bakery.example", f"$2y$10${'x' * 53}",
                         json.dumps({"key": ["theme", "page_size", "density"][i % 3], "value": i % 7}))),
    # Client companies: their people are in client_people, which points back at them.
    "clients": (["id INTEGER PRIMARY KEY", "user_id INTEGER", "name TEXT", "street TEXT", "city TEXT", "phone TEXT",
                 "postcode TEXT", "balance NUMERIC", "private_notes TEXT", "vat_number TEXT"],
                lambda i: (i, i % 4 + 1, CAFES[i % 5], f"{i} Harbour Road", ["Leeds", "Graz", "Lille"][i % 3],
                           f"+44 20 7946 {1000 + i}", f"LS{i % 9} {i % 9}AB", 120.5 + i, TITLES[i % 5],
                           f"GB{100000000 + i * 7}")),
    "client_people": (["id INTEGER PRIMARY KEY", "client_id INTEGER", "first_name TEXT", "last_name TEXT",
                       "email TEXT", "phone TEXT"],
                      lambda i: (i, i % 5 + 1, FIRST[(i + 3) % 12], LAST[(i + 1) % 10], f"buyer{i}@cafe.example",
                                 f"+44 7911 {123000 + i * 37}")),
    # Invoices kept by staff about a client company (and which contact person signed for it).
    "invoices": (["id INTEGER PRIMARY KEY", "client_id INTEGER", "user_id INTEGER", "client_people_id INTEGER",
                  "amount NUMERIC", "balance NUMERIC", "public_notes TEXT", "line_items TEXT", "cardholder_name TEXT"],
                 lambda i: (i, i % 5 + 1, i % 4 + 1, i, 99.0 + i, 10.0 + i, TITLES[(i + 1) % 5],
                            json.dumps({"key": ["rye", "spelt", "wheat"][i % 3], "value": i % 9}),
                            f"{FIRST[i % 12]} {LAST[(i + 4) % 10]}")),
    # Walk-in customers (people) and their orders: these totals are what a person bought.
    "customers": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT", "birth_date TEXT"],
                  lambda i: (i, FIRST[(i + 6) % 12], LAST[(i + 2) % 10], f"c{i}@mail.example",
                             f"19{60 + i % 40}-0{1 + i % 9}-1{i % 9}")),
    "orders": (["id INTEGER PRIMARY KEY", "customer_id INTEGER", "total_paid NUMERIC", "gift_message TEXT"],
               lambda i: (i, i, 4.5 + i, ["Happy birthday Mum, love from all of us", "Get well soon, see you at the bakery",
                                          "Congratulations on the new flat, enjoy the bread"][i % 3])),
    # Records named after people: a crew membership (no person's columns, points at a person) and field definitions.
    "drivers": (["driver_id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "licence_number TEXT"],
                lambda i: (i, FIRST[i % 12], LAST[(i + 5) % 10], f"DL-{900000 + i}")),
    "crew_member": (["crew_member_id INTEGER", "crew_id INTEGER", "driver_id INTEGER", "sort_order INTEGER"],
                    lambda i: (i, i % 3 + 1, i, i % 4)),
    "customer_fields": (["id INTEGER PRIMARY KEY", "title TEXT", "type TEXT", "sort_order INTEGER"],
                      lambda i: (i, ["Van size", "Shift", "Depot"][i % 3], ["select", "text"][i % 2], i)),
    # A person's own key/value facts (keys name a person's fields): still found inside the document.
    "driver_extras": (["id INTEGER PRIMARY KEY", "driver_id INTEGER", "data TEXT"],
                      lambda i: (i, i, json.dumps({"key": ["first_name", "phone", "birthday"][i % 3],
                                                   "value": [FIRST[i % 12], f"+44 7700 {900100 + i}", "1980-02-03"][i % 3]}))),
    # Own key of a route: not a link to drivers (its first word).
    "driver_route": (["id INTEGER PRIMARY KEY", "driver_route_id INTEGER", "driver_id INTEGER", "stops INTEGER"],
                     lambda i: (i, 1000 + i, i, i % 9)),
    # A person's addresses in a table of their own (with the name on the label): a place of the person.
    "customer_address": (["id_customer_address INTEGER PRIMARY KEY", "customer_id INTEGER", "firstname TEXT",
                          "lastname TEXT", "address1 TEXT", "city TEXT"],
                         lambda i: (i, i, FIRST[i % 12], LAST[i % 10], f"{i} Elm Street", "Leeds")),
    "deliveries": (["id INTEGER PRIMARY KEY", "customer_address_id INTEGER", "uid TEXT", "packed_by TEXT",
                    "van_crew TEXT", "route_stops INTEGER"],
                   lambda i: (i, i, f"dlv_{(i * 7919) ** 3:x}", ["Conveyor", "Robot arm"][i % 2], "0" if i % 2 else "1",
                              i % 12)),
    # A kind of person (a staff profile with permissions) that people point at: not a person.
    "staff_profile": (["id INTEGER PRIMARY KEY", "title TEXT", "can_refund BOOLEAN"],
                      lambda i: (i, ["Baker", "Driver", "Manager"][i % 3], i % 2)),
    "staff": (["id INTEGER PRIMARY KEY", "staff_profile_id INTEGER", "first_name TEXT", "last_name TEXT", "email TEXT"],
              lambda i: (i, i % 3 + 1, FIRST[(i + 1) % 12], LAST[(i + 7) % 10], f"s{i}@bakery.example")),
    # Posts with a count of comments and an avatar's size: numbers and properties, not text or pictures.
    "posts": (["id INTEGER PRIMARY KEY", "staff_id INTEGER", "body TEXT", "comments INTEGER", "avatar_width INTEGER"],
              lambda i: (i, i % 5 + 1, ["Fresh rye today, come early!", "Sourdough class on Saturday, bring a friend",
                                        "We are closed on Monday for repairs"][i % 3], i % 7, 64)),
    # A link to another record named by that record's table (`leave_request` -> leave_requests).
    "leave_requests": (["id INTEGER PRIMARY KEY", "staff_id INTEGER", "from_date TEXT", "reason TEXT"],
                       lambda i: (i, i % 5 + 1, f"2024-05-{1 + i % 27:02d}", "Family wedding in Porto")),
    "leave_allocations": (["id INTEGER PRIMARY KEY", "staff_id INTEGER", "leave_request TEXT", "days INTEGER"],
                          lambda i: (i, i % 5 + 1, f"LR-{i:04d}", i % 5)),
    # Van positions (a GPS fix beside coordinates) and a training course (no coordinates: no GPS fix).
    "van_positions": (["id INTEGER PRIMARY KEY", "driver_id INTEGER", "latitude REAL", "longitude REAL", "speed REAL",
                       "course REAL"],
                      lambda i: (i, i % 5 + 1, 53.8 + i / 1000, -1.55 - i / 1000, 30.0 + i, (i * 15) % 360)),
    "trainings": (["id INTEGER PRIMARY KEY", "staff_id INTEGER", "course_title TEXT", "course_weight REAL",
                   "school_year INTEGER"],
                  lambda i: (i, i % 5 + 1, ["Food hygiene", "Forklift", "First aid"][i % 3], 1.0 + i % 3,
                             2023 + i % 2)),
    # Sign-in methods of staff: a provider's name and a credential row's number are no secrets.
    "staff_logins": (["id INTEGER PRIMARY KEY", "staff_id INTEGER", "oauth_provider TEXT", "credential_id INTEGER",
                      "remember_token TEXT"],
                     lambda i: (i, i % 5 + 1, ["google", "apple", "microsoft"][i % 3], i % 4 + 1,
                                f"{(i * 104729) ** 5:x}Qz{i * 31}Lm")),
    # A discount rule restricted to one customer: its thresholds are settings, not what someone paid.
    "discount_rules": (["id INTEGER PRIMARY KEY", "customer_id INTEGER", "minimum_amount NUMERIC",
                        "max_uses_per_customer INTEGER"],
                       lambda i: (i, i, 20.0, 3)),
    # Lookup lists of values people may have, a delivery rule's postcode range, an order's state beside address links.
    "ethnicities": (["id INTEGER PRIMARY KEY", "ethnicity_name TEXT", "sort_order INTEGER"],
                    lambda i: (i, ["Asian", "Black", "White", "Mixed", "Other"][i % 5], i)),
    "delivery_zones": (["id INTEGER PRIMARY KEY", "postcode_from TEXT", "postcode_to TEXT", "fee NUMERIC"],
                       lambda i: (i, f"LS{i} 1AA", f"LS{i} 9ZZ", 2.5)),
    "van_orders": (["id INTEGER PRIMARY KEY", "customer_id INTEGER", "id_address_delivery INTEGER",
                    "id_address_invoice INTEGER", "state TEXT"],
                   lambda i: (i, i, i, i, ["new", "packed", "shipped"][i % 3])),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("bakery") / "bakery.sqlite", "bakery", SCHEMA, N)


def _category(scanned, table: str, column: str) -> str | None:
    return _col(scanned, table, column).category


def test_companies_known_by_their_contact_people_are_organisations(scanned) -> None:
    clients = scanned["clients"]
    assert clients.role == "organisation" and "client_people" in clients.role_evidence
    for column in ("name", "street", "city", "phone", "postcode", "balance", "private_notes"):
        assert _category(scanned, "clients", column) is None, column
    assert _category(scanned, "clients", "user_id") == "user.unique_id"  # the staff member is still a person
    people = scanned["client_people"]
    assert people.role == "person"
    assert _category(scanned, "client_people", "email") == "user.contact.email"
    assert _category(scanned, "client_people", "phone") == "user.contact.phone_number"


def test_business_records_about_an_organisation_are_not_a_persons_purchases(scanned) -> None:
    invoices = scanned["invoices"]
    assert invoices.role == "business" and "clients" in invoices.role_evidence
    for column in ("amount", "balance", "public_notes", "line_items"):
        assert _category(scanned, "invoices", column) is None, column
    assert _category(scanned, "invoices", "user_id") == "user.unique_id"
    assert _category(scanned, "invoices", "client_people_id") == "user.unique_id"


def test_class_8_a_card_holder_in_a_business_record_stays_a_person(scanned) -> None:
    holder = _col(scanned, "invoices", "cardholder_name")
    assert holder.category is not None and holder.category.startswith("user."), holder.evidence


def test_a_persons_order_totals_stay_purchase_history(scanned) -> None:
    assert scanned["orders"].role == "content"
    assert _category(scanned, "orders", "total_paid") == "user.behavior.purchase_history"
    assert _category(scanned, "orders", "gift_message") == "user.content.private"


def test_records_named_after_people_are_not_people(scanned) -> None:
    crew = scanned["crew_member"]
    assert crew.role == "content" and "no person's columns" in crew.role_evidence
    assert _category(scanned, "crew_member", "crew_member_id") is None
    assert _category(scanned, "crew_member", "driver_id") == "user.unique_id"
    assert scanned["customer_fields"].role == "reference"
    assert _category(scanned, "customer_fields", "id") is None


def test_a_rows_own_key_is_no_link_to_the_person_its_first_word_names(scanned) -> None:
    own = _col(scanned, "driver_route", "driver_route_id")
    assert own.category is None and "own key" in own.evidence
    assert _category(scanned, "driver_route", "driver_id") == "user.unique_id"


def test_key_value_options_inside_documents_are_not_facts_about_a_person(scanned) -> None:
    assert _category(scanned, "invoices", "line_items") is None
    settings = _col(scanned, "users", "ui_settings")
    assert settings.category == "user.account.settings" and "option entries" in settings.evidence
    assert _category(scanned, "driver_extras", "data") is not None  # keys that name a person's fields


def test_a_persons_address_table_is_a_place_not_a_person(scanned) -> None:
    addresses = scanned["customer_address"]
    assert addresses.role == "content" and "place of a person" in addresses.role_evidence
    assert _category(scanned, "customer_address", "id_customer_address") is None
    assert _category(scanned, "customer_address", "firstname") == "user.name.first"
    assert _category(scanned, "customer_address", "address1") == "user.contact.address.street"
    assert _category(scanned, "customer_address", "customer_id") == "user.unique_id"
    assert _category(scanned, "deliveries", "customer_address_id") is None  # an id of an address, not of a person


def test_public_row_ids_and_non_person_actors(scanned) -> None:
    uid = _col(scanned, "deliveries", "uid")
    assert uid.category is None and "own public id" in uid.evidence
    assert _category(scanned, "deliveries", "packed_by") is None  # robot names, not people
    assert _category(scanned, "deliveries", "van_crew") is None  # a 0/1 flag


def test_a_kind_of_person_that_people_point_at_is_not_a_person(scanned) -> None:
    profile = scanned["staff_profile"]
    assert profile.role == "reference" and "kind of person" in profile.role_evidence
    assert _category(scanned, "staff", "staff_profile_id") is None
    assert _category(scanned, "staff", "email") == "user.contact.email"


def test_counts_and_properties_of_an_attribute_are_not_content(scanned) -> None:
    assert _category(scanned, "posts", "comments") is None
    assert _category(scanned, "posts", "avatar_width") is None
    assert _category(scanned, "posts", "body") is not None


def test_a_link_to_another_record_is_no_fact_of_the_event(scanned) -> None:
    link = _col(scanned, "leave_allocations", "leave_request")
    assert link.category is None and "leave_requests" in scanned["leave_allocations"].references.get("leave_request", [""])[0]


def test_gps_fix_words_need_coordinates_beside_them(scanned) -> None:
    assert _category(scanned, "van_positions", "speed") == "user.location.precise"
    assert _category(scanned, "van_positions", "course") == "user.location.precise"
    assert _category(scanned, "trainings", "course_weight") != "user.location.precise"
    assert _category(scanned, "trainings", "course_title") != "user.location.precise"


def test_credential_names_over_numbers_or_a_few_words_are_not_secrets(scanned) -> None:
    assert _category(scanned, "staff_logins", "oauth_provider") is None
    assert _category(scanned, "staff_logins", "credential_id") is None
    assert _category(scanned, "staff_logins", "remember_token") == "user.authorization.credentials"


def test_thresholds_are_settings_of_a_rule(scanned) -> None:
    rule = _col(scanned, "discount_rules", "minimum_amount")
    assert rule.category is None and "threshold" in rule.evidence
    assert _category(scanned, "discount_rules", "customer_id") == "user.unique_id"


def test_lookup_lists_ranges_and_order_states_are_not_a_persons(scanned) -> None:
    listed = _col(scanned, "ethnicities", "ethnicity_name")
    assert listed.category is None and "lookup table" in listed.evidence
    assert _category(scanned, "delivery_zones", "postcode_from") is None
    assert _category(scanned, "delivery_zones", "postcode_to") is None
    assert _category(scanned, "van_orders", "state") is None  # links to addresses are no address columns
    assert _category(scanned, "van_orders", "customer_id") == "user.unique_id"
