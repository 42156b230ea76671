"""Masking is the one barrier between sampled data or secrets and every output."""

from __future__ import annotations

from privacy_inventory.masking import mask_secret, mask_url, mask_value, scrub


def test_email_keeps_only_first_letters_and_tld() -> None:
    assert mask_value("john.doe@example.com") == "j***@e***.com"
    assert "john" not in mask_value("john.doe@example.com")


def test_short_values_keep_one_character_digits_hidden() -> None:
    assert mask_value("Shirin") == "S***"
    assert mask_value("4111111111111111") == "#***"
    assert mask_value("") == "''"
    assert mask_value(None) == "NULL"


def test_free_text_and_binary_become_counts() -> None:
    out = mask_value("I have diabetes and need subtitles please")
    assert "diabetes" not in out and "chars" in out
    assert mask_value(b"\x00\x01secret") == "<8 bytes>"


def test_url_password_masked_even_with_at_sign_and_query_secret() -> None:
    out = mask_url("postgresql://bob:s3cr@t@db.example:5432/app?sslmode=require&password=zz9")
    assert "s3cr" not in out and "zz9" not in out
    assert out.startswith("postgresql://bob:***@db.example:5432/app")


def test_url_without_password_unchanged() -> None:
    assert mask_url("sqlite:///tmp/x.db") == "sqlite:///tmp/x.db"
    assert mask_url("postgresql://bob@host/db") == "postgresql://bob@host/db"


def test_scrub_removes_known_secrets_anywhere() -> None:
    assert "hunter22" not in scrub("auth failed for hunter22 at x", ["hunter22"])


def test_mask_secret_shows_length_not_value() -> None:
    out = mask_secret("sk_live_51HxYzABCDEFGHIJKLMNOP")
    assert "51HxYz" not in out and "chars" in out
    assert mask_secret("abc") == "***(3 chars)"
