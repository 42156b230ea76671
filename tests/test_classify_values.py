"""Value validators: each real check with values that must pass and values that must not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from privacy_inventory.classify import special
from privacy_inventory.classify import values as v


@pytest.mark.parametrize("text", ["ann.lee@example.com", "a+tag@sub.example.co.uk", "x_y-z@example.io",
                                  "o'neil@example.ie", "user@xn--bcher-kva.example"])
def test_email_valid(text: str) -> None:
    assert v.is_email(text)


@pytest.mark.parametrize("text", ["plainaddress", "@example.com", "a@b", "a@@example.com", "a..b@example.com",
                                  ".a@example.com", "a@-example.com", "a@example.c", "a b@example.com",
                                  "a@example..com", "x" * 65 + "@example.com", "a@example.123"])
def test_email_invalid(text: str) -> None:
    assert not v.is_email(text)


@pytest.mark.parametrize("text", ["+44 7911 123456", "07911 123456", "+1 (201) 345-6789", "(201) 345-6789",
                                  "+98 912 345 6789", "0912 345 6789", "+33 6 12 34 56 78", "0044 20 7946 0018",
                                  "tel:+4930123456"])
def test_phone_valid(text: str) -> None:
    assert v.is_phone(text)


@pytest.mark.parametrize("text", ["12345", "2024-01-05", "1.2.3.4", "abc-def-ghij", "+00 000 000 000",
                                  "999999999999999999", "(000) 000-0000"])
def test_phone_invalid(text: str) -> None:
    assert not v.is_phone(text)


@pytest.mark.parametrize("text", ["192.168.1.10", "8.8.8.8", "::1", "2001:db8::1", "10.0.0.0/8"])
def test_ip_valid(text: str) -> None:
    assert v.is_ip(text)


@pytest.mark.parametrize("text", ["256.1.1.1", "1.2.3", "hello", "01.02.03.04", "2001:db8:::1", "1.2.3.4.5"])
def test_ip_invalid(text: str) -> None:
    assert not v.is_ip(text)


@pytest.mark.parametrize("text", ["4111 1111 1111 1111", "5555555555554444", "378282246310005",
                                  "6011111111111117", "4012-8888-8888-1881"])
def test_card_valid(text: str) -> None:
    assert v.is_card_number(text)


@pytest.mark.parametrize("text", ["4111 1111 1111 1112", "1234567812345670", "12345", "4111-1111", "abcd"])
def test_card_invalid(text: str) -> None:
    assert not v.is_card_number(text)


def test_iban() -> None:
    assert v.is_iban("GB82 WEST 1234 5698 7654 32") and v.is_iban("DE89370400440532013000")
    assert not v.is_iban("GB82 WEST 1234 5698 7654 33") and not v.is_iban("hello world")


@pytest.mark.parametrize("text", [
    "$2b$12$" + "a" * 53, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "pbkdf2_sha256$600000$salt$" + "x" * 43,
    "$pbkdf2-sha256$29000$abc$def", "5f4dcc3b5aa765d61d8327deb882cf99", "a" * 40, "b" * 64, "c" * 128,
    "$6$rounds=5000$salt$hash", "$P$B" + "x" * 31, "pbkdf2:sha256:260000$salt$hash", "!" + "y" * 40,
])
def test_password_hashes(text: str) -> None:
    assert v.is_password_hash(text) and not v.is_plaintext_password(text)


@pytest.mark.parametrize("text", ["hunter2", "Passw0rd!", "letmein123", "correcthorse"])
def test_plaintext_passwords(text: str) -> None:
    assert not v.is_password_hash(text) and v.is_plaintext_password(text)


def test_device_and_cookie_ids() -> None:
    assert v.is_device_id("6D92078A-8246-4BA4-AE5B-76104861E7DC")  # IDFA
    assert v.is_device_id("9774d56d682e549c")  # android_id
    assert v.is_device_id("490154203237518")  # IMEI (Luhn)
    assert not v.is_device_id("hello") and not v.is_device_id("123")
    assert v.is_cookie_id("GA1.2.1234567890.1700000000")
    assert v.is_cookie_id("s%3AaB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW")
    assert not v.is_cookie_id("short") and not v.is_cookie_id("aaaaaaaaaaaaaaaaaaaaaaaa")


def test_uuid() -> None:
    assert v.is_uuid("123e4567-e89b-12d3-a456-426614174000")
    assert not v.is_uuid("123e4567-e89b-12d3-a456") and not v.is_uuid("not-a-uuid")


def test_coordinates() -> None:
    p = v.prepare([51.5072, -0.1276, 35.6892, 12.0])
    assert v.count_coordinates(p, "lat") == 3
    assert v.is_coordinate_pair("51.5072, -0.1276") and v.is_coordinate_pair("POINT(-0.1276 51.5072)")
    assert not v.is_coordinate_pair("512.5, 900.1") and not v.is_coordinate_pair("hello")
    assert v.count_coordinates(v.prepare([1, 2, 3])) == 0


@pytest.mark.parametrize("text", ["SW1A 1AA", "LS1 4AP", "90210", "90210-1234", "K1A 0B1", "1012 AB",
                                  "1234567890", "75001"])
def test_postal_codes(text: str) -> None:
    assert v.is_postal_code(text)


@pytest.mark.parametrize("text", ["hello", "SW1A-1AA-X", "12", "ABCDEFGHIJKLMN"])
def test_postal_codes_invalid(text: str) -> None:
    assert not v.is_postal_code(text)


def test_countries_and_languages() -> None:
    assert all(v.is_country(t) for t in ["GB", "IR", "United Kingdom", "Iran", "France", "Deutschland"])
    assert not any(v.is_country(t) for t in ["XX", "gb", "Narnia", "Drama"])
    assert all(v.is_language(t) for t in ["en", "fa-IR", "en_GB", "zh-Hans-CN", "de"])
    assert not any(v.is_language(t) for t in ["english", "xx", "en-XX", "e", "12"])


def test_urls() -> None:
    assert v.is_url("https://example.com/a?b=c") and v.is_url("http://localhost:8000/x")
    assert not v.is_url("example.com") and not v.is_url("javascript:alert(1)") and not v.is_url("https://nodot")


def test_free_text() -> None:
    assert v.is_free_text("I cannot play the film on my phone, it stops after ten minutes.")
    assert not v.is_free_text("active")
    assert not v.is_free_text('{"a": 1, "b": [1, 2, 3], "c": "text here"}')
    assert not v.is_free_text("<div><p>x</p><p>y</p><span>z</span></div>")
    enum_like = v.prepare(["Out of stock now"] * 10)
    assert v.free_text_count(enum_like) == 0
    varied = v.prepare([f"Please help with order {i}, the subtitles are missing again" for i in range(5)])
    assert v.free_text_count(varied) == 5


def test_prepare_handles_every_type_and_cuts_huge_cells() -> None:
    huge = "x" * 5_000_000
    p = v.prepare([None, b"\x00\x01", bytearray(b"ab"), 5, 2.5, Decimal("1.5"), dt.date(2000, 1, 1),
                   dt.datetime(2001, 1, 1, 12), True, huge, "  ", "ok"])
    assert p.non_null == 11 and p.n_bytes == 2
    assert len(p.dates) == 2 and p.numbers == (5.0, 2.5, 1.5)
    assert max(len(t) for t in p.texts) == v.MAX_CHARS
    assert "ok" in p.texts and "" not in p.texts


def test_huge_cells_are_cut_before_any_check() -> None:
    """Checks see at most MAX_CHARS of a huge cell, so their cost is bounded by the cut, not the cell."""
    p = v.prepare(["a@b.c " * 500_000] * 200)
    assert p.texts and max(len(t) for t in p.texts) <= v.MAX_CHARS
    for check in (v.is_email, v.is_phone, v.is_free_text, v.is_card_number, v.is_ip):
        v.count(p.texts, check)


def test_birth_stats() -> None:
    today = dt.date(2025, 6, 1)
    p = v.prepare([dt.date(2015, 1, 1), "2010-05-05", "1980-02-03", dt.datetime(1990, 1, 1), "03/04/1975", "junk",
                   dt.date(2030, 1, 1), "1850-01-01"])
    stats = v.birth_stats(p, today)
    assert stats.sampled_dates == 7 and stats.plausible == 5
    assert (stats.under_13, stats.under_16, stats.under_18) == (1, 2, 2)
    recent = v.birth_stats(v.prepare([today - dt.timedelta(days=i) for i in range(10)]), today)
    assert recent.recent == 10


def test_count_stops_early_when_probe_fails() -> None:
    calls = []

    def check(text: str) -> bool:
        calls.append(text)
        return False

    hits, checked = v.count([str(i) for i in range(200)], check)
    assert hits == 0 and checked == v.PROBE and len(calls) == v.PROBE
    hits, checked = v.count(["a@example.com"] * 200, v.is_email)
    assert (hits, checked) == (200, 200)


def test_special_lexicon_health_religion_children() -> None:
    counts = special.scan_texts([
        "My son has diabetes and needs insulin during the film",
        "I am pregnant and would like to pause my subscription",
        "Wheelchair access at the premiere please",
        "Great film, loved the ending",
        "We only eat halal food at the event",
    ])
    assert counts["health"] == 3 and counts["religion"] == 1 and counts["children"] == 1
    flags, facts = special.flags_and_facts(counts)
    assert flags == ["children", "special:health", "special:religion"]
    assert facts["special_health_values"] == 3.0


def test_special_lexicon_no_false_hits() -> None:
    assert special.scan_texts(["The cancellation was processed", "Diabetic-friendly snacks? no: crisps",
                               "Ordered 3 tickets", "12345"]) == {"health": 1}
    assert special.scan_texts(["active", "pending", "blocked"]) == {}
