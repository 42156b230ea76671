"""Phone numbers checked by libphonenumber, behind a cheap shape filter and a cache so each distinct number is parsed once."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import phonenumbers

DEFAULT_REGIONS = ("GB", "US", "FR", "DE", "IR")
PHONE_SHAPE = re.compile(r"^(?:tel:)?\+?[\d\s().\-/]{6,24}(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$", re.I)
_DATE_LIKE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$")
_DIGIT = re.compile(r"\d")
_DECIMAL = re.compile(r"^-?\d{1,4}\.\d+$")  # a coordinate or a measure, never written as a phone number
_CHECK_DIGIT = re.compile(r"\d[\s\-./]\d$")  # `50090-2875-0`: a code's separate check digit; no phone ends with a lone digit group


def is_phone(text: str, regions: Sequence[str] = DEFAULT_REGIONS) -> bool:
    """Valid phone number: international as written, or national in one of the default regions."""
    if not PHONE_SHAPE.match(text) or _DATE_LIKE.match(text) or _DECIMAL.match(text) or _CHECK_DIGIT.search(text):
        return False
    # A shape match holds no digit that is not a decimal digit (\d), so this counts what str.isdigit would.
    digits = len(_DIGIT.findall(text))
    if digits < 7 or digits > 15:
        return False
    tries = tuple(regions)
    return _valid_cached(text) if tries == DEFAULT_REGIONS else _valid(text, tries)


@lru_cache(maxsize=1 << 16)
def _valid_cached(text: str) -> bool:
    """libphonenumber's verdict for the default regions, once per distinct short phone-shaped string."""
    return _valid(text, DEFAULT_REGIONS)


def _valid(text: str, regions: tuple[str, ...]) -> bool:
    """Parse as written when international, else as national in each region in turn; valid and possible."""
    candidate = text[4:] if text.lower().startswith("tel:") else text
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    tries: Sequence[str | None] = (None,) if candidate.startswith("+") else regions
    for region in tries:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number) and phonenumbers.is_valid_number(number):
            return True
    return False


INTERNATIONAL_PHONE_RATIO = 0.7


def phone_ratio(texts: tuple[str, ...] | list[str], national: float) -> float:
    """Share of values that must be valid phones: lower when most are written internationally (+ or 00 and a country
    code, which a code or reference number never is), `national` otherwise."""
    written = [t.strip() for t in texts if t.strip()]
    international = sum(1 for t in written if t.startswith("+") or (t.startswith("00") and t[2:3] in "123456789" and t[2:3]))
    return INTERNATIONAL_PHONE_RATIO if written and international >= 0.5 * len(written) else national
