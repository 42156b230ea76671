"""An id-named column whose values are not ids (`email_id` holding addresses): the values say what it holds."""

from __future__ import annotations

from privacy_inventory.classify import values as v
from privacy_inventory.classify.context import Context

# Share of the sampled values that must be e-mail addresses before the `_id` ending stops meaning "an id of a row".
_EMAIL_SHARE = 0.8


def ids_are_emails(c: Context) -> bool:
    """`email_id`, `login_id`: most sampled values are e-mail addresses, so the column holds the address itself."""
    texts = c.prepared.texts
    return len(texts) >= 3 and sum(1 for t in texts if v.is_email(t)) >= _EMAIL_SHARE * len(texts)


# What a name may call a number written as bare digits: an account, a card, a national or record number.
_DIGIT_NUMBERS = ("user.financial.bank_account", "user.financial.credit_card", "user.government_id",
                  "user.unique_id", "user.health_and_medical.record_id",
                  "user.health_and_medical.insurance_beneficiary_id")
_PHONES = ("user.contact.phone_number", "user.contact.fax_number")


def bare_digits_fit(named: str, other: str | None, c: Context) -> bool:
    """`bank_account_no` = 0123456789: bare digits a phone parser accepts are the number the name says, not a phone.

    Only digits without a sign, spaces or dashes: a value written `+44 20 7946 0000` still reads as a phone."""
    if other not in _PHONES or not named.startswith(_DIGIT_NUMBERS):
        return False
    texts = c.prepared.texts
    return bool(texts) and all(t.isdigit() for t in texts)
