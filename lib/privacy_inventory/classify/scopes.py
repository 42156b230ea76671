"""Whether a name rule's table scope holds: the same word is personal in one table and not in another."""

from __future__ import annotations

from privacy_inventory.classify.authored import copied_title
from privacy_inventory.classify.choices import choice_ok
from privacy_inventory.classify.context import Context
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.row_settings import chosen_option
from privacy_inventory.classify.names import NameRule, has_org_prefix, has_system_word, person_ref_nouns
from privacy_inventory.classify.tables import (BROWSE_TABLES, DESCRIPTIVE_WORDS, MEDIA_TABLES, SEARCH_TABLES, head_noun,
                                               is_login_table, table_words)
from privacy_inventory.classify.text import human_text_count
from privacy_inventory.classify.tokens import phrase, singular, tokenize
from privacy_inventory.classify.vetoes import account_at_org, lifted_org_veto, person_in_row

PLACE_PREFIXES = frozenset({"billing", "shipping", "home", "delivery", "mailing", "postal", "residential",
                            "customer", "user", "member", "patient", "personal", "private", "contact"})
_ADDRESS_WORDS = frozenset({"street", "city", "postal", "address", "country", "town"})
PAYMENT_TABLES = frozenset({"payment", "transaction", "charge", "refund", "invoice", "payout", "subscription",
                            "billing", "donation", "wallet"})
PURCHASE_TABLES = frozenset({"order", "purchase", "sale", "cart", "basket", "quote", "checkout"})
# Tables whose rows describe the person's own situation (a session's place, a profile's location).
_PERSON_STATE_TABLES = frozenset({"session", "login", "signin", "device", "demographic", "profile", "identity",
                                  "visit", "access", "audience", "segment", "trait", "preference", "setting"})
_PERSON_NOTE_WORDS = frozenset({"note", "notes", "comment", "comments", "remark", "remarks", "memo", "feedback",
                                "description", "details", "reason", "message", "about", "summary"})


def is_social_table(table: str) -> bool:
    """A social-login table (`facebook_logins`, `twitter_user_infos`, `social_accounts`)."""
    return bool(set(table_words(table)) & active().words("social_words"))


def scope_ok(rule: NameRule, c: Context) -> tuple[bool, str]:
    """Whether a rule's table scope holds here, and the reason when it does not."""
    toks, table = c.tokens, c.ctx.table
    if rule.scope == "any":
        return True, ""
    org = f"'{table}' holds organisations or settings, not people"
    if rule.category is not None and toks and toks[-1] in active().words("presentation_words") and \
            not any(m.end() >= len(phrase(toks)) - 1 for m in rule.pattern.finditer(phrase(toks))) and \
            chosen_option(c) is not None:  # `contacts_sort_order` = lastnameAZ on a login row: a display setting
        return False, f"the name ends in '{toks[-1]}': how something is shown to the person, not {rule.label}"
    if rule.category == "user.account.username" and c.person_table and _name_without_login(c):
        return False, f"'{table}' keeps no login (no password beside it): a name the person is called by"
    if rule.scope in ("contact", "place"):
        return _contact_ok(rule, c, org)
    if rule.scope == "choice":
        return choice_ok(rule, c, scope_ok)
    if rule.scope == "person":
        if c.person_table or (person_role_prefix(toks) is not None and not c.org_table):
            return True, ""
        if person_in_row(c) is not None and (not c.org_table or lifted_org_veto(c, rule.category) is not None):
            return True, ""
        if c.belongs and rule.category == "user.name" and is_social_table(table) and \
                head_noun(table) not in ("token", "code", "client", "key", "secret"):
            return True, ""
        if c.belongs and rule.category == "user.unique_id" and (
                is_social_table(table) or head_noun(table) in active().words("identity_table_nouns")):
            return True, ""  # `identities.extern_uid`: a person's sign-in elsewhere, so the person's id there
        return False, f"'{table}' is not a person table"
    if rule.scope == "person_attr":
        words = set(table_words(table))
        ok = c.person_table or (c.belongs and bool(words & (_PERSON_STATE_TABLES | active().words("person_table_nouns"))))
        return ok, f"'{table}' is not a person table nor about one person's situation"
    if rule.scope == "person_or_prefixed":
        prefixed = len(toks) > 1 and any(singular(t) in person_ref_nouns() for t in toks[:-1])
        return (c.person_table or prefixed) and not c.org_table, f"'{table}' is not a person table"
    if rule.scope == "about":
        return _about_ok(rule, c)
    if rule.scope == "owned":
        return (c.person_table or c.owned or c.content is not None) and not c.org_table, f"'{table}' is not about people"
    if rule.scope in ("secret", "secret_key"):
        return _secret_ok(rule, c)
    if rule.scope == "address":
        ok = (_has_address_siblings(c) or any(t in PLACE_PREFIXES for t in toks)) and not c.org_table
        return ok, "no address columns beside it (a status, not a place)"
    if rule.scope == "content":
        return _content_ok(c, org)
    if rule.scope == "clinical":
        return _clinical_ok(c)
    if rule.scope == "telemetry":
        return _telemetry_ok(c)
    if rule.scope == "device_table":
        ok = head_noun(table) == "device" and (c.belongs or c.person_table)
        return ok, f"'{table}' is not a table of people's devices"
    return _log_ok(rule, c)


