"""Issue 11 classes 4 and 7 on a schema of our own (a community garden cooperative's app nobody ships): which columns
point at a person when no table or person noun names it, and which ids that look like a person's are not.

One test per class: polymorphic ids (decided by the type column's sampled models, or by a role a person fills),
agent nouns holding ids, a person reference that holds e-mails, a mixed table of trading parties, a person in a role
(a sponsor extending a member), a person's id in a directory, and the ids of non-people (a tenant's customer id at its
payment provider, a shipment's external id, an OpenID Connect `id_token`).
"""

from __future__ import annotations

import pytest

from support.schemadb import scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]
UUID = "6f1c2a3b-4d5e-4f60-8a7b-{:012d}"

SCHEMA: dict[str, tuple[list[str], object]] = {
    "members": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT", "birth_date TEXT",
                 "ldap_guid TEXT"],
                lambda i: (i, FIRST[i % 12], LAST[i % 10], f"m{i}@garden.example", f"19{60 + i}-0{1 + i % 9}-12",
                           UUID.format(i))),
    "plots": (["id INTEGER PRIMARY KEY", "member_id INTEGER", "bed_label TEXT"], lambda i: (i, i, f"B-{i:03d}")),
    "invoices": (["id INTEGER PRIMARY KEY", "amount NUMERIC"], lambda i: (i, 10.0 + i)),
    "shipments": (["id INTEGER PRIMARY KEY", "member_id INTEGER", "external_id TEXT"],
                  lambda i: (i, i, f"shp_{'Zq9' * 4}{i:04d}")),
    # Polymorphic references: by sampled models, and by a role a person fills (no types sampled).
    "alerts": (["id INTEGER PRIMARY KEY", "alertable_type TEXT", "alertable_id INTEGER", "headline TEXT"],
               lambda i: (i, "Greenery\\Domain\\Member", i, "Watering rota changed")),
    "uploads": (["id INTEGER PRIMARY KEY", "fileable_type TEXT", "fileable_id INTEGER", "path TEXT"],
                lambda i: (i, ["Greenery\\Domain\\Invoice", "Greenery\\Domain\\Shipment"][i % 2], i, f"/files/{i}.pdf")),
    "activity_trail": (["id INTEGER PRIMARY KEY", "causer_type TEXT", "causer_id INTEGER", "action TEXT"],
                       lambda i: (i, None, i, ["plot.assign", "plot.release"][i % 2])),
    # Agent nouns: who did it; and words that only end like one.
    "harvest_checks": (["id INTEGER PRIMARY KEY", "plot_id INTEGER", "grader INTEGER", "dispatcher_id INTEGER",
                        "handover_id INTEGER", "is_keeper INTEGER", "closed_by TEXT"],
                       lambda i: (i, i, i % 9 + 1, (i * 7) % 23 + 1, i, i % 2, f"m{i % 5 + 1}@garden.example")),
    # A tenant's billing row: its customer id is the cooperative's account at the payment provider.
    "cooperative_billing": (["id INTEGER PRIMARY KEY", "plan TEXT", "seats INTEGER", "billing_email TEXT",
                             "customer_id TEXT"],
                            lambda i: (i, ["basic", "pro"][i % 2], 5 + i, f"treasurer{i}@coop.example",
                                       f"cus_{'Q7x' * 4}{i:04d}")),
    # Trading parties (buyers and suppliers of produce, private people and shops alike) and what points at them.
    "trade_parties": (["id INTEGER PRIMARY KEY", "kind TEXT", "name TEXT", "email TEXT", "phone TEXT", "town TEXT",
                       "member_id INTEGER"],
                      lambda i: (i, ["buyer", "supplier"][i % 2], f"{FIRST[i % 12]} {LAST[i % 10]}", f"p{i}@mail.example",
                                 f"+44 7700 900{i:03d}", ["Leeds", "York"][i % 2], i)),
    "produce_sales": (["id INTEGER PRIMARY KEY", "trade_party_id INTEGER", "kilos NUMERIC"],
                      lambda i: (i, i, 1.5 + i)),
    # A member in a role: a sponsor row extends a member by the member's own key.
    "sponsor": (["sponsor_id INTEGER PRIMARY KEY", "member_id INTEGER", "pledge_level TEXT"],
                lambda i: (i, i, ["seed", "sapling", "oak"][i % 3])),
    "seed_grants": (["id INTEGER PRIMARY KEY", "sponsor_id INTEGER", "amount NUMERIC"], lambda i: (i, i, 50.0 + i)),
    # A member's sign-in through an identity provider: `id_token` is a credential, not a link to `session_tokens`.
    "session_tokens": (["id INTEGER PRIMARY KEY", "member_id INTEGER", "issued_at TEXT"],
                       lambda i: (i, i, "2026-05-01")),
    "federated_logins": (["id INTEGER PRIMARY KEY", "member_id INTEGER", "id_token TEXT"],
                         lambda i: (i, i, f"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOi{i:04d}Jx.c2lnbmF0dXJl{'Kp3' * 6}{i:03d}")),
    # A member's sign-in at another provider: the external uid there is the member's.
    "linked_logins": (["id INTEGER PRIMARY KEY", "member_id INTEGER", "extern_uid TEXT"],
                      lambda i: (i, i, str(880000 + i * 13))),
    # People-named tables that hold no people: nominations kept by a member, and the elements of a tool kit.
    "nominated_members": (["id INTEGER PRIMARY KEY", "member_id INTEGER", "nominee_email TEXT", "note TEXT"],
                          lambda i: (i, i % 6 + 1, f"friend{i}@mail.example", "keen grower")),
    "tool_kit": (["id INTEGER PRIMARY KEY", "label TEXT"], lambda i: (i, f"Kit {i}")),
    "tool_kit_member": (["tool_kit_member_id INTEGER PRIMARY KEY", "tool_kit_id INTEGER", "tool_code TEXT",
                         "position INTEGER"], lambda i: (i, i % 4 + 1, f"T-{i:03d}", i % 5)),
    # Members swapping plots, each side named by login name (names that end in digits are no code series).
    "plot_swaps": (["id INTEGER PRIMARY KEY", "from_user TEXT", "to_user TEXT"],
                   lambda i: (i, f"{FIRST[i % 12].lower()}{LAST[i % 10][:1].lower()}{i * 37 % 900 + 10}",
                              f"{FIRST[(i + 5) % 12].lower()}{i * 53 % 900 + 10}")),
    # Watering rota: who covers for whom, kept as numbers of the member register's series, and a batch number.
    "watering_rota": (["id INTEGER PRIMARY KEY", "covering_for TEXT", "batch TEXT"],
                      lambda i: (i, f"GRD-MBR-{i * 7 % 90 + 10:05d}", f"GRD-BTCH-{i:05d}")),
    # Who holds the lock on a bed: a chat handle (a login name), and the machine that runs the nightly job.
    "bed_locks": (["id INTEGER PRIMARY KEY", "holder_user_id TEXT", "locked_by TEXT"],
                  lambda i: (i, f"@{FIRST[i % 12].lower()}.{LAST[(i + 3) % 10][:3].lower()}:chat.garden.example",
                             f"{['cron', 'jobs', 'files'][i % 3]}.garden.example")),
    # A partner garden network (a tenant-like organisation), keyed by a column named after a person noun.
    "partner": (["id_partner INTEGER", "domain TEXT", "plan TEXT", "seats INTEGER"],
                lambda i: (i, f"garden{i}.example", ["basic", "pro"][i % 2], 10 + i)),
    # A gate log that copies the member's name beside the member's own key: the member's record, not a person table.
    "gate_passages": (["id INTEGER PRIMARY KEY", "member_id INTEGER", "first_name TEXT", "last_name TEXT",
                      "entered_at TEXT"],
                     lambda i: (i, i, FIRST[i % 12], LAST[i % 10], f"2026-06-{i % 28 + 1:02d} 07:30")),
    # Help-desk topics a visitor can write to (a list of the desk's topics, no one's row), keyed like a person noun.
    "helpdesk_contact": (["id_helpdesk_contact INTEGER", "sort_rank INTEGER", "enabled INTEGER"],
                         lambda i: (i, i % 4, i % 2)),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("garden") / "garden.db", "garden", SCHEMA, N)


