"""Issue 11 class 8 on a schema of our own (a ferry operator's crew and passenger app nobody ships): a person's details
are vetoed only where the table itself describes an organisation, not where a name alone calls it settings.

A passenger's name and e-mail kept side by side in a call configuration, a crew member's calendar e-mail, a crew
member's e-mail at a sign-in provider and the login name in a rota group are people's; the sender identity of the
same configuration, an operator's guest fields (the operator's columns say it is a company) and a provider's mailbox
kept by a harbour service are not.
"""

from __future__ import annotations

import pytest

from support.schemadb import column_of, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]

SCHEMA: dict[str, tuple[list[str], object]] = {
    "crew": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT", "birth_date TEXT"],
             lambda i: (i, FIRST[i % 12], LAST[i % 10], f"c{i}@ferry.example", f"19{70 + i}-0{1 + i % 9}-1{i % 9}")),
    "sailings": (["id INTEGER PRIMARY KEY", "label TEXT", "departs_at TEXT"],
                 lambda i: (i, f"Route {i}", "2026-07-01 08:00")),
    # A call configuration (settings by its name) holding the passenger to call and the sender of the messages.
    "callback_configuration": (["id INTEGER PRIMARY KEY", "sailing_id INTEGER", "template_kind TEXT",
                                "passenger_name TEXT", "passenger_email TEXT", "passenger_company TEXT",
                                "sender_name TEXT", "sender_email TEXT", "enabled INTEGER"],
                               lambda i: (i, i, ["delay", "gate"][i % 2], f"{FIRST[i % 12]} {LAST[i % 10]}",
                                          f"pax{i}@mail.example", ["Nordlys AS", "Keller GmbH"][i % 2],
                                          "Ferry Desk", "desk@ferry.example", i % 2)),
    # A company by its own columns: its guest fields are the company's reception, the veto holds.
    "operators": (["id INTEGER PRIMARY KEY", "legal_name TEXT", "registration_number TEXT", "domain TEXT",
                   "plan TEXT", "guest_name TEXT", "guest_email TEXT"],
                  lambda i: (i, f"Operator {i} Ltd", f"RC{i:06d}", f"op{i}.example", ["basic", "pro"][i % 2],
                             "Reception", f"reception@op{i}.example")),
    # A calendar (reference data by its name) whose rows belong to a crew member: the primary e-mail is theirs.
    "duty_calendar": (["id INTEGER PRIMARY KEY", "crew_id INTEGER", "integration TEXT", "primary_email TEXT"],
                      lambda i: (i, i, ["caldav", "exchange"][i % 2], f"c{i}@ferry.example")),
    # The same kind of calendar kept for a sailing: nobody's.
    "sailing_calendar": (["id INTEGER PRIMARY KEY", "sailing_id INTEGER", "integration TEXT", "primary_email TEXT"],
                         lambda i: (i, i, ["caldav", "exchange"][i % 2], f"timetable{i}@ferry.example")),
    # A crew member's sign-in at a provider: the provider's account id and e-mail are the member's there.
    "crew_sign_ins": (["id INTEGER PRIMARY KEY", "crew_id INTEGER", "provider TEXT", "provider_account_id TEXT",
                       "provider_email TEXT"],
                      lambda i: (i, i, ["sso", "gitlab"][i % 2], str(770000 + i), f"c{i}@idp.example")),
    # A harbour service's provider and its mailbox: an organisation's.
    "harbour_services": (["id INTEGER PRIMARY KEY", "sailing_id INTEGER", "provider TEXT", "provider_email TEXT"],
                         lambda i: (i, i, ["Tug Co", "Pilots Ltd"][i % 2], f"ops@provider{i % 3}.example")),
    # Who called the timetable API (a system table by its name), and the relay servers the ferry runs.
    "api_call_usage": (["id INTEGER PRIMARY KEY", "url TEXT", "method TEXT", "client_ip TEXT"],
                            lambda i: (i, f"/api/sailings/{i}", "GET", f"203.0.113.{i}")),
    "relay_server": (["id INTEGER PRIMARY KEY", "hostname TEXT", "ip_address TEXT"],
                     lambda i: (i, f"relay{i}.ferry.example", f"198.51.100.{i}")),
    # A rota group (an organisation by its name only) naming the crew member who runs it by login name.
    "rota_group": (["group_id INTEGER PRIMARY KEY", "group_name TEXT", "user_name TEXT"],
                   lambda i: (i, f"Deck rota {i}", f"{FIRST[i % 12].lower()}{i}")),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("ferry") / "ferry.db", "ferry", SCHEMA, N)


def test_a_person_kept_in_a_settings_row_is_a_person(tables):
    assert tables["callback_configuration"].role == "system"
    expect = {"passenger_name": "user.name", "passenger_email": "user.contact.email",
              "passenger_company": "user.workplace"}
    for name, category in expect.items():
        c = column_of(tables, "callback_configuration", name)
        assert c.category == category, (name, c.evidence)
        assert "the 'passenger' fields of this table" in c.evidence, c.evidence  # says why the table did not veto it


def test_the_sender_identity_of_a_configuration_stays_the_systems(tables):
    for name in ("sender_name", "sender_email"):
        c = column_of(tables, "callback_configuration", name)
        assert c.category is None, (name, c.evidence)


def test_an_organisation_by_its_columns_still_vetoes(tables):
    assert tables["operators"].role == "organisation"
    for name in ("guest_name", "guest_email"):
        assert column_of(tables, "operators", name).category is None


def test_settings_rows_of_one_person_keep_their_email(tables):
    mine = column_of(tables, "duty_calendar", "primary_email")
    assert mine.category == "user.contact.email", mine.evidence
    nobodys = column_of(tables, "sailing_calendar", "primary_email")
    assert nobodys.category is None, nobodys.evidence


def test_a_persons_email_at_a_provider(tables):
    mine = column_of(tables, "crew_sign_ins", "provider_email")
    assert mine.category == "user.contact.email", mine.evidence
    assert "'provider_account_id' is the person's own account" in mine.evidence
    theirs = column_of(tables, "harbour_services", "provider_email")
    assert theirs.category is None, theirs.evidence


def test_a_login_name_in_a_table_named_like_an_organisation(tables):
    login = column_of(tables, "rota_group", "user_name")
    assert login.category == "user.account.username", login.evidence


def test_the_ip_of_whoever_used_a_system_and_a_servers_own_ip(tables):
    assert tables["api_call_usage"].role == "system"
    used = column_of(tables, "api_call_usage", "client_ip")
    assert used.category == "user.device.ip_address", used.evidence
    server = column_of(tables, "relay_server", "ip_address")
    assert server.category is None, server.evidence