_COORDINATE_WORDS = frozenset({"latitude", "longitude", "lat", "lng", "lon", "long", "coordinates", "geom", "geometry",
                               "position", "location", "point"})


def _telemetry_ok(c: Context) -> tuple[bool, str]:
    """Speed, course, altitude: a GPS fix's fields only beside coordinates, in rows about a person or their device."""
    if c.org_table or not (c.person_table or c.owned or c.belongs):
        return False, f"'{c.ctx.table}' is not about a person or their device"
    near = any(set(tokenize(s)) & _COORDINATE_WORDS for s in c.ctx.sibling_columns if s != c.ctx.column)
    return near, f"no coordinates beside it in '{c.ctx.table}' (a course, speed or heading of something else)"


def _clinical_ok(c: Context) -> tuple[bool, str]:
    """A clinical word (`weight`, `dose`, `result`) is health data in a patient's record, not in a product table."""
    from privacy_inventory.classify.contexts import record_context

    if c.org_table or not (c.person_table or c.belongs):
        return False, f"'{c.ctx.table}' is not about a person"
    if c.person_table and "patient" in table_words(c.ctx.table):
        return True, ""
    entry = record_context(c)
    ok = entry is not None and entry.category.startswith("user.health_and_medical")
    return ok, f"'{c.ctx.table}' is not a clinical record"


def person_role_prefix(toks: tuple[str, ...]) -> str | None:
    """A person's role before an ordinary field (`guardian_name`, `subscriber_fname`, `policyholder_city`)."""
    roles = active().words("person_role_prefixes")
    for i in range(len(toks) - 1):
        if toks[i] in roles:
            return toks[i]
        if i + 1 < len(toks) - 1 and f"{toks[i]} {toks[i + 1]}" in roles:
            return f"{toks[i]} {toks[i + 1]}"
    return None


def _about_ok(rule: NameRule, c: Context) -> tuple[bool, str]:
    """A person's attribute (age, gender, language, interests): in a person table or a table about one person."""
    toks, table = c.tokens, c.ctx.table
    if c.org_table and person_role_prefix(toks) is None and lifted_org_veto(c, rule.category) is None:
        return False, f"'{table}' holds organisations or settings, not people"
    prefixed = len(toks) > 1 and any(singular(t) in person_ref_nouns() for t in toks[:-1])
    if c.person_table or prefixed:
        return True, ""
    if c.belongs and not (rule.category == "user.demographic.language" and c.content):
        return True, ""
    if c.belongs:
        return False, f"the language of a text in '{table}', not of a person"
    return False, f"'{table}' is not a person table and does not belong to a person"


_LOGIN_NAME_WORDS = frozenset({"user", "username", "login", "account", "handle", "signin", "logon"})


def _name_without_login(c: Context) -> bool:
    """`nickname` on a person's record that nobody signs in with: what the person is called, not a login name."""
    from privacy_inventory.classify.names import match_name

    if set(c.tokens) & _LOGIN_NAME_WORDS or is_login_table(c.ctx.sibling_columns):
        return False  # `username`, `login_name`: a login name wherever the password is kept
    return any(r.category == "user.name" for r in match_name(c.ctx.column))


def _contact_ok(rule: NameRule, c: Context, org: str) -> tuple[bool, str]:
    """Contact details and places: not an organisation's, and an address only where people's addresses are."""
    toks, table = c.tokens, c.ctx.table
    if person_role_prefix(toks) is not None and not has_org_prefix(toks):
        return True, ""  # a policy holder's or guardian's detail is a person's, whatever table holds it
    if c.org_table and lifted_org_veto(c, rule.category) is None:
        return False, org
    own_bank = "bank" in toks and (rule.category or "").startswith("user.financial") and c.belongs
    if has_org_prefix(toks) and not c.person_table and not any(t in PLACE_PREFIXES for t in toks) and \
            account_at_org(c) is None and not own_bank:
        return False, "the name says it belongs to an organisation"
    if rule.category and rule.category.startswith("user.contact.address.") and not (
            c.person_table or c.owned or head_noun(table) in ("address", "location", "shipping", "billing")
            or any(t in PLACE_PREFIXES for t in toks) or _has_address_siblings(c)):
        return False, f"'{table}' is not about people"
    return True, ""