def col(tables, table: str, column: str):
    return next(c for c in tables[table].columns if c.name == column)


def test_morph_by_sampled_models(tables):
    alert = col(tables, "alerts", "alertable_id")
    assert alert.category == "user.unique_id"
    assert "polymorphic" in alert.evidence and "person models (Member)" in alert.evidence and "members" in alert.evidence
    upload = col(tables, "uploads", "fileable_id")
    assert upload.category is None
    assert "no person model" in upload.evidence and "Invoice" in upload.evidence


def test_morph_by_a_role_a_person_fills(tables):
    causer = col(tables, "activity_trail", "causer_id")
    assert causer.category == "user.unique_id"
    assert "'causer' is a role a person fills" in causer.evidence


def test_agent_nouns_holding_ids(tables):
    for name in ("grader", "dispatcher_id"):
        c = col(tables, "harvest_checks", name)
        assert c.category == "user.unique_id", (name, c.evidence)
        assert "agent noun" in c.evidence
    assert col(tables, "harvest_checks", "handover_id").category is None  # a compound ending in a thing
    assert col(tables, "harvest_checks", "is_keeper").category is None  # a yes/no question, 0 and 1


def test_person_reference_holding_emails_is_the_email(tables):
    closed = col(tables, "harvest_checks", "closed_by")
    assert closed.category == "user.contact.email"
    assert "referred to by e-mail" in closed.evidence


