"""Issue 11 class 10 on a schema of our own (a lending library's reader portal nobody ships): a person's secret named
only by its table (`reader_passwords.hash`, `door_access_codes.code`, `reader_api_keys.hashed_key`) is the secret;
codes and keys of something else (a discount code, a branch's API key, the installation's keys) are not.
"""

from __future__ import annotations

import hashlib

import pytest

from support.schemadb import column_of, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]


def _hex(i: int, salt: str) -> str:
    return hashlib.sha256(f"{salt}-{i}".encode()).hexdigest()[:20]


def _token(i: int) -> str:
    return f"Zk{i:02d}xQ7_vP3mW9-rT{i * 7919 % 9973:04d}bN2sLd8"


SCHEMA: dict[str, tuple[list[str], object]] = {
    "readers": (["id INTEGER PRIMARY KEY", "first_name TEXT", "email TEXT", "birth_date TEXT"],
                lambda i: (i, FIRST[i % 12], f"r{i}@library.example", f"19{70 + i}-03-0{1 + i % 9}")),
    "branches": (["id INTEGER PRIMARY KEY", "name TEXT", "city TEXT"], lambda i: (i, f"Branch {i}", "Tampere")),
    "reader_passwords": (["id INTEGER PRIMARY KEY", "reader_id INTEGER", "hash TEXT", "created_at TEXT"],
                         lambda i: (i, i, f"$2b$12${_token(i)}abcdefghijklmnopqrstuv"[:60], "2026-01-01")),
    "door_access_codes": (["id INTEGER PRIMARY KEY", "reader_id INTEGER", "code TEXT", "expires_at TEXT"],
                          lambda i: (i, i, _hex(i, "door"), "2026-12-31")),
    "discount_codes": (["id INTEGER PRIMARY KEY", "reader_id INTEGER", "code TEXT", "percent INTEGER"],
                       lambda i: (i, i, f"SPRING{i:02d}", 10)),
    "reader_api_keys": (["id INTEGER PRIMARY KEY", "reader_id INTEGER", "hashed_key TEXT", "key_prefix TEXT",
                         "note TEXT"],
                        lambda i: (i, i, _hex(i, "api") + _hex(i, "key"), f"lib_{i:02d}", "catalogue sync")),
    # A branch's API key: the branch's, not a person's.
    "branch_api_keys": (["id INTEGER PRIMARY KEY", "branch_id INTEGER", "hashed_key TEXT"],
                        lambda i: (i, i % 3 + 1, _hex(i, "branch") + _hex(i, "b"))),
    "invites": (["id INTEGER PRIMARY KEY", "invited_by_reader_id INTEGER", "email TEXT", "invite_key TEXT"],
                lambda i: (i, i, f"friend{i}@mail.example", _token(i))),
    "reader_u2f_keys": (["id INTEGER PRIMARY KEY", "reader_id INTEGER", "public_key TEXT", "label TEXT"],
                          lambda i: (i, i, _token(i + 100), ["YubiKey", "Titan"][i % 2])),
    # OAuth tokens whose ids are the token strings; the refresh token points only at its access token.
    "portal_access_tokens": (["id TEXT PRIMARY KEY", "reader_id INTEGER", "revoked INTEGER"],
                             lambda i: (_hex(i, "access") + _hex(i, "a"), i, i % 2)),
    "portal_refresh_tokens": (["id TEXT PRIMARY KEY", "access_token_id TEXT", "revoked INTEGER"],
                              lambda i: (_hex(i, "refresh") + _hex(i, "r"), _hex(i, "access") + _hex(i, "a"), i % 2)),
    # The same pair for the installation's sync job: nobody's.
    "sync_access_tokens": (["id TEXT PRIMARY KEY", "label TEXT"], lambda i: (_hex(i, "sync") + _hex(i, "y"), f"job {i}")),
    "sync_refresh_tokens": (["id TEXT PRIMARY KEY", "access_token_id TEXT"],
                            lambda i: (_hex(i, "syncr") + _hex(i, "z"), _hex(i, "sync") + _hex(i, "y"))),
    "service_keys": (["id INTEGER PRIMARY KEY", "label TEXT", "key TEXT"],
                     lambda i: (i, f"sync {i}", _hex(i, "service") + _hex(i, "s"))),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("library") / "library.db", "library", SCHEMA, N)


def test_a_persons_password_table_keeps_the_hash(tables):
    c = column_of(tables, "reader_passwords", "hash")
    assert c.category == "user.authorization.password", c.evidence
    assert "password" in c.evidence and "readers" in c.evidence


def test_codes_and_keys_that_sign_a_person_in(tables):
    expect = {("door_access_codes", "code"), ("reader_api_keys", "hashed_key"), ("invites", "invite_key"),
              ("reader_u2f_keys", "public_key")}
    for table, name in sorted(expect):
        c = column_of(tables, table, name)
        assert c.category == "user.authorization.credentials", (table, name, c.evidence)


def test_codes_and_keys_of_something_else(tables):
    for table, name in (("discount_codes", "code"), ("branch_api_keys", "hashed_key"), ("service_keys", "key"),
                        ("reader_api_keys", "key_prefix")):
        c = column_of(tables, table, name)
        assert c.category is None, (table, name, c.evidence)


def test_a_refresh_token_follows_its_access_token(tables):
    assert tables["portal_refresh_tokens"].role == "content"
    assert "portal_access_tokens" in tables["portal_refresh_tokens"].role_evidence
    for name in ("id", "access_token_id"):
        c = column_of(tables, "portal_refresh_tokens", name)
        assert c.category == "user.authorization.credentials", (name, c.evidence)
    for name in ("id", "access_token_id"):
        c = column_of(tables, "sync_refresh_tokens", name)
        assert c.category is None, (name, c.evidence)


def test_an_organisations_keys_are_no_persons_secrets_table():
    from privacy_inventory.classify.table_secrets import _secret_table

    assert _secret_table("branch_api_keys") is None and _secret_table("company_tokens") is None
    assert _secret_table("reader_api_keys") == ("key", "user.authorization.credentials")
    assert _secret_table("discount_codes") is None and _secret_table("webhook_secrets") is None