def _secret_ok(rule: NameRule, c: Context) -> tuple[bool, str]:
    """A credential is personal only when a person owns it and no system word names it."""
    toks, table = c.tokens, c.ctx.table
    if has_system_word(toks) or c.org_table:
        return False, "a system credential, not a person's"
    held = set(table_words(table)) & active().words("credential_table_words")
    if rule.scope == "secret_key" and not set(table_words(table)) & {"key", "token", "api", "credential"} and not held:
        return False, "a key of something other than a person's login"
    if not (c.person_table or c.owned or held or head_noun(table) in ("session", "token", "credential", "identity")):
        return False, f"'{table}' does not belong to a person"
    return True, ""


def _content_ok(c: Context, org: str) -> tuple[bool, str]:
    """Text written by people: content tables, notes on a person, text columns of a person's own rows."""
    toks, table = c.tokens, c.ctx.table
    if c.org_table:
        return False, org
    copied = copied_title(c)
    if copied is not None:
        return False, copied
    if c.content:
        return True, ""
    if c.owned and not c.person_table and toks[-1] not in DESCRIPTIVE_WORDS:
        return True, ""
    if c.owned and not c.person_table and about_someone(c):
        return True, ""  # the description of a reminder, a grievance, an activity with a contact
    if c.person_table and toks and toks[-1] in _PERSON_NOTE_WORDS:
        return True, ""
    if c.owned and not c.person_table and written_by_people(c):
        return True, ""  # the description of a person's own record, in sentences they wrote (values say so)
    return False, f"'{table}' is not text written by people"


def written_by_people(c: Context) -> bool:
    """Most sampled values are varied sentences (not titles, labels or a handful of stock phrases)."""
    texts = c.prepared.texts
    return bool(texts) and human_text_count(c.prepared) >= max(2, 0.6 * len(texts))


def _log_ok(rule: NameRule, c: Context) -> tuple[bool, str]:
    """Payments, searches, viewing and browsing: personal when the log is about a person."""
    toks = c.tokens
    words = set(table_words(c.ctx.table))
    if rule.scope == "payment":
        ok = bool(words & (PAYMENT_TABLES | PURCHASE_TABLES)) and (c.owned or c.person_table)
        return ok or money_of_a_person(c), "not a payment of a person"
    if rule.scope == "search":
        about_search = bool(words & SEARCH_TABLES) or "search" in toks
        ok = about_search and (c.person_table or c.owned) and not c.org_table
        return ok, "not a search log of a person" if about_search else "not a search log"
    if rule.scope == "media":
        return (bool(words & MEDIA_TABLES) or c.owned) and not c.org_table, "not a viewing log"
    if rule.scope == "browsing":
        return (bool(words & BROWSE_TABLES) or (c.owned and toks[-1:] in (("referrer",), ("referer",)))) \
            and not c.org_table, "not a browsing log"
    return False, "not personal"


_GENERIC_PEOPLE = frozenset({"user", "account", "login", "identity", "profile", "admin"})


def about_someone(c: Context) -> bool:
    """The rows are about someone in particular (an employee, a contact, a patient), not only typed in by a user."""
    record = c.ctx.record_of
    if len(record) > 1 and record[1] == "user" and len(c.ctx.table_subjects) <= 1:
        return False  # the one person is a login of the application (staff named `employees`): what they typed in
    return any(head_noun(t) not in _GENERIC_PEOPLE for t in c.ctx.table_subjects)


def money_of_a_person(c: Context) -> bool:
    """An amount in a record about one person (a claim, an advance, a debt): that person's finances.

    Only where the record is about someone in particular (it points at employees, contacts or patients, or the
    table is named like a person's record): rows pointing only at `users` are often typed in by a staff user."""
    from privacy_inventory.classify.contexts import record_context

    if not c.belongs or c.org_table or c.ctx.table_role != "content" or c.content:
        return False
    if record_context(c) is not None:
        return True
    return about_someone(c)


def financial_record(c: Context) -> bool:
    """A record of one person whose domain is their finances (an account holder's transactions, budgets, bills)."""
    from privacy_inventory.classify.contexts import record_context

    if len(c.ctx.record_of) < 3 or c.org_table:
        return False
    entry = record_context(c)
    return entry is not None and entry.category == "user.financial"


def _has_address_siblings(c: Context) -> bool:
    """Siblings such as city, postcode, street: the table holds addresses."""
    found = 0
    for sibling in c.ctx.sibling_columns:
        toks = tokenize(sibling)
        if toks and (toks[-1] in ("id", "ids") or toks[0] == "id"):
            continue  # `id_address_delivery`: a link to an address, not an address column
        if set(toks) & _ADDRESS_WORDS:
            found += 1
    return found >= 2

