"""Seeded fake-value primitives (emails, phones, IPs, hashes, tokens) so every demo value is realistic and reproducible."""

from __future__ import annotations

import base64
import calendar
import ipaddress
import string
import unicodedata
import uuid
from datetime import date, datetime, timedelta
from random import Random

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

_BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_BASE62 = string.digits + string.ascii_letters
_UPPER_ALNUM = string.digits + string.ascii_uppercase
_IPV6_PREFIXES = (0x2A01, 0x2A02, 0x2A00, 0x2600, 0x2604, 0x2607, 0x2A0A, 0x2C0F, 0x2406)
_ASCII_FOLD = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "ł": "l"})
# International formats parse without knowing the country; NATIONAL needs the row's country.
INTERNATIONAL_FORMATS = ("e164", "international", "rfc3966")


class Fake:
    """All randomness for the demo flows through one random.Random, so a seed fixes every byte."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self._phone_bases: dict[str, phonenumbers.PhoneNumber] = {}

    # -- identifiers -----------------------------------------------------------------------------
    def uuid(self) -> str:
        """A UUID-shaped id derived from the seeded RNG (never uuid4, which is not reproducible)."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def token(self, prefix: str, length: int, alphabet: str = _BASE62) -> str:
        """A processor-style opaque token such as tok_XXXX or ch_XXXX."""
        return prefix + "".join(self.rng.choice(alphabet) for _ in range(length))

    def upper_token(self, prefix: str, length: int) -> str:
        """An upper-case alphanumeric reference (PayPal-style ids, case references)."""
        return self.token(prefix, length, _UPPER_ALNUM)

    def hex(self, length: int) -> str:
        """A lower-case hex string of the given length."""
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(length))

    def digits(self, length: int) -> str:
        """A string of decimal digits, first one non-zero."""
        return str(self.rng.randint(1, 9)) + "".join(self.rng.choice(string.digits) for _ in range(length - 1))

    # -- password hashes -------------------------------------------------------------------------
    def bcrypt(self, variant: str = "2b", cost: int = 12) -> str:
        """A syntactically valid bcrypt string (22-char salt + 31-char hash; last chars padded as bcrypt does)."""
        salt = "".join(self.rng.choice(_BCRYPT_ALPHABET) for _ in range(21)) + self.rng.choice(".Oeu")
        digest = "".join(self.rng.choice(_BCRYPT_ALPHABET) for _ in range(30)) + self.rng.choice(_BCRYPT_ALPHABET[::4])
        return f"${variant}${cost:02d}${salt}{digest}"

    def argon2(self) -> str:
        """A syntactically valid argon2id PHC string with RNG salt and digest."""
        salt = base64.b64encode(self.rng.randbytes(16)).rstrip(b"=").decode()
        digest = base64.b64encode(self.rng.randbytes(32)).rstrip(b"=").decode()
        return f"$argon2id$v=19$m=65536,t=3,p=4${salt}${digest}"

    # -- contact data ----------------------------------------------------------------------------
    def email(self, first: str, last: str, domains: tuple[str, ...], birth_year: int | None = None) -> str:
        """An email address shaped like real people pick them (first.last, initials, birth year...)."""
        f, l = ascii_fold(first), ascii_fold(last)
        year = birth_year or self.rng.randint(1960, 2005)
        patterns = (
            f"{f}.{l}", f"{f}{l}", f"{f[0]}.{l}", f"{f}_{l}{year % 100:02d}", f"{f}{year}",
            f"{l}.{f}", f"{f}.{l}{self.rng.randint(1, 99)}", f"{f[0]}{l}{self.rng.randint(10, 999)}",
        )
        return f"{self.rng.choice(patterns)}@{self.rng.choice(domains)}"

    def phone(self, region: str, fmt: str) -> str:
        """A mobile number that phonenumbers validates for the region, written in the given format."""
        base = self._phone_bases.get(region)
        if base is None:
            base = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
            self._phone_bases[region] = base
        national = str(base.national_number)
        keep = max(len(national) - 6, 2)
        number = base
        for _ in range(40):
            candidate = national[:keep] + "".join(self.rng.choice(string.digits) for _ in range(len(national) - keep))
            parsed = phonenumbers.PhoneNumber(country_code=base.country_code, national_number=int(candidate))
            if phonenumbers.is_valid_number(parsed):
                number = parsed
                break
        formats = {
            "e164": PhoneNumberFormat.E164,
            "international": PhoneNumberFormat.INTERNATIONAL,
            "national": PhoneNumberFormat.NATIONAL,
            "rfc3966": PhoneNumberFormat.RFC3966,
        }
        return phonenumbers.format_number(number, formats[fmt])

    # -- network ---------------------------------------------------------------------------------
    def ipv4(self) -> str:
        """A globally routable IPv4 address (no private, reserved or documentation ranges)."""
        while True:
            addr = ipaddress.IPv4Address(self.rng.getrandbits(32))
            if addr.is_global and not addr.is_multicast:
                return str(addr)

    def ipv6(self) -> str:
        """A globally routable IPv6 address under a real allocated prefix, in compressed form."""
        while True:
            value = (self.rng.choice(_IPV6_PREFIXES) << 112) | self.rng.getrandbits(112)
            if self.rng.random() < 0.5:  # many ISPs hand out ::1-style host parts
                value = (value >> 64 << 64) | self.rng.randint(1, 0xFFFF)
            addr = ipaddress.IPv6Address(value)
            if addr.is_global:
                return addr.compressed

    def ip(self, v6_share: float = 0.2) -> str:
        """An IPv4 or, with the given probability, IPv6 address."""
        return self.ipv6() if self.rng.random() < v6_share else self.ipv4()

    # -- time ------------------------------------------------------------------------------------
    def moment(self, start: datetime, end: datetime) -> datetime:
        """A whole-second instant uniformly between start and end (end not before start)."""
        span = max(int((end - start).total_seconds()), 0)
        return start + timedelta(seconds=self.rng.randint(0, span))

    def day(self, start: date, end: date) -> date:
        """A date uniformly between start and end inclusive."""
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))


def ascii_fold(text: str) -> str:
    """Lower-case ASCII form of a name, as people type it into an email address."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLD).lower())
    return "".join(c for c in folded if c.isascii() and c.isalnum())


def iso(moment: datetime) -> str:
    """The DATETIME text form SQLite apps commonly store."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def epoch(moment: datetime) -> int:
    """Unix seconds for a naive UTC datetime (no local time zone involved)."""
    return calendar.timegm(moment.timetuple())
