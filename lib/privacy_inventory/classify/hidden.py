"""Personal data hidden among other values: a few strictly valid phones, emails, cards or IBANs in a vague column."""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from privacy_inventory.classify import values as v
from privacy_inventory.classify.context import Candidate, Context
from privacy_inventory.classify.phones import phone_ratio

_PHONE_SHAPE = re.compile(r"^(?:tel:)?\+?[\d\s().\-/]{6,24}$", re.I)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$", re.I)
_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$")
_CARD_CHARS = re.compile(r"^[\d \-]{12,23}$")
_IBAN_SHAPE = re.compile(r"^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,36}$")
_ANY_DIGIT = re.compile(r"\d")
_NUMERIC_TYPES = ("int", "serial", "numeric", "decimal", "float", "double", "real", "number", "money", "bool", "bit")

# Share of the shaped values that must validate: at least half; nationally written phone numbers nearly all (codes
# written like phone numbers pass libphonenumber 60-85% of the time by chance).
_MOSTLY_PHONE = 0.9
# Near a person (person table, or a table that belongs to one) a few values are enough; elsewhere many more.
NEAR_PERSON = (3, 0.02)
ELSEWHERE = (10, 0.05)


def _phone_shaped(text: str) -> bool:
    """Written like a phone number: `+`, a leading 0, `tel:` or separators; not a plain number, date or IP."""
    # A date (`_DATE` needs a leading digit) is ruled out first: date columns are common, and it is one test.
    if text[:1].isdigit() and _DATE.match(text) or not _PHONE_SHAPE.match(text) or _DOTTED_QUAD.match(text):
        return False
    if _NUMBER.match(text):
        return text.isdigit() and text.startswith("0")  # `07400448315`, not `12345678` or `1234.5`
    return text[0] in "+0(" or text.lower().startswith("tel:") or any(ch in text for ch in " -/().")


def _card_shaped(text: str) -> bool:
    return bool(_CARD_CHARS.match(text))


def _iban_shaped(text: str) -> bool:
    return bool(_IBAN_SHAPE.match(text))


def _email_shaped(text: str) -> bool:
    return "@" in text and len(text) <= 254


Check = Callable[[str], bool]
# (category, label, shape, strict validator): only validators whose matches cannot be chance.
SPARSE: tuple[tuple[str, str, Check, Check], ...] = (
    ("user.contact.email", "valid email addresses", _email_shaped, v.is_email),
    ("user.contact.phone_number", "valid phone numbers", _phone_shaped, v.is_phone),
    ("user.financial.credit_card", "valid payment card numbers (Luhn and issuer)", _card_shaped, v.is_card_number),
    ("user.financial.bank_account", "valid IBANs", _iban_shaped, v.is_iban),
)


def sparse_candidates(c: Context) -> list[Candidate]:
    """A meaningful minority of strictly valid identifiers; the shaped values must mostly validate (no chance hits)."""
    texts = c.prepared.texts
    dtype = c.ctx.data_type.lower()
    if not texts or c.org_table or any(k in dtype for k in _NUMERIC_TYPES):
        return []
    min_hits, min_share = NEAR_PERSON if (c.person_table or c.belongs) else ELSEWHERE
    total = len(texts)
    times = Counter(texts)  # each distinct value is looked at once, counted as often as it was sampled
    joined = "\n".join(times)
    has_at, has_digit = "@" in joined, _ANY_DIGIT.search(joined) is not None
    out: list[Candidate] = []
    for category, label, shaped, check in SPARSE:
        if not (has_at if category == "user.contact.email" else has_digit):
            continue  # no value can be of this shape
        candidates = [t for t in times if shaped(t)]
        n_candidates = sum(times[t] for t in candidates)
        if n_candidates < min_hits:
            continue
        hits = sum(times[t] for t in candidates if check(t))
        mostly = phone_ratio(candidates, _MOSTLY_PHONE) if category == "user.contact.phone_number" else 0.5
        if hits < min_hits or hits < min_share * total or hits < mostly * n_candidates:
            continue
        share = hits / total
        score = round(0.5 + 0.35 * min(1.0, share / 0.25), 3)
        out.append(Candidate(category, score, f"{hits}/{total} sampled values are {label}", "values",
                             ("hidden_by_name",)))
    return out
