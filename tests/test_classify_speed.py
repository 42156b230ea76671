"""The classifier's fast paths give the verdicts of the slow checks they replace, and stop early only when values agree."""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
import re
import string

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as std_iban
from stdnum import luhn as std_luhn
from stdnum import numdb

from privacy_inventory.classify import classify_column, phones, prepared, special
from privacy_inventory.classify import values as v
from privacy_inventory.models import ColumnContext

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_IBAN_SHAPE = re.compile(r"^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,36}$")


# ------------------------------------------------------------------------------------------------ reference checks
def _ref_email(text: str) -> bool:
    """The per-part email check the single regex replaced."""
    local_re = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
    label_re = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
    tld_re = re.compile(r"^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
    if len(text) > 254 or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    if not local or len(local) > 64 or not local_re.match(local):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not tld_re.match(labels[-1]):
        return False
    return all(label_re.match(label) for label in labels)


def _ref_ip(text: str) -> bool:
    if len(text) > 50 or not (":" in text or "." in text):
        return False
    try:
        (ipaddress.ip_interface if "/" in text else ipaddress.ip_address)(text)
        return True
    except ValueError:
        return False


def _ref_date(text: str) -> dt.date | None:
    if not v._DATE_SHAPE.match(text):
        return None
    head = text[:10] if len(text) > 10 and text[4:5] == "-" else text.split(" ")[0].split("T")[0]
    for fmt in v._DATE_FORMATS:
        try:
            return dt.datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None


# ------------------------------------------------------------------------------------------------ equivalence
def _ibans(seed: int) -> list[str]:
    """For every country of stdnum's registry: a valid-checksum IBAN, and variants that break one rule each."""
    rng = random.Random(seed)
    classes = {"n": string.digits, "a": string.ascii_uppercase, "c": string.ascii_letters + string.digits}
    out: list[str] = []
    for code in sorted({prefix[1] for prefix in numdb.get("iban").prefixes}):
        props = numdb.get("iban").info(code)[0][1]
        bban = "".join(rng.choice(classes[kind]) for n, kind in re.findall(r"(\d+)!([nac])", props["bban"])
                       for _ in range(int(n)))
        number = code + std_iban.calc_check_digits(code + "00" + bban) + bban
        spaced = " ".join(number[i:i + 4] for i in range(0, len(number), 4))
        out += [number, spaced, spaced.lower(), number[:-1], number + "7", number[:4] + bban[::-1],
                number[:2] + "00" + bban]
    return out


def test_iban_matches_stdnum_for_every_country() -> None:
    cases = _ibans(1) + _ibans(2) + ["GB82 WEST 1234 5698 7654 32", "XX82WEST12345698765432", "GB82WEST1234569876543Z",
                                     "BE71 0961 2345 6769", "NO93 8601 1117 947", "ES91 2100 0418 4502 0005 1332"]
    assert sum(v.is_iban(c) for c in cases) > 60  # real positives, not only rejections
    for case in cases:
        assert v.is_iban(case) == (bool(_IBAN_SHAPE.match(case)) and std_iban.is_valid(case)), case


@FUZZ
@given(st.text(alphabet="GBDE0123456789 ABXZ-٣", min_size=14, max_size=30))
def test_iban_fuzz_matches_stdnum(text: str) -> None:
    assert v.is_iban(text) == (bool(_IBAN_SHAPE.match(text)) and std_iban.is_valid(text))


@FUZZ
@given(st.text(alphabet="ab-.@\n_+xn0Z9'", max_size=40))
def test_email_regex_matches_per_part_check(text: str) -> None:
    assert v.is_email(text) == _ref_email(text)


@pytest.mark.parametrize("text", ["a@b.co", "a\n@b.co", "a@b\n.co", "a@b.co\n", "a@b.co\n\n", "a@-b.co", "a@b-.co",
                                  "a@b.xn--p1ai", "a@b.xn--p1a-", "x" * 64 + "@b.co", "x" * 65 + "@b.co", "a@b..co"])
def test_email_edge_cases_match(text: str) -> None:
    assert v.is_email(text) == _ref_email(text)


@FUZZ
@given(st.text(alphabet="0123456789.:/abcdef%٣", max_size=24))
def test_ip_fast_path_matches_ipaddress(text: str) -> None:
    assert v.is_ip(text) == _ref_ip(text)


@pytest.mark.parametrize("text", ["1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4", "0.0.0.0", "1.2.3.4\n",
                                  "1.2.3", "1.2.3.4.5", "10.0.0.0/8", "::1", "2001:db8::1", "1.2.3.٣", "12.50"])
def test_ip_edge_cases_match(text: str) -> None:
    assert v.is_ip(text) == _ref_ip(text)


@FUZZ
@given(st.text(alphabet="0123456789٣", min_size=1, max_size=20))
def test_luhn_matches_stdnum(digits: str) -> None:
    assert v.luhn_ok(digits) == std_luhn.is_valid(digits)


@FUZZ
@given(st.from_regex(r"\A[0-9]{1,4}[-/.]?[0-9]{1,2}[-/.]?[0-9]{1,4}( 10:00)?\Z"))
def test_date_fast_path_matches_strptime(text: str) -> None:
    assert v.parse_date(text) == _ref_date(text)


def test_date_fast_path_edge_cases() -> None:
    for text in ("2020-02-29", "2019-02-29", "2020-13-01", "0000-01-01", "2020-1-5", "2020-01-05T10:00:00Z"):
        assert v.parse_date(text) == _ref_date(text), text
    assert v.parse_date("2020-02-29") == dt.date(2020, 2, 29) and v.parse_date("2019-02-29") is None


def test_phone_cache_agrees_with_explicit_regions() -> None:
    numbers = ["+44 7911 123456", "(201) 345-6789", "+98 912 345 6789", "0912 345 6789", "12345", "+00 000 000 000"]
    assert [v.is_phone(t) for t in numbers] == [True, True, True, True, False, False]
    assert [v.is_phone(t, list(v.DEFAULT_REGIONS)) for t in numbers] == [v.is_phone(t) for t in numbers]
    assert v.is_phone("0912 345 6789", ["IR"]) and not v.is_phone("0912 345 6789", ["US"])


def test_prepare_fast_path_equals_general_path() -> None:
    values = ("  Ann ", None, "", "   ", "x" * 1500 + " ", " " + "y" * 999 + "  ", "a@b.co", None)
    fast, general = v.prepare(values), prepared._prepare_mixed(values)
    assert fast == general
    assert fast.non_null == 6 and len(fast.texts) == 4 and len(fast.texts[1]) == 1000
    assert v.prepare([1, "a", None]) == prepared._prepare_mixed([1, "a", None])
    assert v.prepare(iter(["a", None])).non_null == 1


_PIECES = st.sampled_from(["", " ", "\t", "\n", "\x0b", "\x1c", "\u00a0", "\u3000", "a", "Zoë", "7", "x" * 600, "@", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=4).map("".join), min_size=1, max_size=12))
def test_prepare_all_strings_paths_equal_general_path(texts: list[str]) -> None:
    """Samples of strings only (the joined test, the no-whitespace shortcut, long cells) give the general path's result."""
    assert v.prepare(texts) == prepared._prepare_mixed(texts)
    assert v.prepare(tuple(texts)) == prepared._prepare_mixed(texts)


