"""Real validators for sampled values; each counts matches so evidence can cite counts, never values."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Sequence

from stdnum import luhn as _luhn

from privacy_inventory.classify.banking import is_iban  # noqa: F401 - re-exported
from privacy_inventory.classify.phones import DEFAULT_REGIONS, is_phone  # noqa: F401 - re-exported

# ---------------------------------------------------------------- the prepared sample (re-exported)
from privacy_inventory.classify.prepared import MAX_CHARS, Prepared, prepare  # noqa: F401

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
# One pass for: a dot-atom local part of 1-64 characters, one `@`, two or more domain labels, an alphabetic (or
# punycode) TLD. `\n?` keeps what the per-part `^...$` checks this replaced accepted: one newline ending a part.
_EMAIL = re.compile(rf"^(?=[^@]{{1,64}}@){_ATOM}(?:\.{_ATOM})*\n?@(?:{_LABEL}\n?\.)+"
                    rf"(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}}(?<!-))\n?\Z")


def is_email(text: str) -> bool:
    """RFC 5321/5322-ish address check: dot-atom local part, real domain labels, alphabetic TLD."""
    return len(text) <= 254 and "@" in text and _EMAIL.match(text) is not None  # the pattern needs an `@`


# ---------------------------------------------------------------- network and identifiers
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
_IPV4 = re.compile(rf"^(?:{_OCTET}\.){{3}}{_OCTET}\Z")  # exactly what ipaddress accepts as a bare IPv4 address


def is_ip(text: str) -> bool:
    """IPv4 or IPv6 address (optionally with a prefix length), checked by the standard library."""
    if len(text) > 50 or not (":" in text or "." in text):
        return False
    if _IPV4.match(text):
        return True
    if ":" not in text and "/" not in text:
        return False  # IPv6 needs a colon, and what is left of IPv4 is exactly what _IPV4 matches
    return _parses_as_ip(text)


@lru_cache(maxsize=1 << 16)
def _parses_as_ip(text: str) -> bool:
    """The standard library's verdict on an IPv6 address or an interface, once per distinct value (it is slow)."""
    try:
        if "/" in text:
            ipaddress.ip_interface(text)
        else:
            ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_ANDROID_ID = re.compile(r"^[0-9a-f]{16}$", re.I)
_GA_COOKIE = re.compile(r"^(?:GA1|GS1|_ga)\.\d\.\d+\.\d+$")
_TOKEN = re.compile(r"^[A-Za-z0-9_\-.~+/%=:]{20,512}$")


def is_uuid(text: str) -> bool:
    """UUID (IDFA and GAID advertising ids are UUIDs)."""
    return bool(_UUID.match(text))


def is_device_id(text: str) -> bool:
    """Device identifier: UUID (IDFA/GAID), Android ID (16 hex) or IMEI (15 digits, Luhn)."""
    if _UUID.match(text) or _ANDROID_ID.match(text):
        return True
    return len(text) == 15 and text.isdigit() and luhn_ok(text)


def is_random_token(text: str) -> bool:
    """A long random-looking token: no spaces, mixed letters and digits, no dictionary-like runs."""
    if not _TOKEN.match(text):
        return False
    has_digit = any(c.isdigit() for c in text)
    has_alpha = any(c.isalpha() for c in text)
    return has_digit and has_alpha and len(set(text)) >= 10


def is_cookie_id(text: str) -> bool:
    """Analytics cookie (`GA1.2.x.y`) or a long random session/cookie token."""
    return bool(_GA_COOKIE.match(text)) or is_random_token(text)


# ---------------------------------------------------------------- payments
_DOUBLED = {str(d): (2 * d - 9 if d > 4 else 2 * d) for d in range(10)}


def luhn_ok(digits: str) -> bool:
    """Luhn check digit of a digit string, as python-stdnum computes it (which is used for any non-ASCII digit)."""
    if not digits.isascii() or not digits.isdigit():
        return _luhn.is_valid(digits)
    rev = digits[::-1]
    return (sum(map(int, rev[0::2])) + sum(map(_DOUBLED.__getitem__, rev[1::2]))) % 10 == 0


_CARD_CHARS = re.compile(r"^[\d \-]{12,23}$")


