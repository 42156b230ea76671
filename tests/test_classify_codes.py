"""Codes are not phone numbers and an organisation's mailbox is not a person's (issue 13: professional registration
numbers and drug codes read as phone numbers; a merchant's role e-mail raised as personal data)."""

from __future__ import annotations

import random

import pytest

from privacy_inventory.classify import classify_column
from privacy_inventory.models import ColumnContext


def _digits(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


CODES = {  # column -> a code layout that libphonenumber often accepts as a national number of some default region
    "registration_no": lambda r: f"{_digits(r, 3)}-{_digits(r, 4)}",
    "pharmacy_reg": lambda r: f"{_digits(r, 4)}-{_digits(r, 4)}",
    "council_ref": lambda r: "0" + _digits(r, 6),
    "pzn": lambda r: "0" + _digits(r, 7),
    "ndc": lambda r: f"{_digits(r, 5)}-{_digits(r, 4)}-{_digits(r, 1)}",
    "batch_no": lambda r: f"0{_digits(r, 2)}-{_digits(r, 5)}",
}


@pytest.mark.parametrize("column", sorted(CODES))
def test_codes_written_like_national_numbers_are_not_phone_numbers(column: str) -> None:
    r = random.Random(column)
    values = tuple(CODES[column](r) for _ in range(200))
    ctx = ColumnContext(table="practitioner_products", column=column, data_type="VARCHAR(20)",
                        sibling_columns=("id", "label", column), values=values)
    assert classify_column(ctx).category != "user.contact.phone_number"


def test_phone_numbers_written_internationally_or_nationally_are_still_found() -> None:
    r = random.Random(5)
    irish = tuple(f"08{r.choice('35679')} {_digits(r, 3)} {_digits(r, 4)}" for _ in range(200))
    world = tuple(f"+353 8{r.choice('35679')} {_digits(r, 3)} {_digits(r, 4)}" for _ in range(200))
    for values in (irish, world):
        ctx = ColumnContext(table="contacts", column="extra", data_type="VARCHAR(20)", sibling_columns=("id", "contact_id", "extra"), values=values)
        assert classify_column(ctx).category == "user.contact.phone_number"


def test_an_organisations_role_mailbox_is_not_personal_data() -> None:
    shops = ("tesco", "lidl", "boots", "dunnes", "aldi", "spar")
    values = tuple(f"{box}@{shop}.ie" for shop in shops for box in ("accounts", "help", "orders", "info"))
    ctx = ColumnContext(table="merchants", column="support_email", data_type="VARCHAR(254)",
                        sibling_columns=("merchant_id", "trading_name", "legal_name", "vat_no", "mcc", "support_email", "website"), values=values)
    assert classify_column(ctx).category is None