def test_special_scan_counts_repeated_texts_each_time() -> None:
    texts = ["My son has diabetes", "My son has diabetes", "Great film", "I am pregnant"]
    assert special.scan_texts(texts) == {"children": 2, "health": 3}
    assert special.scan_texts(texts[:1]) == {"children": 1, "health": 1}
    assert special.scan_texts(["Great film"] * 5) == {}


# ------------------------------------------------------------------------------------------------ early stop
def _calls(check):
    seen: list[str] = []

    def counted(text: str) -> bool:
        seen.append(text)
        return check(text)
    return counted, seen


def test_count_stops_when_probe_and_spread_agree() -> None:
    counted, seen = _calls(lambda t: t.startswith("ok"))
    assert v.count([f"ok{i}" for i in range(200)], counted, 0.7, certain=v.CERTAIN) == (v.CERTAIN, v.CERTAIN)
    assert len(seen) == v.CERTAIN and seen[-1] != "ok39"  # the spread reaches the end of the sample


def test_count_checks_everything_when_the_spread_disagrees() -> None:
    texts = [f"ok{i}" for i in range(100)] + [f"no{i}" for i in range(100)]
    assert v.count(texts, lambda t: t.startswith("ok"), 0.7, certain=v.CERTAIN) == (100, 200)
    one_bad = [f"ok{i}" for i in range(199)] + ["bad"]
    assert v.count(one_bad, lambda t: t.startswith("ok"), 0.7, certain=v.CERTAIN) in ((40, 40), (199, 200))
    assert v.count(["ok"] * 30, lambda t: True, 0.7, certain=v.CERTAIN) == (30, 30)  # too few to stop early
    assert v.count(["no"] * 200, lambda t: False, 0.7, certain=v.CERTAIN) == (0, v.PROBE)


