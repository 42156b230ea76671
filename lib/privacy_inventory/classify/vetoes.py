"""When a table's "not people" verdict may veto a person's detail: weighed against the evidence of a person in the row.

A table judged an organisation, a system table or reference data by its NAME alone (`call_configuration`,
`destination_calendar`, `mail_group`) is weak evidence against the people in its rows: a guest's name and e-mail kept
side by side, a calendar's primary e-mail in rows that belong to a user, the login name of a group's owner are still a
person's (issue 11 class 8). Only a table whose own columns describe an organisation or a place (a domain, a plan,
billing settings, a tenant every table points at) vetoes them outright.
"""

from __future__ import annotations

from privacy_inventory.classify.column_words import profile_words
from privacy_inventory.classify.context import Context
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.names import has_org_prefix, has_system_word
from privacy_inventory.classify.tables import head_noun
from privacy_inventory.classify.tokens import singular, tokenize

# The fields that make a person of a prefix when two of them share it (`guest_name` with `guest_email`).
_NAME_TAILS = (("first", "name"), ("last", "name"), ("full", "name"), ("name",), ("fullname",))
_REACH_TAILS = (("email",), ("mail",), ("email", "address"), ("phone",), ("phone", "number"), ("mobile",),
                ("telephone",), ("company",), ("organization",), ("organisation",))
_TAILS = tuple(sorted(_NAME_TAILS + _REACH_TAILS, key=len, reverse=True))
# Details only a person (or the person's device) has; an organisation has none of its own.
_PERSONAL_DETAILS = frozenset({"user.contact.email", "user.contact.phone_number", "user.account.username", "user.name",
                               "user.name.first", "user.name.last", "user.workplace", "user.device.ip_address"})
# What a user's own settings row may hold of theirs (a calendar's primary e-mail); not names, which label things there.
_REACH = frozenset({"user.contact.email", "user.contact.phone_number"})
_ACCOUNT_WORDS = frozenset({"account", "user", "uid", "login", "username"})


def _split(column: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(prefix, person field) of a name like `guestFirstName`, or None when it does not end in a person field."""
    toks = tuple(t for t in tokenize(column) if not t.isdigit())
    for tail in _TAILS:
        if len(toks) > len(tail) and toks[-len(tail):] == tail:
            return toks[: -len(tail)], tail
    return None


def _names_a_person(prefix: tuple[str, ...]) -> bool:
    """The prefix is a person's role (`guest`, `policy holder`, `invitee`), not an organisation's or the system's."""
    k = active()
    if has_org_prefix(prefix + ("x",)) or has_system_word(prefix) or set(prefix) & k.words("system_identity_prefixes"):
        return False
    words = k.words("person_role_prefixes") | k.words("person_ref_nouns")
    return any(singular(t) in words for t in prefix) or " ".join(prefix) in words


def person_in_row(c: Context) -> str | None:
    """A person kept inside another table's row: a person's role before a name AND a way to reach them, side by side."""
    own = _split(c.ctx.column)
    if own is None or not own[0] or not _names_a_person(own[0]):
        return None
    tails = {own[1]}
    for sibling in c.ctx.sibling_columns:
        split = _split(sibling)
        if split is not None and split[0] == own[0]:
            tails.add(split[1])
    if not (tails & set(_NAME_TAILS)) or not (tails & set(_REACH_TAILS)):
        return None
    role = " ".join(own[0])
    return f"the '{role}' fields of this table (a name and a way to reach them) are a person's"


def _org_by_columns(c: Context) -> bool:
    """The table's own columns describe an organisation (domain, plan, billing settings), or its role says so."""
    evidence = c.ctx.table_role_evidence
    if c.ctx.table_role == "organisation" and not evidence.startswith("named '"):
        return True  # a tenant every table points at, an organisation known by its contacts, an org's column profile
    return any(profile_words(s, "org_profile_columns") for s in c.ctx.sibling_columns if not _id_like(s))


def _id_like(column: str) -> bool:
    toks = tokenize(column)
    return bool(toks) and toks[-1] in ("id", "ids", "uuid", "guid")


def lifted_org_veto(c: Context, category: str | None) -> str | None:
    """Why a personal detail stays personal although its table was judged not about people; None when the veto holds."""
    if not c.org_table or category not in _PERSONAL_DETAILS:
        return None
    role = c.ctx.table_role
    if role not in ("system", "reference", "organisation") or _org_by_columns(c):
        return None
    found = person_in_row(c)
    if found is not None:
        return found
    if role != "organisation" and c.ctx.table_subjects and (category in _REACH or _user_login(c, category)):
        return f"'{c.ctx.table}' is named like settings, but its rows belong to a person ({c.ctx.table_subjects[0]})"
    if category == "user.device.ip_address" and role == "system" and not has_org_prefix(c.tokens) and \
            head_noun(c.ctx.table) not in active().words("org_table_nouns"):
        return (f"'{c.ctx.table}' is a system table by its name, not a server or a network: an IP address there is "
                "the address of whoever used it")
    if category == "user.account.username" and role == "organisation":
        return f"'{c.ctx.table}' is an organisation by its name only, and a login name is a person's"
    return None


def _user_login(c: Context, category: str | None) -> bool:
    """A login name that says it is a user's (`username`, `user_login`), not an account's label (`bank_account_name`)."""
    return category == "user.account.username" and bool(set(c.tokens) & {"user", "username", "login", "nick", "nickname"})


def account_at_org(c: Context) -> str | None:
    """`provider_email` beside `provider_account_id` in a person's rows: the person's detail at that provider."""
    toks = tuple(t for t in tokenize(c.ctx.column) if not t.isdigit())
    if len(toks) < 2 or not c.belongs or c.org_table or not c.ctx.table_subjects:
        return None
    prefix = toks[:-1]
    for sibling in c.ctx.sibling_columns:
        s = tuple(t for t in tokenize(sibling) if not t.isdigit())
        if len(s) == len(prefix) + 2 and s[: len(prefix)] == prefix and s[-2] in _ACCOUNT_WORDS and s[-1] == "id":
            return (f"'{sibling}' is the person's own account at that {' '.join(prefix)}: this is the person's detail "
                    "there")
    return None


def veto_note(c: Context, category: str | None) -> str | None:
    """Why a name's verdict stands although the table or a prefix said organisation: for the evidence, else None."""
    if category is None:
        return None
    if c.org_table:
        return lifted_org_veto(c, category)
    if has_org_prefix(c.tokens) and not c.person_table:
        return account_at_org(c)
    return None