def _iin_ok(digits: str) -> bool:
    """Issuer prefix and length agree (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro)."""
    n = len(digits)
    two, four = int(digits[:2]), int(digits[:4])
    if digits[0] == "4":
        return n in (13, 16, 19)
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16
    if two in (34, 37):
        return n == 15
    if two in (36, 38, 30, 39):
        return n in (14, 16, 19)
    if digits.startswith(("6011", "65")) or 644 <= int(digits[:3]) <= 649 or two == 62:
        return 16 <= n <= 19
    if two == 35:
        return 16 <= n <= 19
    if two in (50, 56, 57, 58) or digits.startswith(("6304", "6759", "676")):
        return 12 <= n <= 19
    return False


def is_number(text: str, whole: bool = False) -> bool:
    """A value that reads as a number (a whole one when `whole`): a count, an amount or an order, not words."""
    try:
        number = float(text)
    except ValueError:
        return False
    return number.is_integer() or not whole


def is_card_number(text: str) -> bool:
    """Payment card number: 12-19 digits, known issuer prefix and length, valid Luhn check digit."""
    if not _CARD_CHARS.match(text):
        return False
    digits = text.replace(" ", "").replace("-", "")
    return 12 <= len(digits) <= 19 and digits.isdigit() and _iin_ok(digits) and luhn_ok(digits)


# ---------------------------------------------------------------- passwords
_HASHES = re.compile(
    r"^(?:\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"  # bcrypt
    r"|\$argon2(?:id|i|d)\$\S+"  # argon2
    r"|(?:argon2|bcrypt|bcrypt_sha256)\$\S+"  # Django wrappers
    r"|pbkdf2_sha(?:1|256|512)\$\d+\$\S+"  # Django PBKDF2
    r"|\$pbkdf2(?:-sha\d+)?\$\S+"  # passlib
    r"|pbkdf2:sha\d+:\d+\$\S+"  # werkzeug
    r"|scrypt[:$]\S+|\$scrypt\$\S+|\$7\$\S+"  # scrypt
    r"|\$(?:1|5|6|y|gy|md5|sha1|apr1)\$\S+"  # crypt(3)
    r"|\$[PHS]\$[./A-Za-z0-9]{31,52}"  # phpass (WordPress, Drupal)
    r"|(?:sha1|md5|sha256|sha512|unsalted_md5|unsalted_sha1)\$\S*\$?[0-9a-f]{32,128}"  # Django legacy
    r"|!\S{20,}"  # Django unusable password
    r"|[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128}"  # hex digests
    r"|\{(?:SSHA|SHA|SSHA256|SSHA512|CRYPT|MD5|SMD5)\}\S+"  # LDAP
    r"|AQAAAA[A-Za-z0-9+/=]{40,}"  # ASP.NET Identity
    r"|[A-Za-z0-9+/]{40,}={0,2})$",  # long base64 digest
    re.I,
)


def is_password_hash(text: str) -> bool:
    """A stored password hash or digest (bcrypt, argon2, PBKDF2, scrypt, crypt, phpass, hex digests...)."""
    return bool(_HASHES.match(text))


def is_plaintext_password(text: str, hashed: bool | None = None) -> bool:
    """A short string in a password column that is no hash: most likely a password kept in clear.

    `hashed` is is_password_hash(text) when the caller already knows it (it is not checked twice)."""
    return 4 <= len(text) <= 64 and " " not in text and not (is_password_hash(text) if hashed is None else hashed)


