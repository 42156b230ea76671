"""Organisations known by their contact people, and the business records a schema keeps about them.

A B2B billing or CRM schema keeps its clients and vendors as companies (`clients`, `vendors`) and their people in
tables of their own (`client_contacts`, `vendor_contacts`) that point back at them. The company's name, address,
balance and notes are not personal data, and nor are the amounts and notes of an invoice, quote or expense kept
about that company by the staff who use the application. Both are judged from the reference graph, never from
one table's name alone.
"""

from __future__ import annotations

from typing import Callable, Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.tokens import singular, tokenize

BUSINESS = "business"


def _is_contacts_of(person: str, org: str) -> bool:
    """`client_contacts` of `clients`, `vendor_persons` of `vendors`: the organisation's words, then people words."""
    words, own = table_words(person), table_words(org)
    return len(words) > len(own) and words[: len(own)] == own and words[-1] in active().words("contact_people_nouns")


def organisations_by_contacts(tables: Sequence, refs: dict[str, dict[str, tuple[str, bool]]],
                              role_of: Callable[[str], str], person_columns: Callable[[Sequence[str]], list[str]]
                              ) -> dict[str, str]:
    """Tables whose people live in a contacts table pointing at them, and which have no person's columns themselves."""
    by_name = {t.name: t for t in tables}
    out: dict[str, str] = {}
    for name in sorted(refs):
        if role_of(name) != "person":
            continue
        for _col, (target, _) in sorted(refs[name].items()):
            if target == name or target in out or role_of(target) not in ("content", "other", "organisation"):
                continue
            columns = [c.name for c in by_name[target].columns]
            if not _is_contacts_of(name, target) or person_columns(columns) or any("email" in tokenize(c) for c in columns):
                continue  # a contact with its own email (a sole trader) is reached directly: it may be a person
            out[target] = (f"an organisation: its people are in '{name}', which points at it, and it has no person's "
                           "columns or email of its own")
    return out


def business_records(refs: dict[str, dict[str, tuple[str, bool]]], role_of: Callable[[str], str]) -> dict[str, str]:
    """Records about a counterparty organisation (an invoice of a client company) kept by staff, not about a person.

    A table is one when it points at a client, vendor or supplier that is an organisation, and every person it
    points at is staff using the application (`user_id`, `employee`) or one of that organisation's contact people.
    """
    counterparts = {n for n in refs if role_of(n) == "organisation"
                    and head_noun(n) in active().words("counterparty_nouns")}
    staff_nouns = active().words("staff_nouns")
    out: dict[str, str] = {}
    for name in sorted(refs):
        if role_of(name) not in ("content", "other") or name in counterparts:
            continue
        orgs = sorted({target for target, _ in refs[name].values() if target in counterparts})
        if not orgs:
            continue
        people = {target for target, _ in refs[name].values() if role_of(target) == "person" and target != name}
        others = {p for p in people if head_noun(p) not in staff_nouns
                  and not any(_is_contacts_of(p, o) for o in orgs)}
        if others:
            continue
        if any(singular(w) in active().words("person_role_prefixes") for w in tokenize(name)):
            continue
        out[name] = (f"a business record about '{orgs[0]}', an organisation; the people it points at are staff using "
                     "the application or that organisation's contacts")
    return out


MIXED_PARTY = "a party table"  # how the evidence of a mixed party table starts
_NAME_WORDS = frozenset({"name", "fullname", "displayname"})
_ADDRESS_WORDS = frozenset({"address", "street", "city", "zip", "postcode", "postal", "phone", "mobile", "telephone"})


def mixed_party(table: str, columns: Sequence[str], org_signals: Sequence[str]) -> str | None:
    """A customers-and-suppliers table (`contacts`, `parties`) whose rows have a person's profile: why, else None.

    Such a table mixes private customers and sole traders with companies; each row can be a person, so it is judged
    a person's table even when it also points at a user (the party's portal login), never an organisation's."""
    if head_noun(table) not in active().words("party_table_nouns") or len(org_signals) >= 2:
        return None
    words = [tokenize(c) for c in columns]
    if any("password" in w or "secret" in w for w in words):
        return None  # a login record, not a party
    own = [w for w in words if not (len(w) > 1 and singular(w[0]) in active().words("other_party_words"))]
    name = any(w[-1:] and w[-1] in _NAME_WORDS or " ".join(w[-2:]) in ("first name", "last name") for w in own)
    email = any(w[-1:] in (("email",), ("mail",)) for w in own)
    reach = sorted({x for w in own for x in w if x in _ADDRESS_WORDS})
    if not (name and email and reach):
        return None
    return (f"{MIXED_PARTY} (customers, suppliers): its rows have their own name, e-mail and {reach[0]}, as a person's "
            "record has; some may be companies, but any row can be a person")