def test_share_wording() -> None:
    assert v.share(40, 40, 200) == "40/40 checked of 200 sampled values"
    assert v.share(200, 200, 200) == "200/200 sampled values"
    assert v.share(3, 24, 200) == "3/24 sampled values"


def _valid_phones(n: int) -> tuple[str, ...]:
    """Distinct numbers libphonenumber itself calls valid (checked here without our code)."""
    out: list[str] = []
    for i in range(10 * n):
        text = f"+49 30 {1000000 + 7919 * i % 8999999}"
        number = phonenumbers.parse(text, None)
        if phonenumbers.is_valid_number(number) and text not in out:
            out.append(text)
        if len(out) == n:
            return tuple(out)
    raise AssertionError("not enough valid numbers")


def test_phone_column_parses_at_most_certain_numbers() -> None:
    phones._valid_cached.cache_clear()
    ctx = ColumnContext("customers", "phone", "varchar", ("id", "phone"), values=_valid_phones(200))
    result = classify_column(ctx)
    assert result.category == "user.contact.phone_number"
    assert "40/40 checked of 200 sampled values are valid phone numbers" in result.evidence
    assert phones._valid_cached.cache_info().misses <= v.CERTAIN


def test_phone_column_with_a_bad_tail_is_counted_in_full() -> None:
    values = _valid_phones(150) + ("n/a",) * 50
    result = classify_column(ColumnContext("customers", "phone", "varchar", ("id", "phone"), values=values))
    assert result.category == "user.contact.phone_number"
    assert "150/200 sampled values are valid phone numbers" in result.evidence


# ------------------------------------------------------------------------------------------------ strict values beat a weak name
def _ibans_valid(n: int) -> tuple[str, ...]:
    rng = random.Random(5)
    out = []
    for _ in range(n):
        bban = "".join(rng.choice(string.digits) for _ in range(18))
        out.append("DE" + std_iban.calc_check_digits("DE00" + bban) + bban)
    return out


def test_ref_code_full_of_ibans_is_a_bank_account() -> None:
    ctx = ColumnContext("orders", "ref_code", "varchar", ("id", "customer_id", "ref_code"), values=_ibans_valid(200))
    result = classify_column(ctx)
    assert result.category == "user.financial.bank_account"
    assert "hidden_by_name" in result.flags and "hides it" in result.evidence


@pytest.mark.parametrize("column,values", [
    ("ref_code", tuple(f"REF-{i:06d}" for i in range(200))),  # real codes
    ("version", tuple(f"1.{i % 9}.{i % 7}.{i % 5}" for i in range(200))),  # dotted versions are valid IPv4 but not strict
    ("code", tuple(f"{4000000000000000 + 7 * i}" for i in range(200))),  # 16 digits, mostly failing Luhn
    ("status_code", tuple(str(200 + i % 5) for i in range(200))),
])
def test_weak_name_still_wins_without_strict_values(column: str, values: tuple[str, ...]) -> None:
    result = classify_column(ColumnContext("orders", column, "varchar", ("id", column), values=values))
    assert result.category is None, result