# ---------------------------------------------------------------- dates of birth
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d")
_DATE_SHAPE = re.compile(r"^\d{1,4}[-/.]?\d{1,2}[-/.]?\d{1,4}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_date(value: Any) -> dt.date | None:
    """A date from a date/datetime or a common date string (ISO first, then day-first, then month-first)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE_SHAPE.match(value):
        return None
    return _parse_date_text(value)


@lru_cache(maxsize=1 << 16)
def _parse_date_text(value: str) -> dt.date | None:
    """A date-shaped string read with the formats in order; plain ISO days skip strptime (same result)."""
    head = value[:10] if len(value) > 10 and value[4:5] == "-" else value.split(" ")[0].split("T")[0]
    if _ISO_DAY.match(head):
        try:
            return dt.date(int(head[:4]), int(head[5:7]), int(head[8:10]))
        except ValueError:
            pass  # not a real day: the other formats decide, as before
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class BirthStats:
    """Counts over sampled dates read as birth dates: how many parse, are plausible, and are of minors."""

    sampled_dates: int
    plausible: int
    recent: int
    under_13: int
    under_16: int
    under_18: int


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def birth_stats(prepared: Prepared, today: dt.date | None = None) -> BirthStats:
    """Ages of the sampled dates: plausible is 0-120 years and not in the future; recent is within 30 days."""
    today = today or dt.date.today()
    parsed = [d for d in map(parse_date, prepared.dates + tuple(prepared.texts)) if d is not None]
    plausible = recent = u13 = u16 = u18 = 0
    for born in parsed:
        if born > today:
            continue
        age = _age(born, today)
        if age > 120:
            continue
        plausible += 1
        if (today - born).days <= 30:
            recent += 1
        u13 += age < 13
        u16 += age < 16
        u18 += age < 18
    return BirthStats(len(parsed), plausible, recent, u13, u16, u18)


def count_minor_ages(prepared: Prepared) -> tuple[int, int, int, int]:
    """Ages given as numbers: (plausible ages, under 13, under 16, under 18)."""
    ages = [n for n in prepared.numbers if 0 <= n <= 120 and float(n).is_integer()]
    return len(ages), sum(a < 13 for a in ages), sum(a < 16 for a in ages), sum(a < 18 for a in ages)


# ---------------------------------------------------------------- places (re-exported)
from privacy_inventory.classify.places import (  # noqa: E402,F401
    count_coordinates,
    is_coordinate_pair,
    is_country,
    is_language,
    is_postal_code,
    is_url,
)

# ---------------------------------------------------------------- free text (re-exported)
from privacy_inventory.classify.text import (  # noqa: E402,F401
    free_text_count,
    human_text_count,
    is_free_text,
    is_json,
    is_sentence,
    person_name_share,
)

# ---------------------------------------------------------------- counting with an early stop
PROBE = 24


CERTAIN = 40  # checked values that, all agreeing, settle a costly check (the probe plus a spread over the rest)


def count(texts: Sequence[str], check: Callable[[str], bool], min_ratio: float = 0.3,
          certain: int = 0) -> tuple[int, int]:
    """(matches, checked): check a probe first and stop when fewer than min_ratio of it match.

    With `certain`, a probe where every value matches is followed by values spread evenly over the rest of the
    sample; when those all match too, the verdict cannot be in doubt and counting stops at `certain` checked.
    """
    probe = texts[:PROBE]
    hits = len(list(filter(check, probe)))
    if len(texts) <= PROBE or hits < min_ratio * len(probe):
        return hits, len(probe)
    if PROBE < certain < len(texts) and hits == len(probe):
        rest = texts[PROBE:]
        picks = certain - PROBE
        if all(check(rest[i * len(rest) // picks]) for i in range(picks)):
            return certain, certain
    return hits + len(list(filter(check, texts[PROBE:]))), len(texts)


def share(hits: int, checked: int, sampled: int) -> str:
    """`12/200 sampled values`, or `40/40 checked of 200 sampled values` when counting stopped early."""
    if checked < sampled and hits == checked:
        return f"{hits}/{checked} checked of {sampled} sampled values"
    return f"{hits}/{checked} sampled values"


_LETTERS = re.compile(r"[A-Za-z]*")


def count_row_ids(texts: Sequence[str], code: re.Pattern[str]) -> int:
    """Row numbers, UUIDs and codes of a series (`HR-EMP-00012`, `PAT/2024/7`) among the values.

    A series shares its letters (few prefixes, mostly capitals); login names that end in digits (`annas4312`,
    `tkeller7`) are lower-case and start with words of their own, so such values are no ids."""
    plain = sum(1 for t in texts if t.isdigit() or is_uuid(t))
    coded = [t for t in texts if not (t.isdigit() or is_uuid(t)) and code.match(t)]
    heads = {_LETTERS.match(t).group(0).lower() for t in coded}
    lower = sum(1 for t in coded if t[:1].islower())
    if len(coded) >= 5 and len(heads) >= max(5, 0.3 * len(coded)) and lower >= 0.8 * len(coded):
        return plain
    return plain + len(coded)


SERIES = re.compile(r"^([A-Za-z]{2,8}(?:[-/_.][A-Za-z]{1,8})*)[-/_.]?(?:\d{2,4}[-/_.])?\d{2,}$")  # `HR-EMP-00012`


def series_prefix(texts: list[str] | tuple[str, ...]) -> str | None:
    """The letters of the one numbering series every value belongs to (`HR-EMP-00012` -> `HR-EMP`), else None."""
    found: str | None = None
    seen: set[str] = set()  # letters as written that were already found to be `found`
    for t in texts:
        m = SERIES.match(t)
        if m is None:
            return None
        letters = m.group(1)
        if letters in seen:
            continue
        upper = letters.upper()
        if found is None:
            found = upper
        elif upper != found:
            return None  # two series: None, whatever the remaining values are
        seen.add(letters)
    return found
