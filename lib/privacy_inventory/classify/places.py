"""Validators for places and locales: coordinates, postal codes, ISO countries and languages, URLs."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from privacy_inventory.classify.prepared import MAX_CHARS

if TYPE_CHECKING:
    from privacy_inventory.classify.prepared import Prepared

_LAT_LNG_PAIR = re.compile(r"^\(?\s*(-?\d{1,3}\.\d{3,})\s*[, ]\s*(-?\d{1,3}\.\d{3,})\s*\)?$")
_WKT_POINT = re.compile(r"^(?:SRID=\d+;)?POINT\s*\(\s*(-?\d{1,3}\.\d+)\s+(-?\d{1,3}\.\d+)\s*\)$", re.I)


def is_coordinate_pair(text: str) -> bool:
    """`lat,lng` (or WKT POINT(lng lat)) with both parts in range and at least 3 decimals."""
    m = _LAT_LNG_PAIR.match(text) or _WKT_POINT.match(text)
    if not m:
        return False
    a, b = float(m.group(1)), float(m.group(2))
    return (abs(a) <= 90 and abs(b) <= 180) or (abs(b) <= 90 and abs(a) <= 180)


def count_coordinates(prepared: "Prepared", axis: str = "any") -> int:
    """Numeric latitudes/longitudes (in range, with a fractional part) or coordinate-pair strings."""
    limit = 90.0 if axis == "lat" else 180.0
    nums = sum(1 for n in prepared.numbers if abs(n) <= limit and not float(n).is_integer())
    if nums:
        return nums
    # both need a dot; the cheap float test first (either passing counts the value once)
    return sum(1 for t in prepared.texts if "." in t and (_is_float_in(t, limit) or is_coordinate_pair(t)))


def _is_float_in(text: str, limit: float) -> bool:
    if "." not in text or len(text) > 24:
        return False
    try:
        value = float(text)
    except ValueError:
        return False
    return abs(value) <= limit and not value.is_integer()


_POSTCODES = re.compile(
    r"^(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"  # UK
    r"|\d{5}(?:-\d{4})?"  # US ZIP, DE/FR/ES/IT 5 digits
    r"|[A-Z]\d[A-Z] ?\d[A-Z]\d"  # Canada
    r"|\d{4} ?[A-Z]{2}"  # Netherlands
    r"|\d{3}-\d{4}|\d{3} ?\d{2}|\d{4}|\d{6}"  # JP, SE/CZ, AT/CH/AU/BE/DK, IN/RU/CN
    r"|\d{5}-?\d{5}"  # Iran
    r"|\d{2}-\d{3}|\d{4}-\d{3})$",  # PL, PT
    re.I,
)


def is_postal_code(text: str) -> bool:
    """Postal code in a common national format (UK, US ZIP, CA, NL, DE/FR, JP, IR, PL, PT ...)."""
    return len(text) <= 12 and bool(_POSTCODES.match(text))


def _locale_data() -> dict[str, dict[str, str]]:
    """phonenumbers' table of ISO countries -> {language: country name}, read from its own file.

    Importing `phonenumbers.geodata.locale` first runs its package's __init__, which loads 40 MB of geocoding tables
    we never use (about a second of CPU in every process that classifies); the table's file alone needs none of it.
    """
    import importlib.util
    import sys

    import phonenumbers

    name = "phonenumbers.geodata.locale"
    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if name in sys.modules or spec is None or spec.loader is None or not path.is_file():
        from phonenumbers.geodata.locale import LOCALE_DATA

        return LOCALE_DATA
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LOCALE_DATA


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """ISO 3166 alpha-2 codes, country names (many languages) and ISO 639-1 codes, from phonenumbers' data."""
    LOCALE_DATA = _locale_data()
    codes = frozenset(r for r in LOCALE_DATA if len(r) == 2 and r.isalpha())
    names: set[str] = set()
    langs: set[str] = set()
    for names_by_lang in LOCALE_DATA.values():
        langs.update(names_by_lang)
        names.update(v.casefold() for v in names_by_lang.values() if not v.startswith("*"))
    return codes, frozenset(names), frozenset(l for l in langs if len(l) == 2)


def is_country(text: str) -> bool:
    """ISO 3166 alpha-2 code (upper case) or a country name."""
    codes, names, _ = _places()
    if len(text) == 2:
        return text in codes
    return text.casefold() in names


_LOCALE = re.compile(r"^([a-z]{2})(?:[-_][A-Z][a-z]{3})?(?:[-_]([A-Z]{2}|\d{3}))?(?:\.[A-Za-z0-9-]+)?$")


def is_language(text: str) -> bool:
    """ISO 639-1 language code or locale (`en`, `fa-IR`, `en_GB`, `zh-Hans-CN`)."""
    m = _LOCALE.match(text) if len(text) <= 16 else None
    if not m:
        return False
    codes, _, langs = _places()
    return m.group(1) in langs and (m.group(2) is None or m.group(2).isdigit() or m.group(2) in codes)


_URL = re.compile(r"^(?:https?|ftp)://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$|^(?:https?)://localhost\S*$", re.I)


def is_url(text: str) -> bool:
    """Absolute http(s)/ftp URL with a host name."""
    return len(text) <= MAX_CHARS and bool(_URL.match(text))
