"""Issue 11's missed columns, by class, on a schema of our own (a credit-union app nobody ships, every table prefixed)."""

from __future__ import annotations

import sqlite3

import pytest

from privacy_inventory.classify.tables import infer_prefixes, schema_prefixes, table_words
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

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
    db = tmp_path_factory.mktemp("union") / "union.sqlite"
    con = sqlite3.connect(db)
    for table, (columns, make) in SCHEMA.items():
        con.execute(f'CREATE TABLE "{table}" ({", ".join(columns)})')
        rows = [make(i) for i in range(1, N + 1)]
        con.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(rows[0]))})', rows)
    con.commit()
    con.close()
    scan = scan_source(parse_source(f"union=sqlite:///{db}"), ScanOptions(progress=False))
    return {t.name: t for t in scan.tables}


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