def test_tenant_customer_id_is_no_person(tables):
    assert tables["cooperative_billing"].role == "organisation"
    customer = col(tables, "cooperative_billing", "customer_id")
    assert customer.category is None
    assert "payment or billing provider" in customer.evidence


def test_mixed_party_table_holds_people(tables):
    parties = tables["trade_parties"]
    assert parties.role == "person" and "party table" in parties.role_evidence
    assert col(tables, "trade_parties", "name").category == "user.name"
    sale = col(tables, "produce_sales", "trade_party_id")
    assert sale.category == "user.unique_id" and "trade_parties" in sale.evidence


def test_person_in_a_role(tables):
    assert tables["sponsor"].role == "person"
    assert "a role a person may hold" in tables["sponsor"].role_evidence
    assert col(tables, "seed_grants", "sponsor_id").category == "user.unique_id"


def test_directory_id_on_a_person_and_external_ids_of_things(tables):
    guid = col(tables, "members", "ldap_guid")
    assert guid.category == "user.unique_id" and "directory" in guid.evidence
    assert col(tables, "shipments", "external_id").category is None


def test_id_token_is_a_credential_not_a_link(tables):
    assert "id_token" not in tables["federated_logins"].references
    token = col(tables, "federated_logins", "id_token")
    assert token.category == "user.authorization.credentials", token.evidence


def test_sign_in_elsewhere_keeps_the_persons_external_uid(tables):
    assert col(tables, "linked_logins", "extern_uid").category == "user.unique_id"


def test_people_named_tables_that_hold_no_people(tables):
    nominated = tables["nominated_members"]
    assert nominated.role == "content" and "people nominated" in nominated.role_evidence
    assert col(tables, "nominated_members", "id").category is None
    assert col(tables, "nominated_members", "nominee_email").category == "user.contact.email"
    kit = tables["tool_kit_member"]
    assert kit.role == "reference" and "elements of a set of things" in kit.role_evidence
    assert col(tables, "tool_kit_member", "tool_kit_member_id").category is None


def test_login_names_ending_in_digits_are_no_code_series(tables):
    for name in ("from_user", "to_user"):
        c = col(tables, "plot_swaps", name)
        assert c.category == "user.account.username", (name, c.evidence)


def test_numbers_of_a_series_that_numbers_people(tables):
    cover = col(tables, "watering_rota", "covering_for")
    assert cover.category == "user.unique_id"
    assert "series (GRD-MBR-...)" in cover.evidence and "'mbr'" in cover.evidence
    assert col(tables, "watering_rota", "batch").category is None


def test_person_reference_holding_login_names_is_the_login_name(tables):
    holder = col(tables, "bed_locks", "holder_user_id")
    assert holder.category == "user.account.username", holder.evidence
    assert "login names, not ids" in holder.evidence
    assert col(tables, "bed_locks", "locked_by").category != "user.account.username"  # host names


def test_own_key_of_an_organisation_named_like_a_person_is_no_persons_id(tables):
    assert tables["partner"].role == "organisation"
    key = col(tables, "partner", "id_partner")
    assert key.category is None and "row's own key" in key.evidence
    assert tables["helpdesk_contact"].role not in ("person", "content")
    key = col(tables, "helpdesk_contact", "id_helpdesk_contact")
    assert key.category is None and "row's own key" in key.evidence


def test_record_copying_a_persons_name_is_no_person_table(tables):
    gate = tables["gate_passages"]
    assert gate.role == "content" and "its name columns copies" in gate.role_evidence
    assert col(tables, "gate_passages", "id").category is None
    assert col(tables, "gate_passages", "member_id").category == "user.unique_id"
    assert col(tables, "gate_passages", "first_name").category == "user.name.first"
