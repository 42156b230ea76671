"""IBANs checked as python-stdnum does, with each country's format compiled once instead of on every value."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Any

from stdnum import iban as _iban
from stdnum import numdb
from stdnum.exceptions import ValidationError
from stdnum.util import get_cc_module

_IBAN_SHAPE = re.compile(r"^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,36}$")
_STRUCT = re.compile(r"([1-9][0-9]*)!([nac])")
_CLASSES = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}
# ISO 7064 mod 97-10 reads letters as two digits: A=10 ... Z=35.
_BASE10 = str.maketrans({ch: str(10 + i) for i, ch in enumerate(string.ascii_uppercase)})


def is_iban(text: str) -> bool:
    """IBAN with a valid country format and mod-97 check digits (python-stdnum's rules)."""
    if not _IBAN_SHAPE.match(text):
        return False
    if not text.isascii():
        return _iban.is_valid(text)  # unusual digits: leave them to stdnum itself
    return _ascii_iban(text)


@lru_cache(maxsize=1 << 16)
def _ascii_iban(text: str) -> bool:
    """stdnum.iban.validate for an ASCII, IBAN-shaped string: checksum, country structure, country module."""
    number = text.replace(" ", "").upper()
    if int((number[4:] + number[:4]).translate(_BASE10)) % 97 != 1:
        return False
    country = _country(number[:2])
    if country is None:
        return False
    structure, module = country
    if not structure.match(number[4:]):
        return False
    if module is None:
        return True
    try:
        module.validate(number)
    except ValidationError:
        return False
    return True


@lru_cache(maxsize=None)
def _country(code: str) -> tuple[re.Pattern[str], Any] | None:
    """A country's BBAN structure as a regex and its extra stdnum module, from stdnum's own IBAN registry."""
    props = numdb.get("iban").info(code)[0][1]
    if not props:
        return None
    bban = _STRUCT.sub(lambda m: f"{_CLASSES[m.group(2)]}{{{m.group(1)}}}", props.get("bban", ""))
    return re.compile(f"^{bban}$"), get_cc_module(code, "iban")
